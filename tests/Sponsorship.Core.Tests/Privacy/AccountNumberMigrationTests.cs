using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Sponsorship.Core.Data;
using Sponsorship.Core.Privacy;
using Sponsorship.Testing;

namespace Sponsorship.Core.Tests.Privacy;

/// <summary>
/// The PersonalInformation migration renames the columns that held account numbers in clear instead of dropping them:
/// what an older version stored lives through it and is encrypted by the upgrade the app runs at start. On the provider
/// the tests run on (SQLite, or PostgreSQL when a server is given).
/// </summary>
public sealed class AccountNumberMigrationTests : IAsyncLifetime
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "sponsorship-tests", Guid.NewGuid().ToString("N"));
    private readonly DatabaseProvider provider = PostgreSqlServer.ConnectionString is null ? DatabaseProvider.Sqlite : DatabaseProvider.PostgreSql;
    private string connectionString = "";

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(folder);
        if (provider == DatabaseProvider.PostgreSql)
        {
            connectionString = PostgreSqlServer.NewDatabaseConnectionString();
            await PostgreSqlServer.CreateEmptyDatabaseAsync(connectionString);
        }
        else
        {
            connectionString = new SqliteConnectionStringBuilder { DataSource = Path.Combine(folder, "older.db") }.ToString();
        }
    }

    public async Task DisposeAsync()
    {
        if (provider == DatabaseProvider.PostgreSql)
        {
            await PostgreSqlServer.DropDatabaseAsync(connectionString);
        }
        else
        {
            SqliteConnection.ClearAllPools();
        }

        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task Numbers_stored_in_clear_before_the_PersonalInformation_migration_survive_it_and_are_encrypted_at_start()
    {
        var options = SponsorshipDatabase.Standalone(provider, connectionString);
        await using (var db = new SponsorshipDbContext(options))
        {
            var migrations = db.Database.GetMigrations().ToList();
            var personalInformation = migrations.FindIndex(m => m.EndsWith("_PersonalInformation", StringComparison.Ordinal));
            Assert.True(personalInformation > 0);
            await db.GetService<IMigrator>().MigrateAsync(migrations[personalInformation - 1]);

            // What the older version wrote: a household's number, a change waiting for a second administrator, and a
            // payout line that froze the number, all in clear in the columns of that time.
            object at = provider == DatabaseProvider.Sqlite ? new DateTimeOffsetToBinaryConverter().ConvertToProvider(TestDatabase.Start)! : TestDatabase.Start;
            await db.Database.ExecuteSqlRawAsync("""INSERT INTO "Villages" ("Id", "Name", "NameLatin") VALUES (1, '边墙村', 'Bianqiang')""");
            await db.Database.ExecuteSqlRawAsync(
                """
                INSERT INTO "Households" ("Id", "VillageId", "HeadName", "HeadNameLatin", "Phone", "PayoutAccount", "PayoutAccountHolder", "PayoutBank", "Trusted")
                VALUES (1, 1, '巴特尔', 'Bater', '', '6228480011112222', '巴特尔', '农业银行', FALSE)
                """);
            await db.Database.ExecuteSqlRawAsync(
                """
                INSERT INTO "PayoutAccountChanges" ("HouseholdId", "Holder", "Bank", "Number", "Status", "RequestedByUserId", "RequestedAt")
                VALUES (1, '巴特尔', '农业银行', '6217000033334444', 0, 'admin', {0})
                """,
                at);
            await db.Database.ExecuteSqlRawAsync(
                """
                INSERT INTO "PayoutBatches" ("Id", "Reference", "PeriodEnd", "MinimumFen", "Status", "CreatedAt", "CreatedByUserId")
                VALUES (1, 'PB-OLD', {0}, 1, 0, {1}, 'admin')
                """,
                new DateOnly(2026, 11, 30), at);
            await db.Database.ExecuteSqlRawAsync(
                """
                INSERT INTO "PayoutLines" ("BatchId", "HouseholdId", "AmountFen", "Reference", "PayoutAccount", "PayoutAccountHolder", "PayoutBank", "Status")
                VALUES (1, 1, 300000, 'PL-OLD', '6228480011112222', '巴特尔', '农业银行', 0)
                """);
        }

        await using (var db = new SponsorshipDbContext(options))
        {
            await db.Database.MigrateAsync();
        }

        var numbers = AccountNumberProtector.FromBase64(AccountNumberProtector.NewKey(), "test key");
        Assert.Equal(3, await AccountNumberUpgrade.RunAsync(new OptionsFactory(options), numbers));

        await using var check = new SponsorshipDbContext(options);
        var household = await check.Households.SingleAsync();
        var change = await check.PayoutAccountChanges.SingleAsync();
        var line = await check.PayoutLines.SingleAsync();
        Assert.All([household.PayoutAccountEncrypted, change.NumberEncrypted, line.PayoutAccountEncrypted],
            stored => Assert.StartsWith(AccountNumberProtector.Prefix, stored, StringComparison.Ordinal));
        Assert.Equal(("6228480011112222", "2222"), (numbers.Reveal(household.PayoutAccountEncrypted), household.PayoutAccountLast4));
        Assert.Equal(("6217000033334444", "4444"), (numbers.Reveal(change.NumberEncrypted), change.NumberLast4));
        Assert.Equal(("6228480011112222", "2222"), (numbers.Reveal(line.PayoutAccountEncrypted), line.PayoutAccountLast4));
    }
}
