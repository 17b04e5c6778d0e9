using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Data;
using Sponsorship.Core.Flock;
using Sponsorship.Core.Ledger;
using Sponsorship.Testing;

namespace Sponsorship.Core.Tests.Data;

/// <summary>The demo programme on SQLite, histories and photos included: the source of a move to PostgreSQL.</summary>
public sealed class DemoOnSqlite : TestDatabase
{
    public DemoOnSqlite()
        : base(DatabaseProvider.Sqlite)
    {
    }

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await SeedDemoAsync(withHistory: true);
    }
}

/// <summary>Moving an installation from SQLite to PostgreSQL (needs the server: tests/run.sh runs it in its PostgreSQL pass).</summary>
[Trait("Server", "PostgreSql")]
public class DatabaseCopyTests(DemoOnSqlite source) : IClassFixture<DemoOnSqlite>
{
    [Fact]
    public async Task The_demo_database_is_copied_to_PostgreSQL_with_every_row_and_an_intact_ledger()
    {
        Assert.True(PostgreSqlServer.ConnectionString is not null,
            $"This test needs PostgreSQL: run tests/run.sh, or set {PostgreSqlServer.Variable} to a server's connection string.");
        var target = PostgreSqlServer.NewDatabaseConnectionString();
        await PostgreSqlServer.CreateEmptyDatabaseAsync(target);
        try
        {
            var options = SponsorshipDatabase.Standalone(DatabaseProvider.PostgreSql, target);
            var report = await DatabaseCopy.CopyAsync(source.ContextOptions(), options, source.Clock.GetUtcNow());

            Assert.All(report.Tables, t => Assert.True(t.Matches, $"{t.Table}: {t.Source} rows, {t.Target} copied"));
            Assert.True(report.Ledger.IsIntact);
            Assert.True(report.Succeeded);
            Assert.True(Rows("Sheep") > 1_000);
            Assert.True(Rows("AnimalLogs") > 1_000);
            Assert.True(Rows("SheepPhotos") > 1_000);
            Assert.True(Rows("LedgerEntries") > 0);
            Assert.True(Rows("AspNetUsers") > 0);
            Assert.Equal(Rows("LedgerTransactions"), report.Ledger.Transactions);

            await using var from = await source.CreateDbContextAsync();
            await using var to = new SponsorshipDbContext(options);
            // The same rows, not just as many: adoptions with their instants, the sheep's tags, a user's password hash.
            Assert.Equal(await AdoptionsAsync(from), await AdoptionsAsync(to));
            Assert.Equal(
                await from.IdTags.OrderBy(t => t.Id).Select(t => t.SheepId + ":" + t.Value).ToListAsync(),
                await to.IdTags.OrderBy(t => t.Id).Select(t => t.SheepId + ":" + t.Value).ToListAsync());
            Assert.Equal(
                await from.Users.OrderBy(u => u.Id).Select(u => u.Email + u.PasswordHash).ToListAsync(),
                await to.Users.OrderBy(u => u.Id).Select(u => u.Email + u.PasswordHash).ToListAsync());

            // The ledger's verified checkpoint is not copied: the copy's ledger is verified again from its start.
            var checkpoint = await to.LedgerCheckpoints.SingleAsync();
            Assert.Equal((0L, LedgerHash.Genesis), (checkpoint.TransactionId, checkpoint.Hash));

            // New rows continue after the copied keys.
            var village = new Village { Name = "copy-check", NameLatin = "copy-check" };
            to.Villages.Add(village);
            await to.SaveChangesAsync();
            Assert.True(village.Id > await from.Villages.MaxAsync(v => v.Id));

            // A second copy into a database that holds data is refused before anything is written.
            var again = await Assert.ThrowsAsync<InvalidOperationException>(() => DatabaseCopy.CopyAsync(source.ContextOptions(), options, source.Clock.GetUtcNow()));
            Assert.Contains("empty database", again.Message, StringComparison.Ordinal);
            Assert.Equal(Rows("Sheep"), await to.Sheep.LongCountAsync());

            long Rows(string table) => report.Tables.Single(t => t.Table == table).Source;
        }
        finally
        {
            await PostgreSqlServer.DropDatabaseAsync(target);
        }
    }

    private static async Task<List<string>> AdoptionsAsync(SponsorshipDbContext db) =>
        (await db.Adoptions.OrderBy(a => a.Id).Select(a => new { a.Id, a.SheepId, a.Status, a.StartAt, a.EndAt, a.PriceFen }).ToListAsync())
            .ConvertAll(a => $"{a.Id} {a.SheepId} {a.Status} {a.StartAt?.UtcTicks} {a.EndAt?.UtcTicks} {a.PriceFen}");
}
