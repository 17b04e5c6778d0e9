using System.Data.Common;
using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Sponsorship.Core.Data;

/// <summary>
/// Appends many new rows of one entity with multi-row <c>INSERT … VALUES (…), (…)</c> statements inside the context's
/// current transaction. EF Core sends one INSERT per row on SQLite (it reads each generated key back), which made a
/// 100,000-line bank statement cost 100,000 commands. Table, columns and each value's conversion come from the model
/// (every property's type mapping makes its parameter, the provider quotes the names), so the same code runs on SQLite,
/// PostgreSQL and SQL Server. Generated keys are not read back (callers find the rows again by a natural key), and the
/// rows never pass the change tracker, so the audit interceptor does not see them: a caller acting for a person writes
/// their trail with <see cref="AuditAddedAsync"/>, as the interceptor would have.
/// </summary>
public static class BulkInsert
{
    // SQL Server takes at most 2,100 parameters and 1,000 rows a statement.
    private const int MaxParameters = 2000;
    private const int MaxRows = 1000;

    // SQLite finds each named parameter by a walk over the statement's names, so binding costs the square of their
    // number: at 2,000 a statement the lines of a 100,000-line bank statement took 16.5 s to insert, at 200 about 5 s.
    private const int MaxSqliteParameters = 200;

    public static Task AppendAsync<T>(SponsorshipDbContext db, IReadOnlyCollection<T> rows, CancellationToken cancellationToken = default)
        where T : class => AppendAsync(db, rows, withKeys: false, cancellationToken);

    /// <summary>
    /// Appends the rows with their generated keys as set (the ledger's chain names the key before it); the caller then
    /// makes the provider's key generator continue after them.
    /// </summary>
    public static Task AppendWithKeysAsync<T>(SponsorshipDbContext db, IReadOnlyCollection<T> rows, CancellationToken cancellationToken = default)
        where T : class => AppendAsync(db, rows, withKeys: true, cancellationToken);

    private static async Task AppendAsync<T>(SponsorshipDbContext db, IReadOnlyCollection<T> rows, bool withKeys, CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(rows);
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("A bulk insert runs inside the transaction of the change it belongs to.");
        var entityType = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not in the model.");
        var table = StoreObjectIdentifier.Table(entityType.GetTableName()!, entityType.GetSchema());
        var columns = entityType.GetProperties().Where(p => withKeys || !(p.IsPrimaryKey() && p.ValueGenerated == ValueGenerated.OnAdd)).ToList();
        if (columns.Any(c => c.IsShadowProperty()))
        {
            throw new NotSupportedException($"{typeof(T).Name} has shadow properties, which a bulk insert cannot read.");
        }

        var sql = db.GetService<ISqlGenerationHelper>();
        var head = $"INSERT INTO {sql.DelimitIdentifier(table.Name, table.Schema)} ({string.Join(", ", columns.Select(c => sql.DelimitIdentifier(c.GetColumnName(table)!)))}) VALUES ";
        var mappings = columns.Select(c => (Column: c, Mapping: (RelationalTypeMapping)c.GetRelationalTypeMapping(), Read: c.GetGetter())).ToList();
        var perCommand = Math.Clamp((db.Database.IsSqlite() ? MaxSqliteParameters : MaxParameters) / columns.Count, 1, MaxRows);
        foreach (var chunk in rows.Chunk(perCommand))
        {
            await using var command = transaction.Connection!.CreateCommand();
            command.Transaction = transaction;
            command.CommandTimeout = db.Database.GetCommandTimeout() ?? command.CommandTimeout;
            var text = new StringBuilder(head);
            var n = 0;
            for (var r = 0; r < chunk.Length; r++)
            {
                text.Append(r == 0 ? "(" : ", (");
                for (var c = 0; c < mappings.Count; c++)
                {
                    var name = "b" + (n++).ToString(CultureInfo.InvariantCulture);
                    var (column, mapping, read) = mappings[c];
                    command.Parameters.Add(mapping.CreateParameter(command, sql.GenerateParameterName(name), read.GetClrValue(chunk[r]), column.IsNullable));
                    text.Append(c == 0 ? "" : ", ").Append(sql.GenerateParameterNamePlaceholder(name));
                }

                text.Append(')');
            }

            command.CommandText = text.ToString();
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>
    /// The audit trail of rows added by <see cref="AppendAsync"/> for <paramref name="userId"/>: one "Added" entry per key,
    /// naming the same fields the audit interceptor names for an added row.
    /// </summary>
    public static Task AuditAddedAsync<T>(SponsorshipDbContext db, string userId, DateTimeOffset at, IEnumerable<object> keys, CancellationToken cancellationToken = default)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(keys);
        var fields = AuditInterceptor.AddedFields(db.Model.FindEntityType(typeof(T))!);
        var entries = keys.Select(key => new AuditEntry
        {
            At = at, UserId = userId, Entity = typeof(T).Name, Key = Convert.ToString(key, CultureInfo.InvariantCulture) ?? "?",
            Action = AuditAction.Added, ChangedFields = fields,
        }).ToList();
        return AppendAsync(db, entries, cancellationToken);
    }
}
