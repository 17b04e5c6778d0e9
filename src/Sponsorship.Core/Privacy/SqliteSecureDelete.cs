using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Sponsorship.Core.Privacy;

/// <summary>
/// Turns on SQLite's <c>secure_delete</c> for every connection: what an update or delete frees is overwritten with zeros
/// instead of lingering in the file's free space, so a person's erased name or address cannot be read back from the
/// database file. (SQL Server and PostgreSQL reuse freed space on their own; their backups and logs age out by policy.)
/// </summary>
public sealed class SqliteSecureDelete : DbConnectionInterceptor
{
    public static readonly SqliteSecureDelete Instance = new();

    private const string Pragma = "PRAGMA secure_delete = ON;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        ArgumentNullException.ThrowIfNull(connection);
        using var command = connection.CreateCommand();
        command.CommandText = Pragma;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        await using var command = connection.CreateCommand();
        command.CommandText = Pragma;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
