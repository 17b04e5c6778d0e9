using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Sponsorship.Core.Data;

/// <summary>Chooses the provider and its migrations assembly; used by the app, the tests and the benchmarks alike.</summary>
public static class SponsorshipDatabase
{
    public const string SqliteMigrationsAssembly = "Sponsorship.Migrations.Sqlite";
    public const string SqlServerMigrationsAssembly = "Sponsorship.Migrations.SqlServer";

    public static DbContextOptionsBuilder Use(this DbContextOptionsBuilder options, DatabaseProvider provider, string connectionString) =>
        provider switch
        {
            DatabaseProvider.Sqlite => options.UseSqlite(connectionString, o => o.MigrationsAssembly(SqliteMigrationsAssembly))
                .AddInterceptors(Privacy.SqliteSecureDelete.Instance),
            DatabaseProvider.SqlServer => options.UseSqlServer(connectionString, o => o.MigrationsAssembly(SqlServerMigrationsAssembly)),
            _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, "Database:Provider must be Sqlite or SqlServer."),
        };

    /// <summary>The SQLite connection string for a file in the data folder, unless one is configured.</summary>
    public static string SqliteConnectionString(string dataDirectory, string? configured)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return configured;
        }

        return new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(dataDirectory, "sponsorship.db"),
            Cache = SqliteCacheMode.Default,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
    }
}
