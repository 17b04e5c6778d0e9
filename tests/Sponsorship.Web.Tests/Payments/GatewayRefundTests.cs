using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Sponsorship.Core.Ledger;
using Sponsorship.Core.Payments;

namespace Sponsorship.Web.Tests.Payments;

/// <summary>
/// Refunds go back the way the money came, over real HTTP to the emulated gateways: sent three times at once, a refund
/// is paid once and settled once, and the ledger holds it as pending until the gateway confirms it.
/// </summary>
[Collection(GatewayApps.Name)]
public sealed class GatewayRefundTests(GatewayApp app)
{
    [Fact]
    public async Task A_WeChat_Pay_refund_sent_three_times_at_once_is_paid_once_and_settled_once_when_WeChat_Pay_confirms_it()
    {
        var placed = await app.PlaceAsync(WeChatPayPayments.ProviderName);
        Assert.Equal(EmulatedPayment.Paid, await app.Get<WeChatPayEmulator>().PayAsync(await app.OpenWeChatPayAsync(placed.PaymentReference)));
        var pendingBefore = await PendingAsync();
        var refund = await app.QueueDeathRefundAsync(placed.AdoptionId);
        Assert.Equal(pendingBefore + refund.AmountFen, await PendingAsync());

        await SendThreeTimesAtOnceAsync(refund.Id);

        Assert.True(await app.EventuallyAsync(async db => await db.Refunds.AnyAsync(r => r.Id == refund.Id && r.Status == RefundStatus.Succeeded)));
        Assert.Equal(refund.AmountFen, app.Get<WeChatPayEmulator>().RefundedFen(placed.PaymentReference));
        await AssertSettledOnceAsync(refund, pendingBefore);

        // Asked again later (the job's next round): still one refund at WeChat Pay, nothing posted.
        await SendThreeTimesAtOnceAsync(refund.Id);
        Assert.Equal(refund.AmountFen, app.Get<WeChatPayEmulator>().RefundedFen(placed.PaymentReference));
        await AssertSettledOnceAsync(refund, pendingBefore);
    }

    [Fact]
    public async Task An_Alipay_refund_sent_three_times_at_once_is_paid_once_under_its_out_request_no_and_settled_once()
    {
        var placed = await app.PlaceAsync(AlipayPayments.ProviderName);
        Assert.Equal(EmulatedPayment.Paid, (await app.Get<AlipayEmulator>().PayAsync(await app.OpenAlipayAsync(placed.PaymentReference))).Payment);
        var pendingBefore = await PendingAsync();
        var refund = await app.QueueDeathRefundAsync(placed.AdoptionId);

        await SendThreeTimesAtOnceAsync(refund.Id);

        Assert.True(await app.EventuallyAsync(async db => await db.Refunds.AnyAsync(r => r.Id == refund.Id && r.Status == RefundStatus.Succeeded)));
        Assert.Equal(refund.AmountFen, app.Get<AlipayEmulator>().RefundedFen(placed.PaymentReference));
        await AssertSettledOnceAsync(refund, pendingBefore);
    }

    [Fact]
    public async Task An_administrator_refunds_a_flagged_payment_the_way_it_came_once_however_often_it_is_asked()
    {
        // The sponsor opens Alipay's cashier but pays only after the reservation lapsed and someone else adopted the sheep.
        var placed = await app.PlaceAsync(AlipayPayments.ProviderName);
        var tradeNo = await app.OpenAlipayAsync(placed.PaymentReference);
        int sheepId;
        await using (var db = await app.DbAsync())
        {
            sheepId = await db.Adoptions.Where(a => a.Id == placed.AdoptionId).Select(a => a.SheepId).SingleAsync();
            await db.Adoptions.Where(a => a.Id == placed.AdoptionId)
                .ExecuteUpdateAsync(set => set.SetProperty(a => a.ReservedUntil, DateTimeOffset.UnixEpoch));
        }

        await using (var jobs = app.Services.CreateAsyncScope())
        {
            Assert.Equal(1, await new Sponsorship.Core.Adoptions.ReservationExpiry(app.DbFactory, app.Get<TimeProvider>()).RunAsync());
            var other = await app.PlaceAsync(SandboxPayments.ProviderName, sheepId, Sponsorship.Core.Demo.DemoAccounts.SecondSponsor.Email);
            var sandbox = jobs.ServiceProvider.GetRequiredService<SandboxPayments>();
            var (body, signature) = sandbox.Event("payment.captured", other.PaymentReference, 180_000, "CNY");
            await jobs.ServiceProvider.GetRequiredService<PaymentEvents>().HandleAsync(sandbox.ReadWebhook(body, _ => signature).Notice!, body);
        }

        await app.Get<AlipayEmulator>().PayAsync(tradeNo);
        await using (var db = await app.DbAsync())
        {
            var flagged = await db.Payments.SingleAsync(p => p.ProviderReference == placed.PaymentReference);
            Assert.Equal(PaymentStatus.Flagged, flagged.Status);
            Assert.Contains("refund it", flagged.FlagReason, StringComparison.Ordinal);
        }

        var admin = await app.UserIdAsync(Sponsorship.Core.Demo.DemoAccounts.Admin.Email);
        var sponsor = await app.UserIdAsync(Sponsorship.Core.Demo.DemoAccounts.Sponsor.Email);

        await using var scope = app.Services.CreateAsyncScope();
        var refunds = scope.ServiceProvider.GetRequiredService<RefundAdmin>();
        Assert.Equal(RefundAdminResult.NotAllowed, await refunds.RefundFlaggedAsync(await PaymentIdAsync(placed.PaymentReference), sponsor));
        Assert.Equal(RefundAdminResult.Done, await refunds.RefundFlaggedAsync(await PaymentIdAsync(placed.PaymentReference), admin));

        // Alipay confirms at once (fund_change Y): the payment is refunded, and a second press finds nothing to refund.
        Assert.Equal(RefundAdminResult.NotRefundable, await refunds.RefundFlaggedAsync(await PaymentIdAsync(placed.PaymentReference), admin));

        Assert.True(await app.EventuallyAsync(async db => await db.Payments.AnyAsync(p => p.ProviderReference == placed.PaymentReference && p.Status == PaymentStatus.Refunded)));
        Assert.Equal(180_000, app.Get<AlipayEmulator>().RefundedFen(placed.PaymentReference));
        await using var check = await app.DbAsync();
        var refund = await check.Refunds.SingleAsync(r => r.Payment.ProviderReference == placed.PaymentReference);
        Assert.Equal((RefundStatus.Succeeded, RefundReason.Administrator, admin), (refund.Status, refund.Reason, refund.RequestedByUserId));
        var postings = await check.LedgerTransactions.Where(t => t.IdempotencyKey.StartsWith($"refund:{refund.PaymentId}")).Select(t => t.Kind).ToListAsync();
        Assert.Equal([LedgerKinds.UnmatchedRefund, LedgerKinds.UnmatchedRefund], postings);
        Assert.Contains(await refunds.ListAsync(admin) ?? [], r => r.Id == refund.Id && r.Status == RefundStatus.Succeeded);
        Assert.Null(await refunds.ListAsync(sponsor));
    }

    private async Task SendThreeTimesAtOnceAsync(int refundId)
    {
        using var start = new Barrier(3);
        await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(async () =>
        {
            await using var scope = app.Services.CreateAsyncScope();
            var dispatcher = scope.ServiceProvider.GetRequiredService<RefundDispatcher>();
            start.SignalAndWait();
            return await dispatcher.SendAsync(refundId);
        })));
    }

    private async Task AssertSettledOnceAsync(Refund refund, long pendingBefore)
    {
        await using var db = await app.DbAsync();
        Assert.Equal(1, await db.LedgerTransactions.CountAsync(t => t.IdempotencyKey == Refunds.SettledKey(refund.PaymentId)));
        Assert.Equal(1, await db.LedgerTransactions.CountAsync(t => t.IdempotencyKey == LedgerKeys.Refund(refund.PaymentId)));
        Assert.Equal(pendingBefore, await PendingAsync());
        Assert.Single(await db.Refunds.Where(r => r.PaymentId == refund.PaymentId).ToListAsync());
    }

    private async Task<long> PendingAsync()
    {
        await using var db = await app.DbAsync();
        return await LedgerBook.BalanceAsync(db, LedgerAccounts.RefundsPending);
    }

    private async Task<int> PaymentIdAsync(string reference)
    {
        await using var db = await app.DbAsync();
        return await db.Payments.Where(p => p.ProviderReference == reference).Select(p => p.Id).SingleAsync();
    }
}
