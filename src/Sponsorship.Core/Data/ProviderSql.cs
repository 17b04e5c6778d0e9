using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Sponsorship.Core.Data;

/// <summary>Raw SQL that differs between the providers, written once for each.</summary>
public static class ProviderSql
{
    /// <summary>
    /// Makes the current transaction the ledger's only writer until it ends, as SQLite's <c>BEGIN IMMEDIATE</c> does for
    /// every write. PostgreSQL: a table lock that conflicts with itself and with inserts but not with readers; unlike an
    /// advisory lock it takes no snapshot, so a serializable transaction that starts with it reads the tail its
    /// predecessor committed. SQL Server: an application lock owned by the transaction. Null on SQLite.
    /// </summary>
    public static string? LedgerWriteLock(DatabaseFacade database)
    {
        ArgumentNullException.ThrowIfNull(database);
        if (database.IsNpgsql())
        {
            return """LOCK TABLE "LedgerTransactions" IN SHARE ROW EXCLUSIVE MODE""";
        }

        return database.IsSqlServer()
            ? "EXEC sp_getapplock @Resource = N'ledger', @LockMode = N'Exclusive', @LockOwner = N'Transaction', @LockTimeout = -1"
            : null;
    }

    /// <summary>
    /// After rows were copied in with their keys, makes the table's generated keys continue after the largest one.
    /// PostgreSQL only (the copy's target); null for a table without a generated integer key.
    /// </summary>
    public static string? RestartIdentityAfterCopy(DatabaseFacade database, IEntityType table)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(table);
        if (!database.IsNpgsql() || table.FindPrimaryKey()?.Properties is not [{ ValueGenerated: ValueGenerated.OnAdd } key]
            || key.ClrType != typeof(int) && key.ClrType != typeof(long))
        {
            return null;
        }

        var name = table.GetTableName();
        var column = key.GetColumnName();
        return $"""SELECT setval(pg_get_serial_sequence('"{name}"', '{column}'), COALESCE((SELECT MAX("{column}") FROM "{name}"), 0) + 1, false)""";
    }
}
