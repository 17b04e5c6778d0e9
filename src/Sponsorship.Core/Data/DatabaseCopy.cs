using System.Linq.Expressions;
using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Sponsorship.Core.Ledger;

namespace Sponsorship.Core.Data;

/// <summary>One table's rows before and after a copy.</summary>
public sealed record TableCount(string Table, long Source, long Target)
{
    public bool Matches => Source == Target;
}

/// <summary>What <see cref="DatabaseCopy"/> did and what the checks afterwards found.</summary>
public sealed record DatabaseCopyReport(IReadOnlyList<TableCount> Tables, LedgerIntegrityReport Ledger)
{
    public bool Succeeded => Tables.All(t => t.Matches) && Ledger.IsIntact;
}

/// <summary>
/// Moves an installation from one database to another (SQLite to PostgreSQL): migrates the empty target, copies every
/// table of the model with its keys, parents before children, sets the target's identity sequences past the copied
/// keys, then compares the row counts and runs the ledger's integrity check on the target. Values go through EF on both
/// sides, so each provider's conversions apply (SQLite's instants as integers become <c>timestamptz</c>). The source is
/// only read; a target that already holds rows is refused.
/// </summary>
public static class DatabaseCopy
{
    private const int Batch = 2_000;

    private static readonly MethodInfo CopyTableMethod =
        typeof(DatabaseCopy).GetMethod(nameof(CopyTableAsync), BindingFlags.NonPublic | BindingFlags.Static)!;

    public static async Task<DatabaseCopyReport> CopyAsync(
        DbContextOptions<SponsorshipDbContext> from, DbContextOptions<SponsorshipDbContext> to, DateTimeOffset now,
        IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        await using (var target = new SponsorshipDbContext(to))
        {
            await target.Database.MigrateAsync(cancellationToken);
            foreach (var table in Tables(target.Model).Where(t => !IsStartState(t)))
            {
                if (await CountAsync(target, table, cancellationToken) > 0)
                {
                    throw new InvalidOperationException($"The target database already has rows in {table.GetTableName()}: copy into an empty database.");
                }
            }
        }

        await using (var source = new SponsorshipDbContext(from))
        {
            foreach (var table in Tables(source.Model).Where(t => !IsStartState(t)))
            {
                await using var target = new SponsorshipDbContext(to);
                var copied = await (Task<long>)CopyTableMethod.MakeGenericMethod(table.ClrType)
                    .Invoke(null, [source, target, table.Name, cancellationToken])!;
                progress?.Report($"{table.GetTableName()}: {copied} rows");
            }
        }

        await using (var target = new SponsorshipDbContext(to))
        {
            foreach (var table in Tables(target.Model))
            {
                if (ProviderSql.RestartIdentityAfterCopy(target.Database, table) is { } sql)
                {
                    await target.Database.ExecuteSqlRawAsync(sql, cancellationToken);
                }
            }
        }

        var counts = new List<TableCount>();
        await using (var source = new SponsorshipDbContext(from))
        await using (var target = new SponsorshipDbContext(to))
        {
            foreach (var table in Tables(source.Model))
            {
                counts.Add(new TableCount(table.GetTableName()!, await CountAsync(source, table, cancellationToken), await CountAsync(target, table, cancellationToken)));
            }

            return new DatabaseCopyReport(counts, await LedgerIntegrity.CheckAsync(target, now, cancellationToken));
        }
    }

    /// <summary>
    /// A table the migrations fill with its starting row, and which is not data of its own: the ledger's verified
    /// checkpoint. The copy keeps the target's starting row, so the copied ledger is first verified from its beginning.
    /// </summary>
    private static bool IsStartState(IEntityType table) => table.ClrType == typeof(LedgerCheckpoint);

    /// <summary>Every table of the model, each after the tables its foreign keys point to.</summary>
    public static IReadOnlyList<IEntityType> Tables(IModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var remaining = model.GetEntityTypes().Where(e => e.GetTableName() is not null && !e.IsOwned()).ToList();
        var ordered = new List<IEntityType>();
        while (remaining.Count > 0)
        {
            var ready = remaining
                .Where(e => e.GetForeignKeys().All(fk => fk.PrincipalEntityType == e || ordered.Contains(fk.PrincipalEntityType)))
                .OrderBy(e => e.GetTableName(), StringComparer.Ordinal)
                .ToList();
            if (ready.Count == 0)
            {
                throw new InvalidOperationException("The tables' foreign keys form a cycle: " + string.Join(", ", remaining.Select(e => e.GetTableName())));
            }

            ordered.AddRange(ready);
            remaining.RemoveAll(ready.Contains);
        }

        return ordered;
    }

    private static async Task<long> CountAsync(SponsorshipDbContext db, IEntityType table, CancellationToken cancellationToken) =>
        await (Task<long>)typeof(DatabaseCopy).GetMethod(nameof(CountRowsAsync), BindingFlags.NonPublic | BindingFlags.Static)!
            .MakeGenericMethod(table.ClrType).Invoke(null, [db, cancellationToken])!;

    private static Task<long> CountRowsAsync<T>(SponsorshipDbContext db, CancellationToken cancellationToken)
        where T : class => db.Set<T>().LongCountAsync(cancellationToken);

    /// <summary><c>SELECT every column FROM the table ORDER BY its key</c>, each row as an array of model values.</summary>
    private static IQueryable<object?[]> OrderedRows<T>(SponsorshipDbContext db, IReadOnlyList<IProperty> key, List<IProperty> properties)
        where T : class
    {
        var row = Expression.Parameter(typeof(T), "row");
        Expression Column(IProperty property) =>
            Expression.Call(typeof(EF), nameof(EF.Property), [property.ClrType], row, Expression.Constant(property.Name));
        IQueryable<T> query = db.Set<T>().AsNoTracking();
        for (var i = 0; i < key.Count; i++)
        {
            var order = Expression.Call(
                typeof(Queryable), i == 0 ? nameof(Queryable.OrderBy) : nameof(Queryable.ThenBy), [typeof(T), key[i].ClrType],
                query.Expression, Expression.Quote(Expression.Lambda(Column(key[i]), row)));
            query = query.Provider.CreateQuery<T>(order);
        }

        var values = Expression.NewArrayInit(typeof(object), properties.Select(p => Expression.Convert(Column(p), typeof(object))));
        return query.Select(Expression.Lambda<Func<T, object?[]>>(values, row));
    }

    /// <summary>
    /// Streams the table in key order and inserts it in batches. A row that points at a row of its own table not yet
    /// copied (a lamb's dam with a later id) is inserted without that link, which is set once the table is complete.
    /// </summary>
    private static async Task<long> CopyTableAsync<T>(
        SponsorshipDbContext source, SponsorshipDbContext target, string entityName, CancellationToken cancellationToken)
        where T : class
    {
        var type = source.Model.FindEntityType(entityName)!;
        var key = type.FindPrimaryKey()!.Properties;
        var properties = type.GetProperties().ToList();
        var selfLinks = type.GetForeignKeys().Where(fk => fk.PrincipalEntityType == type).SelectMany(fk => fk.Properties).ToList();
        var copiedKeys = new HashSet<string>(StringComparer.Ordinal);
        var laterLinks = new List<(object?[] Key, IProperty Property, object Value)>();
        long count = 0;
        var pending = new List<object?[]>();
        target.ChangeTracker.AutoDetectChangesEnabled = false;

        // Values rather than entities: shadow properties (foreign keys without a CLR property) come along too.
        await foreach (var values in OrderedRows<T>(source, key, properties).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            pending.Add(values);
            if (pending.Count == Batch)
            {
                count += await InsertAsync(target, type, properties, key, selfLinks, pending, copiedKeys, laterLinks, cancellationToken);
                pending.Clear();
            }
        }

        count += await InsertAsync(target, type, properties, key, selfLinks, pending, copiedKeys, laterLinks, cancellationToken);
        foreach (var (rowKey, property, value) in laterLinks)
        {
            var entry = target.Entry((await target.FindAsync(type.ClrType, rowKey, cancellationToken))!);
            entry.Property(property.Name).CurrentValue = value;
            entry.Property(property.Name).IsModified = true;
        }

        await target.SaveChangesAsync(cancellationToken);
        return count;
    }

    private static async Task<int> InsertAsync(
        SponsorshipDbContext target, IEntityType type, List<IProperty> properties, IReadOnlyList<IProperty> key,
        List<IProperty> selfLinks, List<object?[]> rows, HashSet<string> copiedKeys,
        List<(object?[] Key, IProperty Property, object Value)> laterLinks, CancellationToken cancellationToken)
    {
        foreach (var row in rows)
        {
            var values = (object?[])row.Clone();
            var rowKey = key.Select(k => values[properties.IndexOf((IProperty)k)]).ToArray();
            foreach (var link in selfLinks.Where(l => values[properties.IndexOf(l)] is not null))
            {
                var value = values[properties.IndexOf(link)]!;
                if (!copiedKeys.Contains(KeyText([value])))
                {
                    values[properties.IndexOf(link)] = null;
                    laterLinks.Add((rowKey, link, value));
                }
            }

            // CLR properties before the entity is tracked (so its key is the copied one), shadow ones once it is.
            var entry = target.Entry(Activator.CreateInstance(type.ClrType, nonPublic: true)!);
            for (var i = 0; i < properties.Count; i++)
            {
                if (!properties[i].IsShadowProperty())
                {
                    entry.Property(properties[i].Name).CurrentValue = values[i];
                }
            }

            entry.State = EntityState.Added;
            for (var i = 0; i < properties.Count; i++)
            {
                if (properties[i].IsShadowProperty())
                {
                    entry.Property(properties[i].Name).CurrentValue = values[i];
                }
            }

            if (selfLinks.Count > 0)
            {
                copiedKeys.Add(KeyText(rowKey));
            }
        }

        await target.SaveChangesAsync(cancellationToken);
        target.ChangeTracker.Clear();
        return rows.Count;
    }

    private static string KeyText(object?[] key) => string.Join("\u001f", key.Select(k => Convert.ToString(k, System.Globalization.CultureInfo.InvariantCulture)));
}
