using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Sponsorship.Core.Ledger;
using Sponsorship.Core.Payments;
using Sponsorship.Core.Tests.Adoptions;

namespace Sponsorship.Core.Tests.Payments;

/// <summary>
/// A refund is money on its way back until the provider says it arrived: the ledger holds it in refunds pending, the
/// sponsor's money trail says so, and a bank transfer's refund waits for an administrator to pay it back by hand.
/// </summary>
public class RefundLedgerTests(GatewayDatabase database) : IClassFixture<GatewayDatabase>
{
    private DateTimeOffset Now => database.Clock.GetUtcNow();

    private RefundDispatcher Dispatcher => new(database.DbFactory, [database.WeChat, database.Alipay, database.Sandbox], database.Clock, NullLogger<RefundDispatcher>.Instance);

    [Fact]
    public async Task A_refund_through_WeChat_Pay_shows_in_the_sponsors_money_trail_as_on_its_way_back_until_WeChat_Pay_confirms_it()
    {
        var placed = await database.PlaceAsync(WeChatPayPayments.ProviderName);
        var capture = WeChatPayMessages.Envelope("TRANSACTION.SUCCESS", WeChatPayMessages.Transaction(placed.PaymentReference, database.PlanPrice), database.ApiV3Key);
        await database.DeliverAsync(database.WeChat, capture, WeChatPayMessages.Headers(capture, database.WeChatPlatform, Now));
        var refund = await RefundRemainderAsync(placed.AdoptionId);

        var pending = Assert.Single(await RefundStepsAsync(placed.AdoptionId));
        Assert.Equal(("refund-pending", refund.AmountFen), (pending.Stage, pending.RefundedFen));

        var result = WeChatPayMessages.RefundResult(placed.PaymentReference, refund.Reference, refund.AmountFen, database.PlanPrice);
        var body = WeChatPayMessages.Envelope("REFUND.SUCCESS", result, database.ApiV3Key, originalType: "refund");
        Assert.Equal("refund settled", (await database.DeliverAsync(database.WeChat, body, WeChatPayMessages.Headers(body, database.WeChatPlatform, Now))).Result!.Outcome);

        var settled = Assert.Single(await RefundStepsAsync(placed.AdoptionId));
        Assert.Equal(("refund", refund.AmountFen), (settled.Stage, settled.RefundedFen));
        await using var db = await database.CreateDbContextAsync();
        Assert.True((await LedgerIntegrity.CheckAsync(db, Now)).IsIntact);
    }

    [Fact]
    public async Task A_bank_transfers_refund_waits_for_an_administrator_who_marks_it_paid_back_by_hand_once()
    {
        var placed = await database.PlaceAsync(BankTransferPayments.ProviderName);
        await database.Events.ConfirmBankTransferAsync(placed.PaymentReference, database.PlanPrice, database.AdminId);
        var refund = await RefundRemainderAsync(placed.AdoptionId);
        var pendingBefore = await database.BalanceAsync(LedgerAccounts.RefundsPending);
        var admin = new RefundAdmin(database.DbFactory, Dispatcher, database.Clock);

        Assert.Equal(RefundStatus.ByHand, await Dispatcher.SendAsync(refund.Id));
        Assert.Equal(RefundStatus.ByHand, await Dispatcher.SendAsync(refund.Id));
        Assert.Equal(RefundAdminResult.NotAllowed, await admin.ConfirmPaidByHandAsync(refund.Id, database.SponsorA));
        Assert.Equal(pendingBefore, await database.BalanceAsync(LedgerAccounts.RefundsPending));

        Assert.Equal(RefundAdminResult.Done, await admin.ConfirmPaidByHandAsync(refund.Id, database.AdminId));
        Assert.Equal(RefundAdminResult.NotWaiting, await admin.ConfirmPaidByHandAsync(refund.Id, database.AdminId));

        Assert.Equal(pendingBefore - refund.AmountFen, await database.BalanceAsync(LedgerAccounts.RefundsPending));
        await using var db = await database.CreateDbContextAsync();
        var stored = await db.Refunds.SingleAsync(r => r.Id == refund.Id);
        Assert.Equal((RefundStatus.Succeeded, database.AdminId), (stored.Status, stored.SettledByUserId));
        Assert.Equal(1, await db.LedgerTransactions.CountAsync(t => t.IdempotencyKey == Refunds.SettledKey(stored.PaymentId)));
    }

    [Fact]
    public async Task A_sandbox_refund_is_settled_as_soon_as_it_is_sent()
    {
        var (adoptionId, _) = await database.AdoptAsync();
        var refund = await RefundRemainderAsync(adoptionId);

        Assert.Equal(RefundStatus.Succeeded, await Dispatcher.SendAsync(refund.Id));
        Assert.Equal(RefundStatus.Succeeded, await Dispatcher.SendAsync(refund.Id));

        await using var db = await database.CreateDbContextAsync();
        Assert.Equal(1, await db.LedgerTransactions.CountAsync(t => t.IdempotencyKey == Refunds.SettledKey(refund.PaymentId)));
    }

    /// <summary>The death policy's refund of what is left of the term (all of it, the term having just started).</summary>
    private async Task<Refund> RefundRemainderAsync(int adoptionId)
    {
        await LedgerWrites.RunAsync(database.DbFactory, async db =>
            await ShareReleases.RefundRemainderAsync(db, await db.Adoptions.SingleAsync(a => a.Id == adoptionId), Now, Now));
        await using var read = await database.CreateDbContextAsync();
        return await read.Refunds.SingleAsync(r => r.Payment.AdoptionId == adoptionId);
    }

    private async Task<List<TrailStep>> RefundStepsAsync(int adoptionId)
    {
        await using var db = await database.CreateDbContextAsync();
        var trail = await MoneyTrail.ForAdoptionAsync(db, adoptionId, database.SponsorA);
        return [.. trail!.Steps.Where(s => s.Kind == LedgerKinds.Refund)];
    }
}
