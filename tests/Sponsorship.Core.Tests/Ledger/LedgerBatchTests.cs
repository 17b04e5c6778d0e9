using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Data;
using Sponsorship.Core.Ledger;

namespace Sponsorship.Core.Tests.Ledger;

/// <summary>
/// <see cref="LedgerBook.PostManyAsync"/> writes thousands of postings set-based; the books must come out exactly as
/// posting them one by one would leave them: each key once, the chain intact, running balances equal to their entries,
/// and nothing written when one posting is refused.
/// </summary>
public class LedgerBatchTests : IClassFixture<TestDatabase>
{
    private readonly TestDatabase database;

    public LedgerBatchTests(TestDatabase database) => this.database = database;

    private static LedgerPosting Move(string key, string from, string to, long fen) =>
        new(key, "test", key, [new(from, -fen), new(to, fen)]);

    [Fact]
    public async Task Many_postings_land_once_on_the_chain_and_later_postings_follow_them()
    {
        var payable = LedgerAccounts.HerderPayable(9300);
        var inTransit = LedgerAccounts.HerderInTransit(9300);
        await PostOneAsync(Move("batch:fund", LedgerAccounts.PspClearing, payable, 10_000));

        var posted = await LedgerWrites.RunAsync(database.DbFactory, async db =>
        {
            var count = await LedgerBook.PostManyAsync(db, [
                Move("batch:fund", LedgerAccounts.PspClearing, payable, 10_000),
                .. Enumerable.Range(1, 40).Select(i => Move($"batch:{i}", payable, inTransit, 100)),
                Move("batch:1", payable, inTransit, 100),
            ], TestDatabase.Start);

            // The same context goes on posting one by one after the batch: from its tail and its balances.
            Assert.True(await LedgerBook.PostAsync(db, Move("batch:after", inTransit, LedgerAccounts.World, 1_000), TestDatabase.Start));
            return count;
        });

        Assert.Equal(40, posted);
        await PostOneAsync(Move("batch:next-context", payable, inTransit, 500));
        await using var check = await database.CreateDbContextAsync();
        Assert.Equal(10_000 - 4_000 - 500, await LedgerBook.BalanceAsync(check, payable));
        Assert.Equal(4_000 - 1_000 + 500, await LedgerBook.BalanceAsync(check, inTransit));
        Assert.Equal(1, await check.LedgerTransactions.CountAsync(t => t.IdempotencyKey == "batch:1"));
        var chain = await check.LedgerTransactions.OrderBy(t => t.Id).Select(t => new { t.Id, t.PreviousId }).ToListAsync();
        Assert.All(chain.Skip(1).Zip(chain), pair => Assert.Equal(pair.Second.Id, pair.First.PreviousId));
        var report = await LedgerIntegrity.CheckAsync(check, TestDatabase.Start);
        Assert.True(report.IsIntact, $"chain broken at {report.FirstBrokenTransactionId}; mismatches: {string.Join(", ", report.BalanceMismatches)}");
    }

    [Fact]
    public async Task A_batch_with_one_posting_that_would_overdraw_writes_nothing()
    {
        var payable = LedgerAccounts.HerderPayable(9301);
        var inTransit = LedgerAccounts.HerderInTransit(9301);
        await PostOneAsync(Move("overdraw:fund", LedgerAccounts.PspClearing, payable, 250));

        var refused = await Assert.ThrowsAsync<LedgerRefusedException>(() => LedgerWrites.RunAsync(database.DbFactory, db =>
            LedgerBook.PostManyAsync(db, [.. Enumerable.Range(1, 3).Select(i => Move($"overdraw:{i}", payable, inTransit, 100))], TestDatabase.Start)));

        Assert.Equal(("overdraw:3", payable, -50L), (refused.Key, refused.Account, refused.BalanceAfterFen));
        await using var check = await database.CreateDbContextAsync();
        Assert.False(await check.LedgerTransactions.AnyAsync(t => t.IdempotencyKey.StartsWith("overdraw:") && t.IdempotencyKey != "overdraw:fund"));
        Assert.False(await check.LedgerAccounts.AnyAsync(a => a.Code == inTransit));
        Assert.Equal(250, await LedgerBook.BalanceAsync(check, payable));
    }

    [Fact]
    public async Task Batches_racing_over_the_same_keys_post_each_once_on_one_chain()
    {
        var payable = LedgerAccounts.HerderPayable(9302);
        var inTransit = LedgerAccounts.HerderInTransit(9302);
        await PostOneAsync(Move("racing:fund", LedgerAccounts.PspClearing, payable, 1_000_000));

        // Four exports of overlapping halves of 200 lines: the keys decide, whichever batch writes first.
        var race = await Race.RunAsync(4, i => LedgerWrites.RunAsync(database.DbFactory, db =>
            LedgerBook.PostManyAsync(db, [.. Enumerable.Range(i * 50, 100).Select(n => Move($"racing:{n % 200}", payable, inTransit, 10))], TestDatabase.Start)));

        await using var check = await database.CreateDbContextAsync();
        var keys = await check.LedgerTransactions.Where(t => t.IdempotencyKey.StartsWith("racing:") && t.IdempotencyKey != "racing:fund")
            .Select(t => t.IdempotencyKey).ToListAsync();
        Assert.Equal(keys.Count, keys.Distinct().Count());
        Assert.Equal(race.Results.Sum(), keys.Count);
        Assert.Equal(200, keys.Count);
        Assert.Equal(2_000, await LedgerBook.BalanceAsync(check, inTransit));
        var report = await LedgerIntegrity.CheckAsync(check, TestDatabase.Start);
        Assert.True(report.IsIntact, $"chain broken at {report.FirstBrokenTransactionId}; mismatches: {string.Join(", ", report.BalanceMismatches)}");
    }

    private async Task PostOneAsync(LedgerPosting posting) =>
        await LedgerWrites.RunAsync(database.DbFactory, db => LedgerBook.PostAsync(db, posting, TestDatabase.Start));
}
