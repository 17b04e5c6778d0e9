using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Adoptions;
using Sponsorship.Core.Certificates;
using Sponsorship.Core.Data;
using Sponsorship.Core.Ledger;
using Sponsorship.Core.Mail;
using Sponsorship.Core.Payments;
using Xunit.Abstractions;

namespace Sponsorship.Core.Tests.Adoptions;

public class PaymentEventsTests(AdoptionDatabase database, ITestOutputHelper output) : IClassFixture<AdoptionDatabase>
{
    [Fact]
    public async Task A_captured_payment_starts_the_term_posts_to_the_ledger_issues_the_certificate_and_queues_the_mail()
    {
        var (adoptionId, reference) = await database.AdoptAsync();

        await using var db = await database.CreateDbContextAsync();
        var adoption = await db.Adoptions.SingleAsync(a => a.Id == adoptionId);
        var now = database.Clock.GetUtcNow();
        Assert.Equal(AdoptionStatus.Active, adoption.Status);
        Assert.Equal(now, adoption.StartAt);
        Assert.Equal(now.AddMonths(12), adoption.EndAt);
        Assert.Null(adoption.ReservedUntil);
        var payment = await db.Payments.SingleAsync(p => p.ProviderReference == reference);
        Assert.Equal(PaymentStatus.Captured, payment.Status);
        Assert.Equal(adoption.EndAt, payment.TermEnd);
        var deferred = await db.LedgerAccounts.SingleAsync(a => a.Code == LedgerAccounts.AdoptionDeferred(adoptionId));
        Assert.Equal(database.PlanPrice, await db.LedgerEntries
            .Where(e => e.AccountId == deferred.Id && e.Transaction.Kind == LedgerKinds.Capture).SumAsync(e => e.AmountFen));
        // The shares due at once (village, cooperative, platform, the herder's first tranche) leave it in the same transaction.
        Assert.Equal(1, await db.LedgerTransactions.CountAsync(t => t.AdoptionId == adoptionId && t.Kind == LedgerKinds.Release));
        Assert.True(deferred.BalanceFen is > 0 and < 180_000);
        var certificate = await db.Certificates.SingleAsync(c => c.AdoptionId == adoptionId);
        Assert.Equal(CertificateStatus.Valid, certificate.Status);
        Assert.Equal("李喆", certificate.NameOnCertificate);
        var mail = await db.OutboxMails.SingleAsync(m => m.Kind == MailKinds.AdoptionConfirmed && m.DedupeKey == $"confirmed:payment:{payment.Id}");
        Assert.Equal(adoptionId, Assert.IsType<AdoptionConfirmedPayload>(MailPayload.Read(mail)).AdoptionId);
    }

    [Fact]
    public async Task A_replayed_event_is_acknowledged_and_changes_nothing()
    {
        var placed = await database.Checkout.PlaceAsync(database.Request(database.TakeFreeSheep()), database.SponsorA, "/my");
        var (body, signature) = database.Sandbox.Event("payment.captured", placed.PaymentReference, database.PlanPrice, "CNY");
        var notice = database.Sandbox.ReadWebhook(body, _ => signature).Notice!;

        var retries = Contention.RetriesTaken;
        var watch = Stopwatch.StartNew();
        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => database.Events.HandleAsync(notice, body))));
        output.WriteLine($"figure: 8 copies of one capture webhook at once on {database.Provider}: all answered in {watch.ElapsedMilliseconds} ms, {Contention.RetriesTaken - retries} retries");

        Assert.Single(results, r => r.Handling == NoticeHandling.Applied);
        await using var db = await database.CreateDbContextAsync();
        Assert.Equal(1, await db.LedgerTransactions.CountAsync(t => t.AdoptionId == placed.AdoptionId && t.Kind == LedgerKinds.Capture));
        Assert.Equal(1, await db.LedgerTransactions.CountAsync(t => t.AdoptionId == placed.AdoptionId && t.Kind == LedgerKinds.Release));
        Assert.Equal(1, await db.Certificates.CountAsync(c => c.AdoptionId == placed.AdoptionId));
        Assert.Equal(1, await db.ProviderEvents.CountAsync(e => e.EventId == notice.EventId));
    }

    [Fact]
    public async Task A_bad_signature_is_rejected_before_the_body_is_read()
    {
        var placed = await database.Checkout.PlaceAsync(database.Request(database.TakeFreeSheep()), database.SponsorA, "/my");
        var (body, signature) = database.Sandbox.Event("payment.captured", placed.PaymentReference, database.PlanPrice, "CNY");

        Assert.NotNull(database.Sandbox.ReadWebhook(body.Replace("CNY", "USD", StringComparison.Ordinal), _ => signature).Problem);
        Assert.NotNull(database.Sandbox.ReadWebhook(body, _ => null).Problem);
        Assert.NotNull(database.Sandbox.ReadWebhook(body, _ => signature.Replace("v1=", "v1=0", StringComparison.Ordinal)).Problem);
        var old = WebhookSignature.Sign(body, SandboxPayments.DevelopmentSecret, database.Clock.GetUtcNow().AddMinutes(-10));
        Assert.NotNull(database.Sandbox.ReadWebhook(body, _ => old).Problem);
        Assert.Null(database.Sandbox.ReadWebhook(body, _ => signature).Problem);
    }

    [Fact]
    public async Task A_capture_for_the_wrong_amount_or_currency_is_flagged_and_does_not_activate()
    {
        var wrongAmount = await database.Checkout.PlaceAsync(database.Request(database.TakeFreeSheep()), database.SponsorA, "/my");
        var wrongCurrency = await database.Checkout.PlaceAsync(database.Request(database.TakeFreeSheep()), database.SponsorA, "/my");

        var amount = await database.SendSandboxAsync("payment.captured", wrongAmount.PaymentReference, database.PlanPrice - 100);
        var currency = await database.SendSandboxAsync("payment.captured", wrongCurrency.PaymentReference, database.PlanPrice, "USD");

        Assert.StartsWith("flagged", amount.Outcome, StringComparison.Ordinal);
        Assert.StartsWith("flagged", currency.Outcome, StringComparison.Ordinal);
        await using var db = await database.CreateDbContextAsync();
        foreach (var placed in new[] { wrongAmount, wrongCurrency })
        {
            Assert.Equal(PaymentStatus.Flagged, await db.Payments.Where(p => p.ProviderReference == placed.PaymentReference).Select(p => p.Status).SingleAsync());
            Assert.Equal(AdoptionStatus.PendingPayment, await db.Adoptions.Where(a => a.Id == placed.AdoptionId).Select(a => a.Status).SingleAsync());
            Assert.False(await db.LedgerTransactions.AnyAsync(t => t.AdoptionId == placed.AdoptionId));
        }
    }

    [Fact]
    public async Task A_decline_releases_the_sheep_and_a_late_decline_after_a_capture_changes_nothing()
    {
        var sheepId = database.TakeFreeSheep();
        var declined = await database.Checkout.PlaceAsync(database.Request(sheepId), database.SponsorA, "/my");
        await database.SendSandboxAsync("payment.declined", declined.PaymentReference, database.PlanPrice);
        var retry = await database.Checkout.PlaceAsync(database.Request(sheepId), database.SponsorB, "/my");
        await database.SendSandboxAsync("payment.captured", retry.PaymentReference, database.PlanPrice);

        var late = await database.SendSandboxAsync("payment.declined", retry.PaymentReference, database.PlanPrice);

        Assert.True(retry.Succeeded);
        Assert.StartsWith("ignored", late.Outcome, StringComparison.Ordinal);
        await using var db = await database.CreateDbContextAsync();
        Assert.Equal(AdoptionStatus.Cancelled, await db.Adoptions.Where(a => a.Id == declined.AdoptionId).Select(a => a.Status).SingleAsync());
        Assert.Equal(AdoptionStatus.Active, await db.Adoptions.Where(a => a.Id == retry.AdoptionId).Select(a => a.Status).SingleAsync());
    }

    [Fact]
    public async Task A_capture_after_the_reservation_lapsed_activates_if_the_sheep_is_free_and_is_flagged_if_not()
    {
        var freeSheep = database.TakeFreeSheep();
        var takenSheep = database.TakeFreeSheep();
        var stillFree = await database.Checkout.PlaceAsync(database.Request(freeSheep), database.SponsorA, "/my");
        var lost = await database.Checkout.PlaceAsync(database.Request(takenSheep), database.SponsorA, "/my");
        database.Clock.Advance(TimeSpan.FromMinutes(16));
        await new ReservationExpiry(database.DbFactory, database.Clock).RunAsync();
        var other = await database.Checkout.PlaceAsync(database.Request(takenSheep), database.SponsorB, "/my");

        var activated = await database.SendSandboxAsync("payment.captured", stillFree.PaymentReference, database.PlanPrice);
        var flagged = await database.SendSandboxAsync("payment.captured", lost.PaymentReference, database.PlanPrice);

        Assert.True(other.Succeeded);
        Assert.Equal("captured: adoption active", activated.Outcome);
        Assert.StartsWith("flagged", flagged.Outcome, StringComparison.Ordinal);
        await using var db = await database.CreateDbContextAsync();
        Assert.Equal(AdoptionStatus.Active, await db.Adoptions.Where(a => a.Id == stillFree.AdoptionId).Select(a => a.Status).SingleAsync());
        Assert.Equal(AdoptionStatus.Cancelled, await db.Adoptions.Where(a => a.Id == lost.AdoptionId).Select(a => a.Status).SingleAsync());
    }

    [Fact]
    public async Task Money_captured_after_the_checkout_closed_for_a_sheep_that_has_since_died_is_flagged_not_activated()
    {
        var sheepId = database.TakeFreeSheep();
        var placed = await database.Checkout.PlaceAsync(database.Request(sheepId), database.SponsorA, "/my");
        await using (var db = await database.CreateDbContextAsync())
        {
            await db.Adoptions.Where(a => a.Id == placed.AdoptionId).ExecuteUpdateAsync(s => s.SetProperty(a => a.Status, AdoptionStatus.Cancelled));
            await db.Sheep.Where(s => s.Id == sheepId).ExecuteUpdateAsync(s => s.SetProperty(x => x.ArchivedAt, database.Clock.GetUtcNow()));
        }

        var late = await database.SendSandboxAsync("payment.captured", placed.PaymentReference, database.PlanPrice);

        Assert.StartsWith("flagged", late.Outcome, StringComparison.Ordinal);
        await using var check = await database.CreateDbContextAsync();
        Assert.Equal(AdoptionStatus.Cancelled, await check.Adoptions.Where(a => a.Id == placed.AdoptionId).Select(a => a.Status).SingleAsync());
        Assert.Equal(PaymentStatus.Flagged, await check.Payments.Where(p => p.AdoptionId == placed.AdoptionId).Select(p => p.Status).SingleAsync());
    }

    [Fact]
    public async Task A_bank_transfer_is_confirmed_once_by_an_administrator_and_not_by_anyone_else()
    {
        var placed = await database.Checkout.PlaceAsync(
            database.Request(database.TakeFreeSheep(), provider: BankTransferPayments.ProviderName), database.SponsorA, "/my");

        var bySponsor = await database.Events.ConfirmBankTransferAsync(placed.PaymentReference, database.PlanPrice, database.SponsorA);
        var first = await database.Events.ConfirmBankTransferAsync(placed.PaymentReference, database.PlanPrice, database.AdminId);
        var second = await database.Events.ConfirmBankTransferAsync(placed.PaymentReference, database.PlanPrice, database.AdminId);

        Assert.Equal($"/my/payments/{placed.PaymentReference}/bank-transfer", placed.RedirectUrl);
        Assert.Null(bySponsor);
        Assert.Equal(NoticeHandling.Applied, first!.Handling);
        Assert.Equal(NoticeHandling.Replay, second!.Handling);
        await using var db = await database.CreateDbContextAsync();
        Assert.Equal(AdoptionStatus.Active, await db.Adoptions.Where(a => a.Id == placed.AdoptionId).Select(a => a.Status).SingleAsync());
    }

    [Fact]
    public void A_stripe_webhook_signed_as_stripe_signs_it_is_read_and_a_forged_one_is_not()
    {
        // Starting a Stripe payment needs the network; reading its webhook does not.
        var reference = "TBSTRIPETEST1";
        var json = StripeEventJson("evt_1Test", "checkout.session.completed", reference, database.PlanPrice);
        var header = WebhookSignature.Sign(json, AdoptionDatabase.StripeSecret, database.Clock.GetUtcNow());

        var good = database.Stripe.ReadWebhook(json, h => h == StripePayments.SignatureHeader ? header : null);
        var forged = database.Stripe.ReadWebhook(json.Replace(database.PlanPrice.ToString(CultureInfo.InvariantCulture), "1", StringComparison.Ordinal), _ => header);

        Assert.Null(good.Problem);
        Assert.Equal(PaymentNoticeKind.Captured, good.Notice!.Kind);
        Assert.Equal(reference, good.Notice.PaymentReference);
        Assert.Equal(database.PlanPrice, good.Notice.AmountFen);
        Assert.Equal("CNY", good.Notice.Currency);
        Assert.NotNull(forged.Problem);
    }

    private static string StripeEventJson(string id, string type, string reference, long amount) => $$"""
        {
          "id": "{{id}}",
          "object": "event",
          "api_version": "2024-06-20",
          "created": 1764403200,
          "type": "{{type}}",
          "livemode": false,
          "pending_webhooks": 1,
          "data": {
            "object": {
              "id": "cs_test_123",
              "object": "checkout.session",
              "amount_total": {{amount}},
              "currency": "cny",
              "client_reference_id": "{{reference}}",
              "metadata": { "payment_reference": "{{reference}}" },
              "mode": "payment",
              "payment_status": "paid",
              "status": "complete"
            }
          }
        }
        """;
}
