using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.SqlServer.TransactSql.ScriptDom;
using Sponsorship.Core.Data;
using Sponsorship.Core.Identity;

namespace Sponsorship.Core.Tests.Data;

/// <summary>
/// The three migration sets match the model and each other, and the SQL Server one is valid T-SQL even though no server
/// runs here (the PostgreSQL set is run for real by every test database when the tests run on PostgreSQL).
/// </summary>
public class MigrationTests : IDisposable
{
    private const string SqlServerConnectionString = "Server=localhost;Database=Sponsorship;Trusted_Connection=True;TrustServerCertificate=True";
    private const string PostgreSqlConnectionString = "Host=localhost;Database=sponsorship;Username=sponsorship";

    private readonly string folder = Path.Combine(Path.GetTempPath(), "sponsorship-tests", Guid.NewGuid().ToString("N"));

    public MigrationTests() => Directory.CreateDirectory(folder);

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.SqlServer)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public void Migrations_match_the_model(DatabaseProvider provider)
    {
        using var db = Create(provider);

        Assert.False(db.Database.HasPendingModelChanges(), $"The {provider} migrations do not match the model: add a migration to all three sets.");
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.SqlServer)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public void The_model_the_app_builds_with_its_Identity_services_matches_the_migrations(DatabaseProvider provider)
    {
        // Identity's store settings (schema version) shape its tables and are read from the app's services: a design-time
        // model without them once differed from the app's, which then refused to start on PostgreSQL.
        var services = new ServiceCollection();
        services.AddIdentityCore<ApplicationUser>(IdentitySettings.Apply).AddRoles<IdentityRole>().AddEntityFrameworkStores<SponsorshipDbContext>();
        services.AddDbContextFactory<SponsorshipDbContext>(o => o.Use(provider, provider == DatabaseProvider.Sqlite
            ? new SqliteConnectionStringBuilder { DataSource = Path.Combine(folder, "app.db") }.ToString()
            : provider == DatabaseProvider.PostgreSql ? PostgreSqlConnectionString : SqlServerConnectionString));
        using var app = services.BuildServiceProvider();
        using var db = app.GetRequiredService<IDbContextFactory<SponsorshipDbContext>>().CreateDbContext();

        Assert.False(db.Database.HasPendingModelChanges(), $"The app's {provider} model differs from its migrations.");
    }

    [Fact]
    public void The_three_migration_sets_have_the_same_migrations()
    {
        using var sqlite = Create(DatabaseProvider.Sqlite);
        using var sqlServer = Create(DatabaseProvider.SqlServer);
        using var postgreSql = Create(DatabaseProvider.PostgreSql);

        var sqliteNames = sqlite.Database.GetMigrations().Select(Name).ToList();
        var sqlServerNames = sqlServer.Database.GetMigrations().Select(Name).ToList();
        var postgreSqlNames = postgreSql.Database.GetMigrations().Select(Name).ToList();

        Assert.NotEmpty(sqliteNames);
        Assert.Equal(sqliteNames, sqlServerNames);
        Assert.Equal(sqliteNames, postgreSqlNames);

        // "20261129141922_Initial" -> "Initial": the timestamps differ by the seconds between the two `migrations add`.
        static string Name(string id) => id[(id.IndexOf('_', StringComparison.Ordinal) + 1)..];
    }

    [Theory]
    [InlineData(160)]
    [InlineData(170)]
    public void The_SQL_Server_idempotent_script_is_valid_T_SQL(int version)
    {
        using var db = Create(DatabaseProvider.SqlServer);
        var script = db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);
        TSqlParser parser = version switch
        {
            160 => new TSql160Parser(initialQuotedIdentifiers: true),
            _ => new TSql170Parser(initialQuotedIdentifiers: true),
        };

        using var reader = new StringReader(script);
        var fragment = parser.Parse(reader, out var errors);

        Assert.Empty(errors.Select(e => $"line {e.Line}, column {e.Column}: {e.Message}"));
        Assert.Contains("CREATE TABLE [Sheep]", script, StringComparison.Ordinal);
        Assert.Contains("CREATE UNIQUE INDEX [IX_IdTags_Type_Value]", script, StringComparison.Ordinal);

        // The parsed script creates every table of the model, not just some text that happens to parse.
        var created = new CreatedTables();
        fragment.Accept(created);
        var expected = db.Model.GetEntityTypes().Select(e => e.GetTableName()).OfType<string>().Append("__EFMigrationsHistory");
        Assert.Equal(expected.Distinct().Order(StringComparer.Ordinal), created.Names.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_PostgreSQL_script_quotes_the_filtered_index_and_keeps_instants_as_timestamptz()
    {
        using var db = Create(DatabaseProvider.PostgreSql);
        var script = db.GetService<IMigrator>().GenerateScript();

        Assert.Contains("""CREATE UNIQUE INDEX "IX_Adoptions_SheepId_PendingOrActive" ON "Adoptions" ("SheepId") WHERE "Status" IN (0, 1);""", script, StringComparison.Ordinal);
        Assert.DoesNotContain("[Status]", script, StringComparison.Ordinal);
        Assert.Contains("\"CreatedAt\" timestamp with time zone NOT NULL", script, StringComparison.Ordinal);
    }

    private sealed class CreatedTables : TSqlFragmentVisitor
    {
        public List<string> Names { get; } = [];

        public override void Visit(CreateTableStatement node) => Names.Add(node.SchemaObjectName.BaseIdentifier.Value);
    }

    [Fact]
    public async Task Migrating_a_fresh_SQLite_file_creates_every_table_and_leaves_nothing_pending()
    {
        await using var db = Create(DatabaseProvider.Sqlite);

        Assert.NotEmpty(await db.Database.GetPendingMigrationsAsync());
        await db.Database.MigrateAsync();

        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync());

        var expected = db.Model.GetEntityTypes().Select(e => e.GetTableName()).OfType<string>().ToHashSet();
        var tables = await db.Database
            .SqlQueryRaw<string>("SELECT name AS Value FROM sqlite_master WHERE type = 'table'")
            .ToListAsync();
        Assert.Contains("Sheep", expected);
        Assert.Contains("AuditEntries", expected);
        Assert.Empty(expected.Except(tables));

        // The tables are usable, not just present.
        Assert.Equal(0, await db.Sheep.CountAsync());
        Assert.Equal(0, await db.AuditEntries.CountAsync());
    }

    [Fact]
    public async Task Migrating_a_fresh_SQLite_file_keeps_every_column_the_model_maps()
    {
        // SQLite rebuilds a table to alter it, from the model the migration was generated against: a migration made on a
        // branch that had not yet seen another branch's new columns once dropped them (Payments.Channel) on every fresh file.
        await using var db = Create(DatabaseProvider.Sqlite);
        await db.Database.MigrateAsync();

        var missing = new List<string>();
        foreach (var entity in db.Model.GetEntityTypes())
        {
            if (entity.GetTableName() is not { } table)
            {
                continue;
            }

            var store = StoreObjectIdentifier.Table(table, entity.GetSchema());
            var columns = (await db.Database
                .SqlQuery<string>($"SELECT name AS Value FROM pragma_table_info({table})")
                .ToListAsync()).ToHashSet(StringComparer.Ordinal);
            missing.AddRange(entity.GetProperties()
                .Select(p => p.GetColumnName(store))
                .OfType<string>()
                .Where(column => !columns.Contains(column))
                .Select(column => $"{table}.{column}"));
        }

        Assert.Contains("Payments", db.Model.GetEntityTypes().Select(e => e.GetTableName()));
        Assert.Empty(missing.Distinct());
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
        GC.SuppressFinalize(this);
    }

    private SponsorshipDbContext Create(DatabaseProvider provider)
    {
        var connectionString = provider switch
        {
            DatabaseProvider.Sqlite => new SqliteConnectionStringBuilder { DataSource = Path.Combine(folder, "migrations.db") }.ToString(),
            DatabaseProvider.PostgreSql => PostgreSqlConnectionString,
            _ => SqlServerConnectionString,
        };
        return new SponsorshipDbContext(SponsorshipDatabase.Standalone(provider, connectionString));
    }
}
