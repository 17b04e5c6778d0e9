using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Sponsorship.Core.Identity;

namespace Sponsorship.Core.Data;

/// <summary>Chooses the provider and its migrations assembly; used by the app, the tests and the benchmarks alike.</summary>
public static class SponsorshipDatabase
{
    public const string SqliteMigrationsAssembly = "Sponsorship.Migrations.Sqlite";
    public const string SqlServerMigrationsAssembly = "Sponsorship.Migrations.SqlServer";
    public const string PostgreSqlMigrationsAssembly = "Sponsorship.Migrations.PostgreSql";

    public static DbContextOptionsBuilder Use(this DbContextOptionsBuilder options, DatabaseProvider provider, string connectionString) =>
        provider switch
        {
            DatabaseProvider.Sqlite => options.UseSqlite(connectionString, o => o.MigrationsAssembly(SqliteMigrationsAssembly))
                .AddInterceptors(Privacy.SqliteSecureDelete.Instance),
            DatabaseProvider.SqlServer => options.UseSqlServer(connectionString, o => o.MigrationsAssembly(SqlServerMigrationsAssembly)),
            DatabaseProvider.PostgreSql => options.UseNpgsql(connectionString, o => o.MigrationsAssembly(PostgreSqlMigrationsAssembly)),
            _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, "Database:Provider must be Sqlite, PostgreSql or SqlServer."),
        };

    /// <summary>
    /// What a context made outside the app needs to build the app's model (design-time factories, the copy and restore
    /// commands, tests): Identity's store settings shape its tables (<see cref="IdentitySettings"/>), and Identity reads
    /// them from the application's services.
    /// </summary>
    private static readonly Lazy<IServiceProvider> StandaloneServices = new(() =>
        new ServiceCollection().Configure<IdentityOptions>(IdentitySettings.Apply).BuildServiceProvider());

    /// <summary>Options for a context made outside the app, with the same model as the app's.</summary>
    public static DbContextOptions<SponsorshipDbContext> Standalone(DatabaseProvider provider, string connectionString)
    {
        var options = new DbContextOptionsBuilder<SponsorshipDbContext>();
        options.Use(provider, connectionString).UseApplicationServiceProvider(StandaloneServices.Value);
        return options.Options;
    }

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
