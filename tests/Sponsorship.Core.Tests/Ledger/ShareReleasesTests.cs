using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Sponsorship.Core.Demo;
using Sponsorship.Core.Flock;
using Sponsorship.Core.Jobs;
using Sponsorship.Core.Ledger;
using Sponsorship.Testing;

namespace Sponsorship.Core.Tests.Ledger;

/// <summary>
/// The shares of a price under the initial rule, by hand: of ¥1,800 the herder gets 60 % (¥1,080, released 30 % at
/// activation = ¥324, 40 % after proof of care = ¥432, 30 % at the end = ¥324), the village 10 % (¥180), the cooperative
/// and the platform 15 % each (¥270); what stays deferred after activation is ¥1,800 − ¥180 − ¥270 − ¥270 − ¥324 = ¥756.
/// </summary>
public class ShareReleasesTests : IClassFixture<SeededDatabaseWithoutMoney>
{
    private readonly SeededDatabaseWithoutMoney database;
    private readonly MoneyTestData money;

    public ShareReleasesTests(SeededDatabaseWithoutMoney database)
    {
        this.database = database;
        money = new MoneyTestData(database.DbFactory);
    }

    private async Task<PaidAdoption> AdoptAsync(int householdId, long price = 180_000, DateTimeOffset? start = null) =>
        await money.AdoptAndPayAsync(await money.FreeSheepAsync(householdId), await money.UserIdAsync(DemoAccounts.Sponsor.Email), price, start ?? TestDatabase.Start.AddDays(-100));

    private async Task<int> VillageOfAsync(int householdId)
    {
        await using var db = await database.CreateDbContextAsync();
        return await db.Households.Where(h => h.Id == householdId).Select(h => h.VillageId).SingleAsync();
    }

    [Fact]
    public async Task Activation_releases_the_fees_in_full_and_the_herders_first_tranche_once()
    {
        var village = await VillageOfAsync(30);
        var villageBefore = await money.BalanceAsync(LedgerAccounts.VillageCollective(village));
        var cooperativeBefore = await money.BalanceAsync(LedgerAccounts.Cooperative);
        var platformBefore = await money.BalanceAsync(LedgerAccounts.PlatformFees);

        var paid = await AdoptAsync(30);

        Assert.Equal(75_600, await money.BalanceAsync(LedgerAccounts.AdoptionDeferred(paid.AdoptionId)));
        Assert.Equal(32_400, await money.BalanceAsync(LedgerAccounts.HerderPayable(30)));
        Assert.Equal(villageBefore + 18_000, await money.BalanceAsync(LedgerAccounts.VillageCollective(village)));
        Assert.Equal(cooperativeBefore + 27_000, await money.BalanceAsync(LedgerAccounts.Cooperative));
        Assert.Equal(platformBefore + 27_000, await money.BalanceAsync(LedgerAccounts.PlatformFees));

        await using var db = await database.CreateDbContextAsync();
        var adoption = await db.Adoptions.SingleAsync(a => a.Id == paid.AdoptionId);
        var payment = await db.Payments.SingleAsync(p => p.Id == paid.PaymentId);
        Assert.False(await ShareReleases.ReleaseActivationAsync(db, adoption, payment, TestDatabase.Start));
    }

    [Fact]
    public async Task Care_is_released_after_an_approved_weighing_and_photo_late_enough_in_the_term_and_the_rest_at_the_end()
    {
        var start = TestDatabase.Start.AddDays(-40);
        var paid = await AdoptAsync(31, start: start);
        var job = new CareReleaseJob(database.DbFactory, database.Clock);
        var flock = new FlockTestData(database.DbFactory, database.Files);

        // Too early in the term, and not yet approved: nothing.
        await flock.AddLogAsync(paid.SheepId, LogKind.Weighing, start.AddDays(10), kg: 30m);
        await flock.AddLogAsync(paid.SheepId, LogKind.Photo, start.AddDays(35), review: ReviewStatus.Pending, withPhoto: true);
        await flock.AddLogAsync(paid.SheepId, LogKind.Weighing, start.AddDays(35), kg: 31m);
        Assert.Equal(0, (await job.ReleaseDueAsync(TestDatabase.Start)).CareReleased);
        Assert.Equal(32_400, await money.BalanceAsync(LedgerAccounts.HerderPayable(31)));

        await flock.AddLogAsync(paid.SheepId, LogKind.Photo, start.AddDays(36), withPhoto: true);
        Assert.Equal(1, (await job.ReleaseDueAsync(TestDatabase.Start)).CareReleased);
        Assert.Equal(32_400 + 43_200, await money.BalanceAsync(LedgerAccounts.HerderPayable(31)));
        Assert.Equal(0, (await job.ReleaseDueAsync(TestDatabase.Start)).CareReleased);

        // At the end of the term the rest (the end tranche) follows; other tests' terms may end by then too.
        Assert.InRange((await job.ReleaseDueAsync(start.AddMonths(12).AddHours(1))).EndReleased, 1, int.MaxValue);
        Assert.Equal(108_000, await money.BalanceAsync(LedgerAccounts.HerderPayable(31)));
        Assert.Equal(0, await money.BalanceAsync(LedgerAccounts.AdoptionDeferred(paid.AdoptionId)));
        await using var db = await database.CreateDbContextAsync();
        Assert.Equal(1, await db.LedgerTransactions.CountAsync(t => t.IdempotencyKey == $"release:{paid.PaymentId}:care"));
        Assert.Equal(32_400, await db.LedgerEntries.Where(e => e.Transaction.IdempotencyKey == $"release:{paid.PaymentId}:final"
            && e.Account.Code == LedgerAccounts.HerderPayable(31)).SumAsync(e => e.AmountFen));
    }

    [Fact]
    public async Task A_pro_rata_refund_returns_the_unexpired_part_capped_at_what_is_deferred_and_the_rest_goes_to_the_herder()
    {
        // A ¥1,200 year from 2026-02-28 (365 days) ended by a death on 2026-11-28, 92 days before its end: the unexpired
        // part is ¥1,200 × 92 / 365 = 30,246.58 fen, rounded down. Still deferred were 42 % of ¥1,200 = 50,400 fen, so
        // the refund is not capped, and the herder gets the other 20,154 fen on top of the 21,600 released at activation.
        var start = TestDatabase.Start.AddMonths(-9);
        Assert.Equal(new DateTimeOffset(2026, 2, 28, 8, 0, 0, TimeSpan.Zero), start);
        var paid = await AdoptAsync(32, price: 120_000, start: start);
        var adoption = await money.AdoptionAsync(paid.AdoptionId);
        var diedAt = start.AddMonths(9);
        var clearingBefore = await money.BalanceAsync(LedgerAccounts.PspClearing);
        var pendingBefore = await money.BalanceAsync(LedgerAccounts.RefundsPending);
        long refunded;
        await using (var db = await database.CreateDbContextAsync())
        {
            refunded = await ShareReleases.RefundRemainderAsync(db, adoption, diedAt, TestDatabase.Start);
            await db.SaveChangesAsync();
        }

        await using (var db = await database.CreateDbContextAsync())
        {
            Assert.Equal(0, await ShareReleases.RefundRemainderAsync(db, adoption, diedAt, TestDatabase.Start));
        }

        Assert.Equal(30_246, refunded);
        // Through the provider: pending until it confirms the refund, so the clearing account has not moved yet.
        Assert.Equal(pendingBefore + 30_246, await money.BalanceAsync(LedgerAccounts.RefundsPending));
        Assert.Equal(clearingBefore, await money.BalanceAsync(LedgerAccounts.PspClearing));
        Assert.Equal(0, await money.BalanceAsync(LedgerAccounts.AdoptionDeferred(paid.AdoptionId)));
        Assert.Equal(21_600 + 20_154, await money.BalanceAsync(LedgerAccounts.HerderPayable(32)));
    }

    [Fact]
    public async Task Donating_the_remainder_releases_everything_still_deferred_to_the_herder_for_every_term()
    {
        var paid = await AdoptAsync(33, start: TestDatabase.Start.AddDays(-400));
        var adoption = await money.AdoptionAsync(paid.AdoptionId);
        await money.PayAsync(adoption, 150_000, TestDatabase.Start.AddDays(-35), 12);
        await using (var db = await database.CreateDbContextAsync())
        {
            Assert.Equal(2, await ShareReleases.DonateRemainderAsync(db, adoption, TestDatabase.Start));
            await db.SaveChangesAsync();
        }

        Assert.Equal(0, await money.BalanceAsync(LedgerAccounts.AdoptionDeferred(paid.AdoptionId)));
        Assert.Equal(108_000 + 90_000, await money.BalanceAsync(LedgerAccounts.HerderPayable(33)));
        await using var check = await database.CreateDbContextAsync();
        Assert.True((await LedgerIntegrity.CheckAsync(check, TestDatabase.Start)).IsIntact);
    }
}

/// <summary>Several app instances waking in the same hour: the release job's lease lets one work, and the work is done once.</summary>
public class CareReleaseAcrossInstancesTests(SeededDatabaseWithoutMoney database) : IClassFixture<SeededDatabaseWithoutMoney>
{
    [Fact]
    public async Task Three_instances_waking_in_one_hour_all_try_one_runs_and_each_due_payment_gets_its_care_tranche_once()
    {
        var money = new MoneyTestData(database.DbFactory);
        var flock = new FlockTestData(database.DbFactory, database.Files);
        var sponsor = await money.UserIdAsync(DemoAccounts.Sponsor.Email);
        var start = TestDatabase.Start.AddDays(-40);
        var due = new List<PaidAdoption>();
        foreach (var household in new[] { 40, 41, 42 })
        {
            var paid = await money.AdoptAndPayAsync(await money.FreeSheepAsync(household), sponsor, 180_000, start);
            await flock.AddLogAsync(paid.SheepId, LogKind.Weighing, start.AddDays(35), kg: 31m);
            await flock.AddLogAsync(paid.SheepId, LogKind.Photo, start.AddDays(35), withPhoto: true);
            due.Add(paid);
        }

        // Each instance runs the job through its own runner: the claim of the hour is the first write all three reach.
        JobRunner Instance() => new(
            [new CareReleaseJob(database.DbFactory, database.Clock)], database.DbFactory, database.Calendar,
            Options.Create(new JobsOptions()), NullLogger<JobRunner>.Instance);
        var race = await Race.RunAsync(3, i => Instance().RunDueAsync($"instance-{i}", new SettledPeriods()));

        Assert.Equal(3, race.ReachedWrite);
        var ran = Assert.Single(race.Results, r => r.Count > 0);
        Assert.Equal("care 3, end 0", Assert.Single(ran).Outcome);
        await using var db = await database.CreateDbContextAsync();
        var run = await db.JobRuns.SingleAsync(r => r.Job == "ledger-releases");
        Assert.Equal($"instance-{race.Results.ToList().FindIndex(r => r.Count > 0)}", run.Holder);
        Assert.Equal("care 3, end 0", run.Outcome);
        foreach (var paid in due)
        {
            Assert.Equal(1, await db.LedgerTransactions.CountAsync(t => t.IdempotencyKey == LedgerKeys.Care(paid.PaymentId)));
            Assert.Equal(32_400 + 43_200, await LedgerBook.BalanceAsync(db, LedgerAccounts.HerderPayable(paid.HouseholdId)));
        }

        // Run again an hour later, every tranche is already released.
        Assert.Equal(new ReleaseRunResult(0, 0), await new CareReleaseJob(database.DbFactory, database.Clock).ReleaseDueAsync(TestDatabase.Start.AddHours(1)));
    }
}
