using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Adoptions;
using Sponsorship.Core.Payments;

namespace Sponsorship.Core.Tests.Payments;

/// <summary>
/// Alipay's asynchronous notifications, made with keys generated in the test: signed by Alipay's key, recent, for our
/// app and seller, and for exactly the amount asked, a TRADE_SUCCESS captures once; everything else is refused or
/// ignored and changes nothing.
/// </summary>
public class AlipayNotificationTests(GatewayDatabase database) : IClassFixture<GatewayDatabase>
{
    private DateTimeOffset Now => database.Clock.GetUtcNow();

    private string Body(Dictionary<string, string> fields, System.Security.Cryptography.RSA? key = null) =>
        AlipayMessages.Form(AlipayMessages.WithSignature(fields, key ?? database.AlipayPlatform));

    private static readonly Dictionary<string, string> NoHeaders = [];

    [Fact]
    public async Task A_signed_TRADE_SUCCESS_for_the_exact_amount_captures_once_and_is_answered_with_the_word_success()
    {
        var placed = await database.PlaceAsync(AlipayPayments.ProviderName);
        var body = Body(AlipayMessages.TradeStatus(placed.PaymentReference, "1800.00", Now));

        var (reading, result) = await database.DeliverAsync(database.Alipay, body, NoHeaders);
        var replay = await database.DeliverAsync(database.Alipay, body, NoHeaders);

        Assert.Null(reading.Problem);
        Assert.Equal(PaymentEvents.ActivatedOutcome, result!.Outcome);
        Assert.Equal(NoticeHandling.Replay, replay.Result!.Handling);
        Assert.Equal(("success", 200), (database.Alipay.Accepted.Body, database.Alipay.Accepted.StatusCode));
        await using var db = await database.CreateDbContextAsync();
        var payment = await db.Payments.SingleAsync(p => p.ProviderReference == placed.PaymentReference);
        Assert.Equal(PaymentStatus.Captured, payment.Status);
        Assert.Equal(1, await db.LedgerTransactions.CountAsync(t => t.IdempotencyKey == $"capture:payment:{payment.Id}"));
        Assert.Equal(1, await db.Certificates.CountAsync(c => c.AdoptionId == payment.AdoptionId));
    }

    [Fact]
    public async Task A_notification_signed_with_another_key_or_changed_after_signing_is_refused_and_changes_nothing()
    {
        var placed = await database.PlaceAsync(AlipayPayments.ProviderName);
        var before = await database.StateOfAsync(placed.PaymentReference);

        var forged = await database.DeliverAsync(database.Alipay, Body(AlipayMessages.TradeStatus(placed.PaymentReference, "1800.00", Now), database.Stranger), NoHeaders);
        var fields = AlipayMessages.WithSignature(AlipayMessages.TradeStatus(placed.PaymentReference, "18.00", Now), database.AlipayPlatform);
        fields["total_amount"] = "1800.00";
        var tampered = await database.DeliverAsync(database.Alipay, AlipayMessages.Form(fields), NoHeaders);
        var unsigned = AlipayMessages.WithSignature(AlipayMessages.TradeStatus(placed.PaymentReference, "1800.00", Now), database.AlipayPlatform);
        unsigned["sign_type"] = "RSA";
        var weakType = await database.DeliverAsync(database.Alipay, AlipayMessages.Form(unsigned), NoHeaders);
        var twice = await database.DeliverAsync(database.Alipay, Body(AlipayMessages.TradeStatus(placed.PaymentReference, "1800.00", Now)) + "&total_amount=1800.00", NoHeaders);

        Assert.Equal("signature does not match", forged.Reading.Problem);
        Assert.Equal("signature does not match", tampered.Reading.Problem);
        Assert.Equal("signature does not match", weakType.Reading.Problem);
        Assert.Equal("a parameter appears more than once", twice.Reading.Problem);
        Assert.Equal(before, await database.StateOfAsync(placed.PaymentReference));
    }

    [Fact]
    public async Task A_notification_for_another_app_or_seller_is_refused_and_changes_nothing()
    {
        var placed = await database.PlaceAsync(AlipayPayments.ProviderName);
        var before = await database.StateOfAsync(placed.PaymentReference);

        var app = await database.DeliverAsync(database.Alipay, Body(AlipayMessages.TradeStatus(placed.PaymentReference, "1800.00", Now, appId: "2021000000000099")), NoHeaders);
        var seller = await database.DeliverAsync(database.Alipay, Body(AlipayMessages.TradeStatus(placed.PaymentReference, "1800.00", Now, sellerId: "2088000000000099")), NoHeaders);

        Assert.Equal("for app 2021000000000099, not ours", app.Reading.Problem);
        Assert.Equal("for seller 2088000000000099, not ours", seller.Reading.Problem);
        Assert.Equal(before, await database.StateOfAsync(placed.PaymentReference));
    }

    [Fact]
    public async Task An_old_notification_is_refused_and_changes_nothing()
    {
        var placed = await database.PlaceAsync(AlipayPayments.ProviderName);
        var before = await database.StateOfAsync(placed.PaymentReference);

        var old = await database.DeliverAsync(database.Alipay, Body(AlipayMessages.TradeStatus(placed.PaymentReference, "1800.00", Now.AddMinutes(-6))), NoHeaders);

        Assert.Equal("notify_time is outside the tolerance", old.Reading.Problem);
        Assert.Equal(before, await database.StateOfAsync(placed.PaymentReference));
    }

    [Fact]
    public async Task A_total_amount_that_differs_by_a_fen_or_is_not_an_amount_captures_nothing()
    {
        var short1 = await database.PlaceAsync(AlipayPayments.ProviderName);
        var garbled = await database.PlaceAsync(AlipayPayments.ProviderName);
        var before = await database.StateOfAsync(garbled.PaymentReference);

        var flagged = await database.DeliverAsync(database.Alipay, Body(AlipayMessages.TradeStatus(short1.PaymentReference, "1799.99", Now)), NoHeaders);
        var notAnAmount = await database.DeliverAsync(database.Alipay, Body(AlipayMessages.TradeStatus(garbled.PaymentReference, "1,800.00", Now)), NoHeaders);

        Assert.StartsWith("flagged: captured 179999 CNY, expected 180000 CNY", flagged.Result!.Outcome, StringComparison.Ordinal);
        Assert.Equal("the amount is not an amount", notAnAmount.Reading.Problem);
        Assert.Equal(before, await database.StateOfAsync(garbled.PaymentReference));
        await using var db = await database.CreateDbContextAsync();
        Assert.Equal(AdoptionStatus.PendingPayment, await db.Adoptions.Where(a => a.Id == short1.AdoptionId).Select(a => a.Status).SingleAsync());
        Assert.Equal(0, await db.LedgerTransactions.CountAsync(t => t.AdoptionId == short1.AdoptionId));
    }

    [Fact]
    public async Task A_closed_or_finished_trade_arriving_after_the_capture_changes_nothing()
    {
        var placed = await database.PlaceAsync(AlipayPayments.ProviderName);
        var closedFirst = await database.DeliverAsync(database.Alipay, Body(AlipayMessages.TradeStatus(placed.PaymentReference, "1800.00", Now, "WAIT_BUYER_PAY")), NoHeaders);
        Assert.Equal("ignored: not a payment outcome", closedFirst.Result!.Outcome);

        Assert.Equal(PaymentEvents.ActivatedOutcome,
            (await database.DeliverAsync(database.Alipay, Body(AlipayMessages.TradeStatus(placed.PaymentReference, "1800.00", Now)), NoHeaders)).Result!.Outcome);
        var captured = await database.StateOfAsync(placed.PaymentReference);

        var closed = await database.DeliverAsync(database.Alipay, Body(AlipayMessages.TradeStatus(placed.PaymentReference, "1800.00", Now, "TRADE_CLOSED")), NoHeaders);
        var finished = await database.DeliverAsync(database.Alipay, Body(AlipayMessages.TradeStatus(placed.PaymentReference, "1800.00", Now, "TRADE_FINISHED")), NoHeaders);

        Assert.Equal("ignored: not a payment outcome", closed.Result!.Outcome);
        Assert.Equal("ignored: payment already captured", finished.Result!.Outcome);
        Assert.Equal(captured, await database.StateOfAsync(placed.PaymentReference));
    }
}
