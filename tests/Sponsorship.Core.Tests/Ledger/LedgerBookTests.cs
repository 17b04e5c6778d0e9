using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Sponsorship.Core.Data;
using Sponsorship.Core.Ledger;

namespace Sponsorship.Core.Tests.Ledger;

public class LedgerBookTests : IClassFixture<TestDatabase>
{
    private readonly TestDatabase database;

    public LedgerBookTests(TestDatabase database) => this.database = database;

    private static LedgerPosting Move(string key, string from, string to, long fen) =>
        new(key, "test", key, [new(from, -fen), new(to, fen)]);

    [Fact]
    public async Task Postings_in_one_context_and_across_contexts_form_one_intact_chain()
    {
        var at = TestDatabase.Start;
        await using (var db = await database.CreateDbContextAsync())
        {
            Assert.True(await LedgerBook.PostAsync(db, Move("chain:1", LedgerAccounts.PspClearing, LedgerAccounts.AdoptionDeferred(9001), 1000), at));
            Assert.True(await LedgerBook.PostAsync(db, Move("chain:2", LedgerAccounts.AdoptionDeferred(9001), LedgerAccounts.HerderPayable(9001), 400), at));
            Assert.False(await LedgerBook.PostAsync(db, Move("chain:2", LedgerAccounts.AdoptionDeferred(9001), LedgerAccounts.HerderPayable(9001), 400), at));
            await db.SaveChangesAsync();
        }

        await using (var db = await database.CreateDbContextAsync())
        {
            Assert.False(await LedgerBook.PostAsync(db, Move("chain:1", LedgerAccounts.PspClearing, LedgerAccounts.AdoptionDeferred(9001), 1000), at));
            Assert.True(await LedgerBook.PostAsync(db, Move("chain:3", LedgerAccounts.HerderPayable(9001), LedgerAccounts.HerderInTransit(9001), 100), at));
            await db.SaveChangesAsync();
        }

        await using (var db = await database.CreateDbContextAsync())
        {
            var chain = await db.LedgerTransactions.OrderBy(t => t.Id).Select(t => new { t.Id, t.PreviousId }).ToListAsync();
            for (var i = 1; i < chain.Count; i++)
            {
                Assert.Equal(chain[i - 1].Id, chain[i].PreviousId);
            }

            Assert.Null(chain[0].PreviousId);
            var report = await LedgerIntegrity.CheckAsync(db, at);
            Assert.True(report.IsIntact, string.Join(", ", report.BalanceMismatches));
            Assert.Equal(600, await LedgerBook.BalanceAsync(db, LedgerAccounts.AdoptionDeferred(9001)));
            Assert.Equal(300, await LedgerBook.BalanceAsync(db, LedgerAccounts.HerderPayable(9001)));
        }
    }

    [Fact]
    public async Task A_posting_that_would_make_a_payable_negative_is_refused_and_changes_nothing()
    {
        await using var db = await database.CreateDbContextAsync();
        var payable = LedgerAccounts.HerderPayable(9002);
        await LedgerBook.PostAsync(db, Move("neg:1", LedgerAccounts.PlatformFees, payable, 50), TestDatabase.Start);
        var refused = await Assert.ThrowsAsync<LedgerRefusedException>(() =>
            LedgerBook.PostAsync(db, Move("neg:2", payable, LedgerAccounts.World, 51), TestDatabase.Start));
        Assert.Equal(payable, refused.Account);
        Assert.Equal(50, await LedgerBook.BalanceAsync(db, payable));
        await Assert.ThrowsAsync<LedgerRefusedException>(() =>
            LedgerBook.PostAsync(db, Move("neg:3", LedgerAccounts.SponsorCredit("someone"), LedgerAccounts.PspClearing, 1), TestDatabase.Start));
        await db.SaveChangesAsync();
        Assert.False(await db.LedgerTransactions.AnyAsync(t => t.IdempotencyKey == "neg:2" || t.IdempotencyKey == "neg:3"));
    }

    [Fact]
    public async Task A_posting_at_a_time_finer_than_SQLite_stores_still_hashes_to_what_is_read_back()
    {
        await using (var db = await database.CreateDbContextAsync())
        {
            await LedgerBook.PostAsync(db, Move("precise:1", LedgerAccounts.PspClearing, LedgerAccounts.PlatformFees, 5),
                TestDatabase.Start.AddTicks(1_234_567).ToOffset(TimeSpan.FromHours(8)));
            await db.SaveChangesAsync();
        }

        await using var check = await database.CreateDbContextAsync();
        Assert.True((await LedgerIntegrity.CheckAsync(check, TestDatabase.Start)).ChainIntact);
    }

    [Fact]
    public async Task An_unbalanced_posting_throws()
    {
        await using var db = await database.CreateDbContextAsync();
        await Assert.ThrowsAsync<InvalidOperationException>(() => LedgerBook.PostAsync(db,
            new LedgerPosting("bad", "test", "", [new(LedgerAccounts.World, 5), new(LedgerAccounts.PlatformFees, -4)]), TestDatabase.Start));
    }

    [Fact]
    public async Task A_reversal_negates_every_entry_once_and_is_refused_when_the_money_has_moved_on()
    {
        var payable = LedgerAccounts.HerderPayable(9003);
        await using (var db = await database.CreateDbContextAsync())
        {
            await LedgerBook.PostAsync(db, Move("rev:1", LedgerAccounts.PlatformFees, payable, 70), TestDatabase.Start);
            await LedgerBook.PostAsync(db, Move("rev:2", LedgerAccounts.PlatformFees, payable, 30), TestDatabase.Start);
            await db.SaveChangesAsync();
        }

        await using (var db = await database.CreateDbContextAsync())
        {
            Assert.True(await LedgerBook.ReverseAsync(db, "rev:1", "entered twice", TestDatabase.Start));
            Assert.False(await LedgerBook.ReverseAsync(db, "rev:1", "entered twice", TestDatabase.Start));
            Assert.False(await LedgerBook.ReverseAsync(db, "no-such-key", "", TestDatabase.Start));
            await db.SaveChangesAsync();
        }

        await using (var db = await database.CreateDbContextAsync())
        {
            Assert.Equal(30, await LedgerBook.BalanceAsync(db, payable));
            await LedgerBook.PostAsync(db, Move("rev:3", payable, LedgerAccounts.HerderInTransit(9003), 30), TestDatabase.Start);
            await db.SaveChangesAsync();
            await Assert.ThrowsAsync<LedgerRefusedException>(() => LedgerBook.ReverseAsync(db, "rev:2", "too late", TestDatabase.Start));
        }
    }

    [Fact]
    public async Task The_integrity_check_finds_a_changed_amount_and_a_changed_balance()
    {
        var database2 = new TestDatabase();
        await database2.InitializeAsync();
        try
        {
            await using (var db = await database2.CreateDbContextAsync())
            {
                for (var i = 0; i < 5; i++)
                {
                    await LedgerBook.PostAsync(db, Move($"t:{i}", LedgerAccounts.PspClearing, LedgerAccounts.PlatformFees, 10 + i), TestDatabase.Start);
                }

                await db.SaveChangesAsync();
                Assert.True((await LedgerIntegrity.CheckAsync(db, TestDatabase.Start)).IsIntact);
                var third = await db.LedgerTransactions.Where(t => t.IdempotencyKey == "t:2").Select(t => t.Id).SingleAsync();
                await db.Database.ExecuteSqlAsync($"UPDATE \"LedgerEntries\" SET \"AmountFen\" = \"AmountFen\" + 1 WHERE \"TransactionId\" = {third} AND \"AmountFen\" > 0");
                await db.Database.ExecuteSqlAsync($"UPDATE \"LedgerEntries\" SET \"AmountFen\" = \"AmountFen\" - 1 WHERE \"TransactionId\" = {third} AND \"AmountFen\" < 0");
                var report = await LedgerIntegrity.CheckAsync(db, TestDatabase.Start);
                Assert.False(report.ChainIntact);
                Assert.Equal(third, report.FirstBrokenTransactionId);
                Assert.Equal(2, report.BalanceMismatches.Count);

                await db.Database.ExecuteSqlRawAsync("""UPDATE "LedgerEntries" SET "AmountFen" = "AmountFen" + 5 WHERE "Id" = (SELECT MIN("Id") FROM "LedgerEntries")""");
                report = await LedgerIntegrity.CheckAsync(db, TestDatabase.Start);
                Assert.Equal(5, report.GlobalSumFen);
                Assert.NotEmpty(report.UnbalancedTransactionIds);
            }
        }
        finally
        {
            await database2.DisposeAsync();
        }
    }

    [Fact]
    public async Task Concurrent_writers_through_LedgerWrites_all_land_on_one_chain()
    {
        var clearingBefore = await BalanceAsync(LedgerAccounts.PspClearing);

        var race = await Race.RunAsync(12, i => LedgerWrites.RunAsync(database.DbFactory, async db =>
            await LedgerBook.PostAsync(db, Move($"par:{i}", LedgerAccounts.PspClearing, LedgerAccounts.AdoptionDeferred(9100 + (i % 3)), 100), TestDatabase.Start)));

        Assert.All(race.Results, Assert.True);
        Assert.Equal(12, race.ReachedWrite);
        await using var db = await database.CreateDbContextAsync();
        var report = await LedgerIntegrity.CheckAsync(db, TestDatabase.Start);
        Assert.True(report.IsIntact, $"chain broken at {report.FirstBrokenTransactionId}; mismatches: {string.Join(", ", report.BalanceMismatches)}");
        var raced = await db.LedgerTransactions.Where(t => t.IdempotencyKey.StartsWith("par:")).Select(t => t.PreviousId).ToListAsync();
        Assert.Equal(12, raced.Count);
        Assert.Equal(12, raced.Distinct().Count());
        foreach (var account in new[] { 9100, 9101, 9102 })
        {
            Assert.Equal(400, await LedgerBook.BalanceAsync(db, LedgerAccounts.AdoptionDeferred(account)));
        }

        Assert.Equal(clearingBefore - 1_200, await LedgerBook.BalanceAsync(db, LedgerAccounts.PspClearing));
    }

    [Fact]
    public async Task A_save_that_finds_the_chains_tail_taken_by_another_writer_is_run_again_and_posts_exactly_once()
    {
        await PostAsync(Move("retry:setup:1", LedgerAccounts.PspClearing, LedgerAccounts.PlatformFees, 1));
        await PostAsync(Move("retry:setup:2", LedgerAccounts.PspClearing, LedgerAccounts.PlatformFees, 1));
        var taken = new ChainTailTaken(saves: 1);
        var attempts = 0;

        var posted = await LedgerWrites.RunAsync(database.FactoryWith(taken), async db =>
        {
            attempts++;
            return await LedgerBook.PostAsync(db, Move("retry:once", LedgerAccounts.PspClearing, LedgerAccounts.AdoptionDeferred(9200), 250), TestDatabase.Start);
        });

        Assert.True(posted);
        Assert.Equal((2, 1, 1), (attempts, taken.Taken, taken.Refused));
        await using var db = await database.CreateDbContextAsync();
        Assert.Equal(1, await db.LedgerTransactions.CountAsync(t => t.IdempotencyKey == "retry:once"));
        Assert.Equal(250, await LedgerBook.BalanceAsync(db, LedgerAccounts.AdoptionDeferred(9200)));
        Assert.True((await LedgerIntegrity.CheckAsync(db, TestDatabase.Start)).IsIntact);
    }

    [Fact]
    public async Task A_save_that_conflicts_on_every_attempt_fails_after_the_last_attempt_and_leaves_nothing_behind()
    {
        await PostAsync(Move("giveup:setup:1", LedgerAccounts.PspClearing, LedgerAccounts.PlatformFees, 1));
        await PostAsync(Move("giveup:setup:2", LedgerAccounts.PspClearing, LedgerAccounts.PlatformFees, 1));
        var clearingBefore = await BalanceAsync(LedgerAccounts.PspClearing);
        var taken = new ChainTailTaken(saves: int.MaxValue);
        var attempts = 0;

        await Assert.ThrowsAsync<DbUpdateException>(() => LedgerWrites.RunAsync(database.FactoryWith(taken), async db =>
        {
            attempts++;
            return await LedgerBook.PostAsync(db, Move("giveup:1", LedgerAccounts.PspClearing, LedgerAccounts.AdoptionDeferred(9300), 250), TestDatabase.Start);
        }));

        Assert.Equal((Contention.MaxAttempts, Contention.MaxAttempts), (attempts, taken.Refused));
        await using var db = await database.CreateDbContextAsync();
        Assert.False(await db.LedgerTransactions.AnyAsync(t => t.IdempotencyKey == "giveup:1"));
        Assert.False(await db.LedgerAccounts.AnyAsync(a => a.Code == LedgerAccounts.AdoptionDeferred(9300)));
        Assert.Equal(clearingBefore, await LedgerBook.BalanceAsync(db, LedgerAccounts.PspClearing));
        Assert.True((await LedgerIntegrity.CheckAsync(db, TestDatabase.Start)).IsIntact);

        // The database is not left locked or half-written: the next writer posts at once.
        Assert.True(await LedgerWrites.RunAsync(database.DbFactory, async next =>
            await LedgerBook.PostAsync(next, Move("giveup:after", LedgerAccounts.PspClearing, LedgerAccounts.AdoptionDeferred(9300), 250), TestDatabase.Start)));
    }

    private async Task PostAsync(LedgerPosting posting) =>
        await LedgerWrites.RunAsync(database.DbFactory, async db => await LedgerBook.PostAsync(db, posting, TestDatabase.Start));

    private async Task<long> BalanceAsync(string code)
    {
        await using var db = await database.CreateDbContextAsync();
        return await LedgerBook.BalanceAsync(db, code);
    }

    /// <summary>
    /// Does to the first <c>saves</c> saves what a concurrent writer would: the new transaction names as its predecessor
    /// one that another transaction already follows, so the database's unique index on PreviousId refuses the save.
    /// </summary>
    private sealed class ChainTailTaken(int saves) : SaveChangesInterceptor
    {
        public int Taken { get; private set; }

        /// <summary>Saves the database refused after this interceptor took their tail.</summary>
        public int Refused { get; private set; }

        public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(
            DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            var db = (SponsorshipDbContext)eventData.Context!;
            var added = db.ChangeTracker.Entries<LedgerTransaction>().FirstOrDefault(e => e.State == EntityState.Added);
            if (added is not null && Taken < saves)
            {
                var followed = await db.LedgerTransactions.AsNoTracking().Where(t => t.PreviousId != null)
                    .OrderBy(t => t.Id).Select(t => t.PreviousId).FirstAsync(cancellationToken);
                added.Property(t => t.PreviousId).CurrentValue = followed;
                Taken++;
            }

            return result;
        }

        public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
        {
            if (eventData.Exception is DbUpdateException)
            {
                Refused++;
            }

            return Task.CompletedTask;
        }
    }
}
