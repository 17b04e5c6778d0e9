using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Sponsorship.Core.Privacy;

/// <summary>
/// Turns on SQLite's <c>secure_delete</c> for every connection: what an update or delete frees is overwritten with zeros
/// instead of lingering in the file's free space, so a person's erased name or address cannot be read back from the
/// database file. (SQL Server and PostgreSQL reuse freed space on their own; their backups and logs age out by policy.)
/// </summary>
/// <remarks>
/// The setting lasts as long as the native connection, which the pool keeps across many opens: it is set once per
/// native handle, not on every open (a public page opens a connection two or three times).
/// </remarks>
public sealed class SqliteSecureDelete : DbConnectionInterceptor
{
    public static readonly SqliteSecureDelete Instance = new();

    private const string Pragma = "PRAGMA secure_delete = ON;";

    private static readonly ConditionalWeakTable<object, object> Done = [];

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (IsNew(connection))
        {
            using var command = connection.CreateCommand();
            command.CommandText = Pragma;
            command.ExecuteNonQuery();
            Remember(connection);
        }
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (IsNew(connection))
        {
            await using var command = connection.CreateCommand();
            command.CommandText = Pragma;
            await command.ExecuteNonQueryAsync(cancellationToken);
            Remember(connection);
        }
    }

    /// <summary>Whether this native connection has not had the setting yet.</summary>
    private static bool IsNew(DbConnection connection) =>
        connection is not SqliteConnection { Handle: { } handle } || !Done.TryGetValue(handle, out _);

    private static void Remember(DbConnection connection)
    {
        if (connection is SqliteConnection { Handle: { } handle })
        {
            Done.AddOrUpdate(handle, handle);
        }
    }
}
