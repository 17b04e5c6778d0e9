using Microsoft.EntityFrameworkCore;
using Npgsql;
using Sponsorship.Core.Data;

namespace Sponsorship.Testing;

/// <summary>
/// The PostgreSQL server the tests run against when <see cref="Variable"/> holds a connection string to it (a user who
/// may create databases; <c>tests/run.sh</c> starts a throwaway cluster and sets it). Every test database is a copy of
/// one template that the real PostgreSQL migrations built once for this build of the code.
/// </summary>
public static class PostgreSqlServer
{
    public const string Variable = "SPONSORSHIP_TEST_POSTGRESQL";

    private static readonly SemaphoreSlim TemplateGate = new(1, 1);
    private static string? template;

    /// <summary>The server's connection string, or null when the tests run on SQLite.</summary>
    public static string? ConnectionString { get; } =
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value ? value : null;

    public static string NewDatabaseConnectionString() =>
        new NpgsqlConnectionStringBuilder(Server()) { Database = "sponsorship_test_" + Guid.NewGuid().ToString("N") }.ToString();

    public static async Task CreateMigratedDatabaseAsync(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database!;
        var source = await TemplateAsync();
        await ExecuteAsync($"CREATE DATABASE \"{name}\" TEMPLATE \"{source}\"");
    }

    /// <summary>An empty database (no tables), as an operator creates one for the app to migrate.</summary>
    public static Task CreateEmptyDatabaseAsync(string connectionString) =>
        ExecuteAsync($"CREATE DATABASE \"{new NpgsqlConnectionStringBuilder(connectionString).Database}\"");

    public static async Task DropDatabaseAsync(string connectionString)
    {
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            NpgsqlConnection.ClearPool(connection);
        }

        await ExecuteAsync($"DROP DATABASE IF EXISTS \"{new NpgsqlConnectionStringBuilder(connectionString).Database}\" WITH (FORCE)");
    }

    private static async Task<string> TemplateAsync()
    {
        await TemplateGate.WaitAsync();
        try
        {
            if (template is not null)
            {
                return template;
            }

            // Named after this build of the model and its migrations, so a server kept between runs is reused safely.
            var build = typeof(SponsorshipDbContext).Assembly.ManifestModule.ModuleVersionId.ToString("N")[..12]
                + typeof(Migrations.PostgreSql.DesignTimeFactory).Assembly.ManifestModule.ModuleVersionId.ToString("N")[..12];
            var name = "sponsorship_template_" + build;
            await using var server = new NpgsqlConnection(Server());
            await server.OpenAsync();
            await using var exists = new NpgsqlCommand("SELECT count(*) FROM pg_database WHERE datname = @name", server);
            exists.Parameters.AddWithValue("name", name);
            if ((long)(await exists.ExecuteScalarAsync())! == 0)
            {
                // Migrated under another name and renamed when complete: a run that died half-way leaves no half template.
                var building = new NpgsqlConnectionStringBuilder(Server()) { Database = name + "_" + Guid.NewGuid().ToString("N")[..8] }.ToString();
                await using (var db = new SponsorshipDbContext(SponsorshipDatabase.Standalone(DatabaseProvider.PostgreSql, building)))
                {
                    await db.Database.MigrateAsync();
                }

                await using (var connection = new NpgsqlConnection(building))
                {
                    NpgsqlConnection.ClearPool(connection);
                }

                await ExecuteAsync($"ALTER DATABASE \"{new NpgsqlConnectionStringBuilder(building).Database}\" RENAME TO \"{name}\"");
            }

            return template = name;
        }
        finally
        {
            TemplateGate.Release();
        }
    }

    private static async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(Server());
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static string Server() =>
        ConnectionString ?? throw new InvalidOperationException($"Set {Variable} to a PostgreSQL connection string (tests/run.sh does).");
}
