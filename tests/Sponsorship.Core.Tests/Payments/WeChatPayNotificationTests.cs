using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Adoptions;
using Sponsorship.Core.Ledger;
using Sponsorship.Core.Payments;
using Sponsorship.Core.Tests.Adoptions;

namespace Sponsorship.Core.Tests.Payments;

/// <summary>
/// WeChat Pay notifications, made with keys generated in the test: exactly one kind captures — signed by WeChat Pay's
/// key, recent, sealed under our APIv3 key, for our merchant and app — and it captures once; everything else is
/// refused (or, when it is WeChat Pay's own word, ignored) and changes nothing.
/// </summary>
public class WeChatPayNotificationTests(GatewayDatabase database) : IClassFixture<GatewayDatabase>
{
    private DateTimeOffset Now => database.Clock.GetUtcNow();

    private (string Body, Dictionary<string, string> Headers) Notification(string plaintext, string eventType = "TRANSACTION.SUCCESS", string? id = null)
    {
        var body = WeChatPayMessages.Envelope(eventType, plaintext, database.ApiV3Key, id, eventType.StartsWith("REFUND", StringComparison.Ordinal) ? "refund" : "transaction");
        return (body, WeChatPayMessages.Headers(body, database.WeChatPlatform, Now));
    }

    [Fact]
    public async Task A_signed_and_sealed_TRANSACTION_SUCCESS_for_our_merchant_captures_the_payment_once()
    {
        var placed = await database.PlaceAsync(WeChatPayPayments.ProviderName);
        var (body, headers) = Notification(WeChatPayMessages.Transaction(placed.PaymentReference, database.PlanPrice));

        var (reading, result) = await database.DeliverAsync(database.WeChat, body, headers);
        var again = await database.DeliverAsync(database.WeChat, body, headers);

        Assert.Null(reading.Problem);
        Assert.Equal(PaymentEvents.ActivatedOutcome, result!.Outcome);
        Assert.Equal(NoticeHandling.Replay, again.Result!.Handling);
        await using var db = await database.CreateDbContextAsync();
        var payment = await db.Payments.Include(p => p.Adoption).SingleAsync(p => p.ProviderReference == placed.PaymentReference);
        Assert.Equal((PaymentStatus.Captured, AdoptionStatus.Active), (payment.Status, payment.Adoption!.Status));
        Assert.Equal(1, await db.LedgerTransactions.CountAsync(t => t.IdempotencyKey == $"capture:payment:{payment.Id}"));
        Assert.Equal(1, await db.Certificates.CountAsync(c => c.AdoptionId == payment.AdoptionId));

        // What is kept of it is the decrypted resource, not the ciphertext.
        var stored = await db.ProviderEvents.SingleAsync(e => e.PaymentId == payment.Id);
        Assert.Contains(placed.PaymentReference, stored.Payload, StringComparison.Ordinal);
        Assert.Contains("\"trade_state\":\"SUCCESS\"", stored.Payload, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_same_notification_delivered_eight_times_at_once_captures_once()
    {
        var placed = await database.PlaceAsync(WeChatPayPayments.ProviderName);
        var (body, headers) = Notification(WeChatPayMessages.Transaction(placed.PaymentReference, database.PlanPrice));

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => database.DeliverAsync(database.WeChat, body, headers))));

        Assert.Single(results, r => r.Result!.Handling == NoticeHandling.Applied);
        await using var db = await database.CreateDbContextAsync();
        Assert.Equal(1, await db.LedgerTransactions.CountAsync(t => t.AdoptionId == placed.AdoptionId && t.Kind == LedgerKinds.Capture));
        Assert.Equal(1, await db.Certificates.CountAsync(c => c.AdoptionId == placed.AdoptionId));
    }

    [Fact]
    public async Task A_notification_replayed_after_the_time_window_is_refused_and_changes_nothing()
    {
        var placed = await database.PlaceAsync(WeChatPayPayments.ProviderName);
        var before = await database.StateOfAsync(placed.PaymentReference);
        var body = WeChatPayMessages.Envelope("TRANSACTION.SUCCESS", WeChatPayMessages.Transaction(placed.PaymentReference, database.PlanPrice), database.ApiV3Key);

        var old = await database.DeliverAsync(database.WeChat, body, WeChatPayMessages.Headers(body, database.WeChatPlatform, Now.AddMinutes(-6)));
        var future = await database.DeliverAsync(database.WeChat, body, WeChatPayMessages.Headers(body, database.WeChatPlatform, Now.AddMinutes(6)));

        Assert.Equal("signature timestamp is outside the tolerance", old.Reading.Problem);
        Assert.Equal("signature timestamp is outside the tolerance", future.Reading.Problem);
        Assert.Equal(before, await database.StateOfAsync(placed.PaymentReference));
    }

    [Fact]
    public async Task A_notification_signed_with_a_key_that_is_not_WeChat_Pays_is_refused_and_changes_nothing()
    {
        var placed = await database.PlaceAsync(WeChatPayPayments.ProviderName);
        var before = await database.StateOfAsync(placed.PaymentReference);
        var body = WeChatPayMessages.Envelope("TRANSACTION.SUCCESS", WeChatPayMessages.Transaction(placed.PaymentReference, database.PlanPrice), database.ApiV3Key);

        var forged = await database.DeliverAsync(database.WeChat, body, WeChatPayMessages.Headers(body, database.Stranger, Now));
        var otherSerial = await database.DeliverAsync(database.WeChat, body, WeChatPayMessages.Headers(body, database.Stranger, Now, serial: "PUB_KEY_ID_STRANGER"));
        var noHeaders = await database.DeliverAsync(database.WeChat, body, new Dictionary<string, string>());

        Assert.Equal("signature does not match", forged.Reading.Problem);
        Assert.Contains("not with the WeChat Pay public key we hold", otherSerial.Reading.Problem, StringComparison.Ordinal);
        Assert.Contains("missing", noHeaders.Reading.Problem, StringComparison.Ordinal);
        Assert.Equal(before, await database.StateOfAsync(placed.PaymentReference));
    }

    [Fact]
    public async Task A_tampered_ciphertext_is_refused_even_when_the_envelope_is_signed_again_and_changes_nothing()
    {
        var placed = await database.PlaceAsync(WeChatPayPayments.ProviderName);
        var before = await database.StateOfAsync(placed.PaymentReference);
        var body = WeChatPayMessages.Envelope("TRANSACTION.SUCCESS", WeChatPayMessages.Transaction(placed.PaymentReference, database.PlanPrice), database.ApiV3Key);
        var envelope = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(body)!;
        var resource = JsonSerializer.Deserialize<Dictionary<string, string>>(envelope["resource"].GetRawText())!;
        var sealedBytes = Convert.FromBase64String(resource["ciphertext"]);
        sealedBytes[10] ^= 0x01;
        resource["ciphertext"] = Convert.ToBase64String(sealedBytes);
        var tampered = JsonSerializer.Serialize(new Dictionary<string, object>(envelope.Select(e => new KeyValuePair<string, object>(e.Key, e.Value))) { ["resource"] = resource });

        // Signed properly: only the AEAD tag notices (as it would a body sealed under another APIv3 key).
        var result = await database.DeliverAsync(database.WeChat, tampered, WeChatPayMessages.Headers(tampered, database.WeChatPlatform, Now));
        var otherKey = WeChatPayMessages.Envelope("TRANSACTION.SUCCESS", WeChatPayMessages.Transaction(placed.PaymentReference, database.PlanPrice), new string('k', 32));
        var otherKeyResult = await database.DeliverAsync(database.WeChat, otherKey, WeChatPayMessages.Headers(otherKey, database.WeChatPlatform, Now));
        var changed = body.Replace("\"summary\":", "\"summary\" :", StringComparison.Ordinal);
        var bodyChangedAfterSigning = await database.DeliverAsync(database.WeChat, changed, WeChatPayMessages.Headers(body, database.WeChatPlatform, Now));

        Assert.Equal("resource does not decrypt under our APIv3 key", result.Reading.Problem);
        Assert.Equal("resource does not decrypt under our APIv3 key", otherKeyResult.Reading.Problem);
        Assert.Equal("signature does not match", bodyChangedAfterSigning.Reading.Problem);
        Assert.Equal(before, await database.StateOfAsync(placed.PaymentReference));
    }

    [Fact]
    public async Task A_notification_for_another_merchant_or_app_is_refused_and_changes_nothing()
    {
        var placed = await database.PlaceAsync(WeChatPayPayments.ProviderName);
        var before = await database.StateOfAsync(placed.PaymentReference);

        var (merchantBody, merchantHeaders) = Notification(WeChatPayMessages.Transaction(placed.PaymentReference, database.PlanPrice, mchid: "1900000001"));
        var (appBody, appHeaders) = Notification(WeChatPayMessages.Transaction(placed.PaymentReference, database.PlanPrice, appid: "wx0000000000000001"));
        var merchant = await database.DeliverAsync(database.WeChat, merchantBody, merchantHeaders);
        var app = await database.DeliverAsync(database.WeChat, appBody, appHeaders);

        Assert.Equal("for merchant 1900000001, not ours", merchant.Reading.Problem);
        Assert.Equal("for app wx0000000000000001, not ours", app.Reading.Problem);
        Assert.Equal(before, await database.StateOfAsync(placed.PaymentReference));
    }

    [Fact]
    public async Task A_signed_capture_of_the_wrong_amount_or_currency_activates_nothing_and_flags_the_payment_for_an_administrator()
    {
        var wrongAmount = await database.PlaceAsync(WeChatPayPayments.ProviderName);
        var wrongCurrency = await database.PlaceAsync(WeChatPayPayments.ProviderName);
        var (body, headers) = Notification(WeChatPayMessages.Transaction(wrongAmount.PaymentReference, database.PlanPrice - 1));
        var (usdBody, usdHeaders) = Notification(WeChatPayMessages.Transaction(wrongCurrency.PaymentReference, database.PlanPrice, currency: "USD"));

        var amount = await database.DeliverAsync(database.WeChat, body, headers);
        var currency = await database.DeliverAsync(database.WeChat, usdBody, usdHeaders);

        Assert.StartsWith("flagged: captured 179999 CNY, expected 180000 CNY", amount.Result!.Outcome, StringComparison.Ordinal);
        Assert.StartsWith("flagged", currency.Result!.Outcome, StringComparison.Ordinal);
        await using var db = await database.CreateDbContextAsync();
        foreach (var placed in new[] { wrongAmount, wrongCurrency })
        {
            Assert.Equal(AdoptionStatus.PendingPayment, await db.Adoptions.Where(a => a.Id == placed.AdoptionId).Select(a => a.Status).SingleAsync());
            Assert.Equal(0, await db.LedgerTransactions.CountAsync(t => t.AdoptionId == placed.AdoptionId));
            Assert.Equal(0, await db.Certificates.CountAsync(c => c.AdoptionId == placed.AdoptionId));
        }
    }

    [Fact]
    public async Task Notifications_out_of_order_cannot_undo_a_capture_or_settle_a_refund_that_was_never_asked()
    {
        var placed = await database.PlaceAsync(WeChatPayPayments.ProviderName);
        var before = await database.StateOfAsync(placed.PaymentReference);

        // A refund's result arriving before anything was paid or refunded: recorded, nothing else.
        var (refundBody, refundHeaders) = Notification(
            WeChatPayMessages.RefundResult(placed.PaymentReference, "RF0000000001", database.PlanPrice, database.PlanPrice), "REFUND.SUCCESS");
        var early = await database.DeliverAsync(database.WeChat, refundBody, refundHeaders);
        Assert.Equal("ignored: no such refund", early.Result!.Outcome);
        Assert.Equal(before, await database.StateOfAsync(placed.PaymentReference));

        // The capture, then an older "not paid" event WeChat Pay sent first but delivered last.
        var (body, headers) = Notification(WeChatPayMessages.Transaction(placed.PaymentReference, database.PlanPrice));
        Assert.Equal(PaymentEvents.ActivatedOutcome, (await database.DeliverAsync(database.WeChat, body, headers)).Result!.Outcome);
        var captured = await database.StateOfAsync(placed.PaymentReference);
        var (lateBody, lateHeaders) = Notification(WeChatPayMessages.Transaction(placed.PaymentReference, database.PlanPrice, state: "NOTPAY"), "TRANSACTION.NOTPAY");
        var late = await database.DeliverAsync(database.WeChat, lateBody, lateHeaders);
        Assert.Equal("ignored: not a payment outcome", late.Result!.Outcome);
        Assert.Equal(captured, await database.StateOfAsync(placed.PaymentReference));
    }

    [Fact]
    public async Task A_refunds_success_notification_settles_it_once_and_only_for_the_amount_asked()
    {
        var placed = await database.PlaceAsync(WeChatPayPayments.ProviderName);
        var (body, headers) = Notification(WeChatPayMessages.Transaction(placed.PaymentReference, database.PlanPrice));
        await database.DeliverAsync(database.WeChat, body, headers);
        var refund = await QueueRefundAsync(placed.PaymentReference, 50_000);
        var pendingBefore = await database.BalanceAsync(LedgerAccounts.RefundsPending);

        var (wrongBody, wrongHeaders) = Notification(
            WeChatPayMessages.RefundResult(placed.PaymentReference, refund.Reference, 60_000, database.PlanPrice), "REFUND.SUCCESS");
        var wrong = await database.DeliverAsync(database.WeChat, wrongBody, wrongHeaders);
        var (refundBody, refundHeaders) = Notification(
            WeChatPayMessages.RefundResult(placed.PaymentReference, refund.Reference, 50_000, database.PlanPrice), "REFUND.SUCCESS");
        var settled = await database.DeliverAsync(database.WeChat, refundBody, refundHeaders);
        var (againBody, againHeaders) = Notification(
            WeChatPayMessages.RefundResult(placed.PaymentReference, refund.Reference, 50_000, database.PlanPrice), "REFUND.SUCCESS");
        var again = await database.DeliverAsync(database.WeChat, againBody, againHeaders);
        var (abnormalBody, abnormalHeaders) = Notification(
            WeChatPayMessages.RefundResult(placed.PaymentReference, refund.Reference, 50_000, database.PlanPrice, "ABNORMAL"), "REFUND.ABNORMAL");
        var abnormal = await database.DeliverAsync(database.WeChat, abnormalBody, abnormalHeaders);

        Assert.StartsWith("ignored: refund of 60000 fen confirmed", wrong.Result!.Outcome, StringComparison.Ordinal);
        Assert.Equal("refund settled", settled.Result!.Outcome);
        Assert.Equal("ignored: refund already settled", again.Result!.Outcome);
        Assert.Equal("ignored: refund already settled", abnormal.Result!.Outcome);
        Assert.Equal(pendingBefore - 50_000, await database.BalanceAsync(LedgerAccounts.RefundsPending));
        await using var db = await database.CreateDbContextAsync();
        var stored = await db.Refunds.SingleAsync(r => r.Id == refund.Id);
        Assert.Equal(RefundStatus.Succeeded, stored.Status);
        Assert.Equal(1, await db.LedgerTransactions.CountAsync(t => t.IdempotencyKey == Refunds.SettledKey(stored.PaymentId)));
    }

    /// <summary>A refund of part of a captured payment, queued as the death policy does (its money moved to refunds pending).</summary>
    private async Task<Refund> QueueRefundAsync(string reference, long amountFen) =>
        await LedgerWrites.RunAsync(database.DbFactory, async db =>
        {
            var payment = await db.Payments.SingleAsync(p => p.ProviderReference == reference);
            await LedgerBook.PostAsync(db, new LedgerPosting(LedgerKeys.Refund(payment.Id), LedgerKinds.Refund, $"payment:{payment.Id}",
                [new(LedgerAccounts.AdoptionDeferred(payment.AdoptionId!.Value), -amountFen), new(LedgerAccounts.RefundsPending, amountFen)], payment.AdoptionId), Now);
            return (await Refunds.QueueAsync(db, payment, amountFen, RefundReason.SheepDied, null, Now))!;
        });
}
