using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Adoptions;
using Sponsorship.Core.Certificates;
using Sponsorship.Core.Flock;
using Sponsorship.Core.Identity;
using Sponsorship.Core.Ledger;
using Sponsorship.Core.Mail;

namespace Sponsorship.Core.Tests.Adoptions;

public class DeathTests(AdoptionDatabase database) : IClassFixture<AdoptionDatabase>
{
    private DateTimeOffset Now => database.Clock.GetUtcNow();

    private async Task<int> AdoptAsync(DeathPolicy policy)
    {
        var request = database.Request(database.TakeFreeSheep()) with { DeathPolicy = policy };
        return (await database.AdoptAsync(request: request)).AdoptionId;
    }

    /// <summary>
    /// A ¥1,800 year of 365 days, the sheep dying <paramref name="daysIn"/> days into it. Still held after activation:
    /// ¥1,800 less the village's 10 %, the cooperative's and platform's 15 % each and the herder's first 18 % = ¥756.
    /// After 100 days the unexpired part (¥1,800 × 265 / 365 = ¥1,306.84) is more than is held, so the refund is capped
    /// at ¥756 and nothing is left for the herder; after 300 days it is ¥1,800 × 65 / 365 = ¥320.54 (rounded down to
    /// the fen), and the other ¥435.46 held goes to the herder, who looked after the sheep that long.
    /// </summary>
    [Theory]
    [InlineData(100, 75_600, 0)]
    [InlineData(300, 32_054, 43_546)]
    public async Task Pro_rata_refund_returns_the_unexpired_part_capped_at_what_is_held_revokes_the_certificate_and_closes_the_adoption(
        int daysIn, long refund, long toHerder)
    {
        Assert.Equal(180_000, database.PlanPrice);
        var adoptionId = await AdoptAsync(DeathPolicy.ProRataRefund);
        var start = Now.AddDays(-daysIn);
        await database.SetTermAsync(adoptionId, start, start.AddDays(365));
        Assert.Equal(75_600, await database.BalanceAsync(LifecycleSteps.Deferred(adoptionId)));
        var refundKey = await RefundKeyAsync(adoptionId);
        var householdId = await HouseholdOfAsync(adoptionId);
        var payableBefore = await database.BalanceAsync(LedgerAccounts.HerderPayable(householdId));

        var logId = await database.ConfirmDeathAsync(adoptionId);

        var adoption = await database.AdoptionAsync(adoptionId);
        Assert.Equal((AdoptionStatus.Refunded, (DateTimeOffset?)Now), (adoption.Status, adoption.ClosedAt));
        Assert.Equal(refund, await RefundedAsync(refundKey));
        Assert.Equal(payableBefore + toHerder, await database.BalanceAsync(LedgerAccounts.HerderPayable(householdId)));
        Assert.Equal(0, await database.BalanceAsync(LifecycleSteps.Deferred(adoptionId)));
        Assert.Equal(1, await database.LedgerTransactionsAsync(refundKey));
        Assert.Equal([CertificateStatus.Revoked], await database.CertificatesAsync(adoptionId));
        var mail = Assert.Single(await database.MailsAsync(MailKinds.DeathNotice, adoptionId));
        Assert.Equal(logId, Assert.IsType<DeathNoticePayload>(MailPayload.Read(mail)).LogId);

        // Approving the same log again changes nothing.
        Assert.Equal(0, (await database.LogReview().ApproveAsync([logId], database.AdminId)).Changed);
        Assert.Equal(1, await database.LedgerTransactionsAsync(refundKey));
        Assert.Single(await database.MailsAsync(MailKinds.DeathNotice, adoptionId));
    }

    [Fact]
    public async Task Donating_the_remainder_pays_the_household_ends_the_adoption_and_keeps_the_certificate_valid()
    {
        var adoptionId = await AdoptAsync(DeathPolicy.DonateRemainder);
        int householdId;
        await using (var db = await database.CreateDbContextAsync())
        {
            householdId = await db.Adoptions.Where(a => a.Id == adoptionId).Select(a => a.Sheep.HouseholdId).SingleAsync();
        }

        var payableBefore = await database.BalanceAsync(LedgerAccounts.HerderPayable(householdId));
        var held = await database.BalanceAsync(LifecycleSteps.Deferred(adoptionId));

        var logId = await database.ConfirmDeathAsync(adoptionId);
        await database.LogReview().ApproveAsync([logId], database.AdminId);

        var adoption = await database.AdoptionAsync(adoptionId);
        Assert.Equal((AdoptionStatus.Ended, (DateTimeOffset?)Now, FulfilmentStatus.NotDue), (adoption.Status, adoption.ClosedAt, adoption.Fulfilment));
        Assert.Equal(0, await database.BalanceAsync(LifecycleSteps.Deferred(adoptionId)));
        Assert.True(held > 0);
        Assert.Equal(payableBefore + held, await database.BalanceAsync(LedgerAccounts.HerderPayable(householdId)));
        Assert.Equal([CertificateStatus.Valid], await database.CertificatesAsync(adoptionId));
        Assert.Single(await database.MailsAsync(MailKinds.DeathNotice, adoptionId));
    }

    [Fact]
    public async Task Under_the_replacement_policy_the_sponsor_gets_14_days_to_choose_and_nothing_moves_money()
    {
        var adoptionId = await AdoptAsync(DeathPolicy.Replacement);
        var held = await database.BalanceAsync(LifecycleSteps.Deferred(adoptionId));

        var logId = await database.ConfirmDeathAsync(adoptionId);
        await database.LogReview().ApproveAsync([logId], database.AdminId);

        var adoption = await database.AdoptionAsync(adoptionId);
        Assert.Equal((AdoptionStatus.Active, (DateTimeOffset?)Now.AddDays(14)), (adoption.Status, adoption.ReplacementDueAt));
        Assert.Equal(held, await database.BalanceAsync(LifecycleSteps.Deferred(adoptionId)));
        Assert.Equal([CertificateStatus.Valid], await database.CertificatesAsync(adoptionId));
        Assert.Single(await database.MailsAsync(MailKinds.DeathNotice, adoptionId));
    }

    [Fact]
    public async Task A_rejected_death_log_settles_nothing()
    {
        var adoptionId = await AdoptAsync(DeathPolicy.ProRataRefund);
        var logId = await database.RecordDeathAsync(adoptionId);

        await database.LogReview().RejectAsync([logId], database.AdminId);

        Assert.Equal(AdoptionStatus.Active, (await database.AdoptionAsync(adoptionId)).Status);
        Assert.Empty(await database.MailsAsync(MailKinds.DeathNotice, adoptionId));
    }

    [Fact]
    public async Task A_confirmed_death_releases_a_checkout_still_waiting_for_its_bank_transfer()
    {
        var placed = await database.Checkout.PlaceAsync(
            database.Request(database.TakeFreeSheep(), provider: Sponsorship.Core.Payments.BankTransferPayments.ProviderName), database.SponsorA, "/my");

        await database.ConfirmDeathAsync(placed.AdoptionId);

        var adoption = await database.AdoptionAsync(placed.AdoptionId);
        Assert.Equal((AdoptionStatus.Cancelled, (DateTimeOffset?)null), (adoption.Status, adoption.ReservedUntil));
        await using var db = await database.CreateDbContextAsync();
        Assert.Equal(Sponsorship.Core.Payments.PaymentStatus.Expired, await db.Payments.Where(p => p.ProviderReference == placed.PaymentReference).Select(p => p.Status).SingleAsync());
        Assert.Empty(await database.MailsAsync(MailKinds.DeathNotice, placed.AdoptionId));
    }

    private async Task<int> HouseholdOfAsync(int adoptionId)
    {
        await using var db = await database.CreateDbContextAsync();
        return await db.Adoptions.Where(a => a.Id == adoptionId).Select(a => a.Sheep.HouseholdId).SingleAsync();
    }

    [Fact]
    public async Task A_death_recorded_by_a_trusted_household_settles_the_adoption_at_once_and_tells_the_sponsor_once()
    {
        var adoptionId = await AdoptAsync(DeathPolicy.ProRataRefund);
        var herder = new ApplicationUser { UserName = $"trusted-herder-{adoptionId}@test.local", Email = $"trusted-herder-{adoptionId}@test.local", DisplayName = "牧户" };
        int sheepId;
        await using (var db = await database.CreateDbContextAsync())
        {
            var sheep = await db.Adoptions.Where(a => a.Id == adoptionId).Select(a => new { a.SheepId, a.Sheep.HouseholdId }).SingleAsync();
            sheepId = sheep.SheepId;
            herder.HerderHouseholdId = sheep.HouseholdId;
            db.Users.Add(herder);
            await db.SaveChangesAsync();
            await db.Households.Where(h => h.Id == sheep.HouseholdId).ExecuteUpdateAsync(set => set.SetProperty(h => h.Trusted, true));
        }

        var logbook = new HerderLogbook(database.DbFactory, database.Files, database.Calendar);
        var recorded = await logbook.RecordDeathAsync(
            herder.Id, new DeathEntry(Guid.NewGuid().ToString("N"), sheepId, database.Calendar.Today, RemovalReason.NaturalDeath, "after the blizzard"));

        Assert.Equal(LogbookOutcome.Recorded, recorded.Outcome);
        // Approved with the write (the household is trusted): a second approval changes nothing and mails nobody again.
        Assert.Equal(0, (await database.LogReview().ApproveAsync([recorded.LogId!.Value], database.AdminId)).Changed);

        Assert.Equal(AdoptionStatus.Refunded, (await database.AdoptionAsync(adoptionId)).Status);
        Assert.Equal(0, await database.BalanceAsync(LifecycleSteps.Deferred(adoptionId)));
        Assert.Single(await database.MailsAsync(MailKinds.DeathNotice, adoptionId));
    }

    private async Task<string> RefundKeyAsync(int adoptionId)
    {
        await using var db = await database.CreateDbContextAsync();
        return LedgerKeys.Refund(await db.Payments.Where(p => p.AdoptionId == adoptionId).Select(p => p.Id).SingleAsync());
    }

    /// <summary>
    /// What the refund transaction sends back through the payment provider: pending until the provider confirms it, with
    /// a refund queued for exactly that amount.
    /// </summary>
    private async Task<long> RefundedAsync(string key)
    {
        await using var db = await database.CreateDbContextAsync();
        var pending = await db.LedgerEntries
            .Where(e => e.Transaction.IdempotencyKey == key && e.Account.Code == LedgerAccounts.RefundsPending).SumAsync(e => e.AmountFen);
        var queued = await db.Refunds.Where(r => r.IdempotencyKey == key).SingleAsync();
        Assert.Equal((pending, Sponsorship.Core.Payments.RefundStatus.Requested, Sponsorship.Core.Payments.RefundReason.SheepDied), (queued.AmountFen, queued.Status, queued.Reason));
        return pending;
    }
}
