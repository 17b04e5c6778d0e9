using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Sponsorship.Core.Jobs;
using Sponsorship.Core.Ledger;

namespace Sponsorship.Core.Tests.Ledger;

/// <summary>
/// The incremental integrity check: it reads only what came after the checkpoint, moves the checkpoint forward when
/// intact, trusts nothing in the checkpoint row it does not check against the books, and leaves to the full check what
/// only a full check can see. Each test has its own database (they change the books behind the ledger's back).
/// </summary>
public sealed class LedgerVerificationTests : IAsyncLifetime
{
    private readonly TestDatabase database = new();

    public Task InitializeAsync() => database.InitializeAsync();

    public Task DisposeAsync() => database.DisposeAsync();

    private LedgerVerification Verification => new(database.DbFactory, database.Clock, NullLogger<LedgerVerification>.Instance);

    /// <summary>Posts <paramref name="count"/> balanced transactions (one of them with three legs), each saved on its own; returns their ids.</summary>
    private async Task<List<long>> PostAsync(string prefix, int count)
    {
        var ids = new List<long>();
        for (var i = 0; i < count; i++)
        {
            await using var db = await database.CreateDbContextAsync();
            var key = $"{prefix}:{i}";
            LedgerLeg[] legs = i == 1
                ? [new(LedgerAccounts.PspClearing, -1_000 - i), new(LedgerAccounts.AdoptionDeferred(7001), 600), new(LedgerAccounts.PlatformFees, 400 + i)]
                : [new(LedgerAccounts.PspClearing, -1_000 - i), new(LedgerAccounts.AdoptionDeferred(7000 + (i % 3)), 1_000 + i)];
            Assert.True(await LedgerBook.PostAsync(db, new LedgerPosting(key, "test", key, legs), database.Clock.GetUtcNow()));
            await db.SaveChangesAsync();
            ids.Add(await db.LedgerTransactions.Where(t => t.IdempotencyKey == key).Select(t => t.Id).SingleAsync());
            database.Clock.Advance(TimeSpan.FromMinutes(1));
        }

        return ids;
    }

    private async Task<LedgerCheckpoint> CheckpointAsync()
    {
        await using var db = await database.CreateDbContextAsync();
        return await db.LedgerCheckpoints.AsNoTracking().SingleAsync();
    }

    private async Task SqlAsync(string sql, params object[] values)
    {
        await using var db = await database.CreateDbContextAsync();
        await db.Database.ExecuteSqlRawAsync(sql, values);
    }

    [Fact]
    public async Task An_incremental_check_reads_only_the_transactions_after_the_checkpoint_and_moves_the_checkpoint_to_the_tail()
    {
        Assert.Equal(0, (await CheckpointAsync()).TransactionId);
        var first = await PostAsync("day1", 6);

        var full = await Verification.RunAsync(full: true);
        Assert.True(full.Intact, full.Detail);
        Assert.True(full.Full);
        Assert.Equal(6, full.Transactions);
        Assert.Equal(13, full.Entries);
        var checkpoint = await CheckpointAsync();
        Assert.Equal(first[^1], checkpoint.TransactionId);
        Assert.Equal(6, checkpoint.Transactions);
        Assert.Equal(13, checkpoint.Entries);
        await using (var db = await database.CreateDbContextAsync())
        {
            var last = first[^1];
            Assert.Equal(await db.LedgerTransactions.Where(t => t.Id == last).Select(t => t.Hash).SingleAsync(), checkpoint.Hash);
            var balances = LedgerCheckpoint.ReadBalances(checkpoint.Balances);
            var running = await db.LedgerAccounts.Where(a => a.BalanceFen != 0).ToDictionaryAsync(a => a.Id, a => a.BalanceFen);
            Assert.Equal(running.OrderBy(r => r.Key), balances.OrderBy(b => b.Key));
        }

        var second = await PostAsync("day2", 4);
        var incremental = await Verification.RunAsync(full: false);
        Assert.True(incremental.Intact, incremental.Detail);
        Assert.False(incremental.Full);
        Assert.Equal(first[^1], incremental.FromTransactionId);
        Assert.Equal(second[^1], incremental.UpToTransactionId);
        Assert.Equal(4, incremental.Transactions);
        Assert.Equal(9, incremental.Entries);
        Assert.Equal(second[^1], (await CheckpointAsync()).TransactionId);

        // Nothing new: an intact check of nothing, the checkpoint where it was.
        var idle = await Verification.RunAsync(full: false);
        Assert.True(idle.Intact, idle.Detail);
        Assert.Equal(0, idle.Transactions);
        Assert.Equal(second[^1], (await CheckpointAsync()).TransactionId);
    }

    [Fact]
    public async Task A_changed_entry_before_the_checkpoint_is_caught_by_the_full_check_which_then_holds_the_checkpoint()
    {
        var ids = await PostAsync("before", 5);
        Assert.True((await Verification.RunAsync(full: true)).Intact);
        var checkpoint = await CheckpointAsync();
        // An amount changed on both legs, so the transaction still balances and only its hash tells.
        await SqlAsync("""UPDATE "LedgerEntries" SET "AmountFen" = "AmountFen" - 7 WHERE "TransactionId" = {0} AND "AmountFen" < 0""", ids[2]);
        await SqlAsync("""UPDATE "LedgerEntries" SET "AmountFen" = "AmountFen" + 7 WHERE "TransactionId" = {0} AND "AmountFen" > 0""", ids[2]);
        await PostAsync("after", 2);

        // The incremental check does not read transactions before the checkpoint again: that is the full check's job.
        Assert.True((await Verification.RunAsync(full: false)).Intact);

        var full = await Verification.RunAsync(full: true);
        Assert.False(full.Intact);
        Assert.True(full.Full);
        Assert.Equal(ids[2], full.FirstBrokenTransactionId);
        Assert.Equal(2, full.BalanceMismatches);
        Assert.Contains($"chain #{ids[2]}", full.Detail, StringComparison.Ordinal);
        var held = await CheckpointAsync();
        Assert.True(held.TransactionId > checkpoint.TransactionId, "the incremental check moved it past the two later postings");

        // A failed check never moves the checkpoint; the report of the failure is the last one the page shows.
        Assert.False((await Verification.RunAsync(full: true)).Intact);
        Assert.Equal(held.TransactionId, (await CheckpointAsync()).TransactionId);
        await using var db = await database.CreateDbContextAsync();
        Assert.False((await db.LedgerChecks.OrderByDescending(c => c.Id).FirstAsync()).Intact);
    }

    [Fact]
    public async Task A_changed_transaction_after_the_checkpoint_is_caught_by_the_incremental_check_and_the_checkpoint_stays()
    {
        await PostAsync("verified", 4);
        Assert.True((await Verification.RunAsync(full: true)).Intact);
        var checkpoint = await CheckpointAsync();
        var later = await PostAsync("later", 4);
        await SqlAsync("""UPDATE "LedgerTransactions" SET "Reference" = 'changed' WHERE "Id" = {0}""", later[2]);

        var check = await Verification.RunAsync(full: false);

        Assert.False(check.Intact);
        Assert.False(check.Full);
        Assert.Equal(later[2], check.FirstBrokenTransactionId);
        Assert.Equal(checkpoint.TransactionId, check.FromTransactionId);
        Assert.Equal(checkpoint.TransactionId, (await CheckpointAsync()).TransactionId);
        // Still broken next hour: the same transactions are read again from the same checkpoint.
        Assert.Equal(later[2], (await Verification.RunAsync(full: false)).FirstBrokenTransactionId);
    }

    [Fact]
    public async Task An_amount_changed_after_the_checkpoint_without_its_running_balance_is_caught_by_the_incremental_check()
    {
        await PostAsync("verified", 3);
        Assert.True((await Verification.RunAsync(full: true)).Intact);
        var later = await PostAsync("later", 3);
        await SqlAsync("""UPDATE "LedgerEntries" SET "AmountFen" = "AmountFen" + 5 WHERE "TransactionId" = {0} AND "AmountFen" > 0""", later[0]);

        var check = await Verification.RunAsync(full: false);

        Assert.False(check.Intact);
        Assert.Equal(later[0], check.FirstBrokenTransactionId);
        Assert.Equal(1, check.UnbalancedTransactions);
        Assert.Equal(1, check.BalanceMismatches);
        Assert.Equal(5, check.GlobalSumFen);
    }

    public enum Tamper
    {
        HashChanged,
        MovedPastUncheckedTransactionsWithoutTheirHash,
        MovedPastUncheckedTransactionsWithTheirHash,
        PastTheTail,
        BalanceChanged,
    }

    [Theory]
    [InlineData(Tamper.HashChanged)]
    [InlineData(Tamper.MovedPastUncheckedTransactionsWithoutTheirHash)]
    [InlineData(Tamper.MovedPastUncheckedTransactionsWithTheirHash)]
    [InlineData(Tamper.PastTheTail)]
    [InlineData(Tamper.BalanceChanged)]
    public async Task A_tampered_checkpoint_is_detected_by_the_incremental_check_and_a_full_check_replaces_it(Tamper tamper)
    {
        await PostAsync("verified", 4);
        Assert.True((await Verification.RunAsync(full: true)).Intact);
        var later = await PostAsync("later", 3);
        string laterHash;
        await using (var db = await database.CreateDbContextAsync())
        {
            var id = later[1];
            laterHash = await db.LedgerTransactions.Where(t => t.Id == id).Select(t => t.Hash).SingleAsync();
        }

        const string Update = """UPDATE "LedgerCheckpoints" SET """;
        switch (tamper)
        {
            case Tamper.HashChanged:
                await SqlAsync(Update + """ "Hash" = {0}""", new string('a', 64));
                break;
            case Tamper.MovedPastUncheckedTransactionsWithoutTheirHash:
                await SqlAsync(Update + """ "TransactionId" = {0}""", later[1]);
                break;
            case Tamper.MovedPastUncheckedTransactionsWithTheirHash:
                // The hash copied right from the books — but the transactions and entries up to there are more than it says.
                await SqlAsync(Update + """ "TransactionId" = {0}, "Hash" = {1}""", later[1], laterHash);
                break;
            case Tamper.PastTheTail:
                await SqlAsync(Update + """ "TransactionId" = {0}""", later[^1] + 1_000);
                break;
            case Tamper.BalanceChanged:
                var checkpoint = await CheckpointAsync();
                var balances = LedgerCheckpoint.ReadBalances(checkpoint.Balances);
                var account = balances.Keys.Max();
                balances[account] += 100;
                await SqlAsync(Update + """ "Balances" = {0}""", LedgerCheckpoint.WriteBalances(balances));
                break;
        }

        var check = await Verification.RunAsync(full: false);

        Assert.False(check.Intact, tamper.ToString());
        var full = await Verification.RunAsync(full: true);
        Assert.True(full.Intact, full.Detail);
        var repaired = await CheckpointAsync();
        Assert.Equal(later[^1], repaired.TransactionId);
        Assert.Equal(7, repaired.Transactions);
        Assert.True((await Verification.RunAsync(full: false)).Intact);
    }

    [Fact]
    public async Task An_entry_removed_before_the_checkpoint_is_caught_by_the_incremental_check_which_counts_the_entries_up_to_it()
    {
        var ids = await PostAsync("verified", 4);
        Assert.True((await Verification.RunAsync(full: true)).Intact);
        // The three-leg transaction loses its fee leg: the running balances and the checkpoint's sums are left as they were.
        await SqlAsync("""DELETE FROM "LedgerEntries" WHERE "TransactionId" = {0} AND "AmountFen" = 401""", ids[1]);

        var check = await Verification.RunAsync(full: false);

        Assert.False(check.Intact);
        Assert.True(check.CheckpointMismatch);
        Assert.StartsWith($"checkpoint #{ids[^1]}", check.Detail, StringComparison.Ordinal);
        var full = await Verification.RunAsync(full: true);
        Assert.Equal(ids[1], full.FirstBrokenTransactionId);
        Assert.Equal(1, full.UnbalancedTransactions);
    }

    [Fact]
    public async Task A_removed_checkpoint_row_makes_the_next_check_a_full_one_that_puts_it_back()
    {
        var ids = await PostAsync("verified", 3);
        await SqlAsync("""DELETE FROM "LedgerCheckpoints" """);

        var check = await Verification.RunAsync(full: false);

        Assert.True(check.Intact, check.Detail);
        Assert.True(check.Full);
        Assert.Equal(3, check.Transactions);
        Assert.Equal(ids[^1], (await CheckpointAsync()).TransactionId);
    }

    [Fact]
    public async Task The_integrity_jobs_run_on_the_one_job_runner_and_report_what_they_covered()
    {
        var ids = await PostAsync("jobs", 3);
        var verification = Verification;
        IScheduledJob[] jobs = [new LedgerIntegrityJob(verification), new LedgerFullCheckJob(verification)];
        var runner = new JobRunner(jobs, database.DbFactory, database.Calendar, Options.Create(new JobsOptions()), NullLogger<JobRunner>.Instance);

        var ran = await runner.RunDueAsync("instance", new SettledPeriods());

        Assert.Equal([LedgerIntegrityJob.JobName, LedgerFullCheckJob.JobName], ran.Select(r => r.Job).Order(StringComparer.Ordinal));
        Assert.All(ran, r => Assert.False(r.Failed));
        Assert.All(ran, r => Assert.StartsWith("intact #", r.Outcome, StringComparison.Ordinal));
        Assert.Equal(ids[^1], (await CheckpointAsync()).TransactionId);

        // The next hour only the incremental check is due again; the full one waits for the next programme day.
        database.Clock.Advance(TimeSpan.FromHours(1));
        await PostAsync("next", 2);
        var next = await runner.RunDueAsync("instance", new SettledPeriods());
        Assert.Equal(LedgerIntegrityJob.JobName, Assert.Single(next).Job);
        Assert.Contains($"#{ids[^1]}..", Assert.Single(next).Outcome, StringComparison.Ordinal);
        Assert.EndsWith("2 transactions", Assert.Single(next).Outcome, StringComparison.Ordinal);
    }
}
