using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Demo;
using Sponsorship.Core.Impact;
using Sponsorship.Core.Ledger;
using Sponsorship.Core.Payments;
using Sponsorship.Core.Payouts;
using Sponsorship.Testing;

namespace Sponsorship.Core.Tests.Impact;

public class ImpactReportTests(SeededDatabaseWithoutMoney database) : IClassFixture<SeededDatabaseWithoutMoney>
{
    /// <summary>
    /// Three adoptions bought ten days ago — ¥1,800 from household 1, ¥1,200 and ¥2,400 from household 2 — the third
    /// refunded when its sheep died on its first day, and household 1's payout confirmed by the bank. By hand, under
    /// the initial rule (herder 60 %, first tranche 30 % of that = 18 % of the price; village 10 %):
    /// adopted 3; sales ¥5,400 − the refund; the refund is what was still held of ¥2,400: 42 % = ¥1,008;
    /// released to herders 18 % of each price = ¥324 + ¥216 + ¥432 = ¥972, to 2 households (¥486 each on average);
    /// paid ¥324 (household 1's line); the village collectives 10 % of each price = ¥540.
    /// </summary>
    [Fact]
    public async Task The_figures_are_what_the_ledger_holds_and_not_the_published_ones()
    {
        var money = new MoneyTestData(database.DbFactory);
        var sponsor = await money.UserIdAsync(DemoAccounts.Sponsor.Email);
        var bought = TestDatabase.Start.AddDays(-10);
        await money.AdoptAndPayAsync(await money.FreeSheepAsync(1), sponsor, 180_000, bought);
        await money.AdoptAndPayAsync(await money.FreeSheepAsync(2), sponsor, 120_000, bought);
        var refunded = await money.AdoptAndPayAsync(await money.FreeSheepAsync(2), sponsor, 240_000, bought);
        await using (var db = await database.CreateDbContextAsync())
        {
            Assert.Equal(100_800, await ShareReleases.RefundRemainderAsync(db, await money.AdoptionAsync(refunded.AdoptionId), bought, TestDatabase.Start));
            await db.SaveChangesAsync();
        }

        // The provider confirms the refund: only then has the money gone back, and the sales are net of it.
        await using (var db = await database.CreateDbContextAsync())
        {
            var payment = await db.Payments.SingleAsync(p => p.Id == refunded.PaymentId);
            var refund = await db.Refunds.SingleAsync(r => r.PaymentId == refunded.PaymentId);
            Assert.True(await Refunds.SettleAsync(db, refund, payment, TestDatabase.Start));
            await db.SaveChangesAsync();
        }

        var batches = new PayoutBatches(database.DbFactory, database.AccountNumbers, database.Clock);
        var (batchId, _) = await batches.DraftAsync(new DateOnly(2026, 11, 30), 1, await money.UserIdAsync(DemoAccounts.Admin.Email));
        await batches.ApproveAsync(batchId!.Value, await money.UserIdAsync(DemoAccounts.SecondAdmin.Email));
        await batches.ExportAsync(batchId.Value, await money.UserIdAsync(DemoAccounts.Admin.Email));
        var lines = (await batches.DetailAsync(batchId.Value, await money.UserIdAsync(DemoAccounts.Admin.Email)))!.Lines;
        Assert.Equal(PayoutOutcome.Done, await batches.ConfirmLineAsync(lines.Single(l => l.HouseholdId == 1).Id, await money.UserIdAsync(DemoAccounts.Admin.Email)));

        var figures = await new ImpactReport(database.DbFactory, database.Calendar).ComputeAsync();

        Assert.Equal(3, figures.SheepAdopted);
        Assert.Equal(540_000 - 100_800, figures.SalesFen);
        Assert.Equal(32_400 + 21_600 + 43_200, figures.ReleasedToHerdersFen);
        Assert.Equal(32_400, figures.PaidToHerdersFen);
        Assert.Equal(2, figures.HouseholdsBenefiting);
        Assert.Equal(48_600, figures.AverageExtraIncomeFen);
        Assert.Equal(18_000 + 12_000 + 24_000, figures.VillageCollectivesFen);
        Assert.Equal([new ImpactMonth(2026, 11, 540_000 - 100_800, 32_400)], figures.Months);
    }
}
