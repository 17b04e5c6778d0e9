using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Demo;
using Sponsorship.Core.Flock;
using Sponsorship.Core.Ledger;
using Sponsorship.Testing;

namespace Sponsorship.Core.Tests.Ledger;

public class ShareReleasesTests : IClassFixture<SeededDatabase>
{
    private readonly SeededDatabase database;
    private readonly MoneyTestData money;

    public ShareReleasesTests(SeededDatabase database)
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
        var paid = await AdoptAsync(30);
        var village = await VillageOfAsync(30);
        Assert.Equal(180_000 - 18_000 - 27_000 - 27_000 - 32_400, await money.BalanceAsync(LedgerAccounts.AdoptionDeferred(paid.AdoptionId)));
        Assert.Equal(32_400, await money.BalanceAsync(LedgerAccounts.HerderPayable(30)));
        Assert.True(await money.BalanceAsync(LedgerAccounts.VillageCollective(village)) >= 18_000);

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
        Assert.True((await job.ReleaseDueAsync(TestDatabase.Start)).CareReleased >= 1);
        Assert.Equal(32_400 + 43_200, await money.BalanceAsync(LedgerAccounts.HerderPayable(31)));
        Assert.Equal(0, (await job.ReleaseDueAsync(TestDatabase.Start)).CareReleased);

        Assert.True((await job.ReleaseDueAsync(start.AddMonths(12).AddHours(1))).EndReleased >= 1);
        Assert.Equal(108_000, await money.BalanceAsync(LedgerAccounts.HerderPayable(31)));
        Assert.Equal(0, await money.BalanceAsync(LedgerAccounts.AdoptionDeferred(paid.AdoptionId)));
    }

    [Fact]
    public async Task A_pro_rata_refund_returns_the_unexpired_part_capped_at_what_is_deferred_and_the_rest_goes_to_the_herder()
    {
        var start = TestDatabase.Start.AddMonths(-9);
        var paid = await AdoptAsync(32, price: 120_000, start: start);
        var adoption = await money.AdoptionAsync(paid.AdoptionId);
        var diedAt = start.AddMonths(9);
        var clearingBefore = await money.BalanceAsync(LedgerAccounts.PspClearing);
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

        var payment = new Sponsorship.Core.Payments.Payment { AmountFen = 120_000, TermStart = start, TermEnd = start.AddMonths(12) };
        Assert.Equal(ShareReleases.ProRata(payment, diedAt), refunded);
        Assert.InRange(refunded, 29_000, 31_000);
        Assert.Equal(clearingBefore + refunded, await money.BalanceAsync(LedgerAccounts.PspClearing));
        Assert.Equal(0, await money.BalanceAsync(LedgerAccounts.AdoptionDeferred(paid.AdoptionId)));
        Assert.Equal(72_000 - refunded, await money.BalanceAsync(LedgerAccounts.HerderPayable(32)));
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
