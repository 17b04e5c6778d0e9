using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Adoptions;
using Sponsorship.Core.Certificates;
using Sponsorship.Core.Ledger;
using Sponsorship.Core.Mail;
using Sponsorship.Core.Payments;

namespace Sponsorship.Core.Tests.Adoptions;

public class RenewalTests(AdoptionDatabase database) : IClassFixture<AdoptionDatabase>
{
    private DateTimeOffset Now => database.Clock.GetUtcNow();

    [Fact]
    public void Renewal_opens_30_days_before_the_end_for_a_living_sheep_of_a_running_adoption()
    {
        var end = Now.AddDays(30);
        Assert.True(Renewals.CanRenew(AdoptionStatus.Active, end, sheepAlive: true, Now));
        Assert.False(Renewals.CanRenew(AdoptionStatus.Active, end.AddMinutes(1), sheepAlive: true, Now));
        Assert.False(Renewals.CanRenew(AdoptionStatus.Active, end, sheepAlive: false, Now));
        Assert.False(Renewals.CanRenew(AdoptionStatus.Ended, end, sheepAlive: true, Now));
        Assert.False(Renewals.CanRenew(AdoptionStatus.Active, Now, sheepAlive: true, Now));
        Assert.False(Renewals.CanRenew(AdoptionStatus.Active, null, sheepAlive: true, Now));
    }

    [Fact]
    public async Task Only_the_owner_renews_and_only_inside_the_window()
    {
        var (adoptionId, _) = await database.AdoptAsync();
        var renewals = database.Renewals();

        Assert.Equal(RenewalError.NotRenewable, (await renewals.StartAsync(adoptionId, database.SponsorA, "sandbox", Key(), "/my")).Error);
        await database.SetTermAsync(adoptionId, Now.AddMonths(-11), Now.AddDays(20));
        Assert.Equal(RenewalError.NotFound, (await renewals.StartAsync(adoptionId, database.SponsorB, "sandbox", Key(), "/my")).Error);
        Assert.Equal(RenewalError.ProviderUnavailable, (await renewals.StartAsync(adoptionId, database.SponsorA, "paypal", Key(), "/my")).Error);
        Assert.Equal(RenewalError.KeyMissing, (await renewals.StartAsync(adoptionId, database.SponsorA, "sandbox", " ", "/my")).Error);

        var started = await renewals.StartAsync(adoptionId, database.SponsorA, "sandbox", Key(), "/my");

        Assert.Equal(RenewalError.None, started.Error);
        await using var db = await database.CreateDbContextAsync();
        var payment = await db.Payments.SingleAsync(p => p.ProviderReference == started.PaymentReference);
        Assert.Equal((PaymentPurpose.Renewal, database.PlanPrice, PaymentStatus.Pending), (payment.Purpose, payment.AmountFen, payment.Status));
    }

    [Fact]
    public async Task The_same_key_twice_gives_the_same_payment_and_a_key_of_another_payment_is_refused()
    {
        var (adoptionId, _) = await database.AdoptAsync();
        await database.SetTermAsync(adoptionId, Now.AddMonths(-11), Now.AddDays(10));
        var key = Key();

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ =>
            Task.Run(() => database.Renewals().StartAsync(adoptionId, database.SponsorA, "bank", key, "/my"))));

        Assert.All(results, r => Assert.Equal(RenewalError.None, r.Error));
        Assert.Single(results.Select(r => r.PaymentReference).Distinct());
        Assert.Equal($"/my/payments/{results[0].PaymentReference}/bank-transfer", results[0].RedirectUrl);

        // A fresh click while that renewal waits for its money continues it rather than starting a second term's payment.
        Assert.Equal(results[0].PaymentReference, (await database.Renewals().StartAsync(adoptionId, database.SponsorA, "bank", Key(), "/my")).PaymentReference);
        await using var db = await database.CreateDbContextAsync();
        Assert.Equal(1, await db.Payments.CountAsync(p => p.AdoptionId == adoptionId && p.Purpose == PaymentPurpose.Renewal));
        var firstKey = await db.Payments.Where(p => p.AdoptionId == adoptionId && p.Purpose == PaymentPurpose.Adoption).Select(p => p.IdempotencyKey).SingleAsync();
        Assert.Equal(RenewalError.KeyReused, (await database.Renewals().StartAsync(adoptionId, database.SponsorA, "bank", firstKey, "/my")).Error);
    }

    [Fact]
    public async Task A_captured_renewal_extends_the_term_by_the_plan_months_and_supersedes_the_certificate()
    {
        var (adoptionId, _) = await database.AdoptAsync();
        var end = Now.AddDays(25);
        await database.SetTermAsync(adoptionId, end.AddMonths(-12), end);
        var started = await database.Renewals().StartAsync(adoptionId, database.SponsorA, "sandbox", Key(), "/my");

        var outcome = await database.SendSandboxAsync("payment.captured", started.PaymentReference, database.PlanPrice);

        Assert.Equal("captured: term renewed", outcome.Outcome);
        var adoption = await database.AdoptionAsync(adoptionId);
        Assert.Equal((AdoptionStatus.Active, (DateTimeOffset?)end.AddMonths(12)), (adoption.Status, adoption.EndAt));
        Assert.Equal(end.AddMonths(-12), adoption.StartAt);
        Assert.Equal([CertificateStatus.Superseded, CertificateStatus.Valid], await database.CertificatesAsync(adoptionId));
        await using var db = await database.CreateDbContextAsync();
        var renewal = await db.Payments.SingleAsync(p => p.ProviderReference == started.PaymentReference);
        Assert.Equal((end, end.AddMonths(12)), (renewal.TermStart!.Value, renewal.TermEnd!.Value));
        var certificate = await db.Certificates.SingleAsync(c => c.AdoptionId == adoptionId && c.Status == CertificateStatus.Valid);
        Assert.Equal(DateOnly.FromDateTime(end.AddMonths(12).UtcDateTime), certificate.TermEnd);
        // Both terms' money came in through a capture each (part of each is released at once; the rest is held).
        Assert.Equal(2 * database.PlanPrice, await db.LedgerEntries
            .Where(e => e.Transaction.AdoptionId == adoptionId && e.Transaction.Kind == LedgerKinds.Capture && e.Account.Code == LifecycleSteps.Deferred(adoptionId))
            .SumAsync(e => e.AmountFen));
    }

    [Fact]
    public async Task A_reminder_is_queued_once_when_the_last_30_days_begin()
    {
        var (soon, _) = await database.AdoptAsync();
        var (later, _) = await database.AdoptAsync();
        await database.SetTermAsync(soon, Now.AddMonths(-11), Now.AddDays(29));
        var reminders = new RenewalReminders(database.DbFactory, database.Clock);

        await reminders.RunAsync();
        await reminders.RunAsync();

        var mail = Assert.Single(await database.MailsAsync(MailKinds.RenewalReminder, soon));
        Assert.Equal("sponsor@example.com", mail.ToEmail);
        Assert.Empty(await database.MailsAsync(MailKinds.RenewalReminder, later));
        Assert.Equal(Now, (await database.AdoptionAsync(soon)).RenewalReminderQueuedAt);
    }

    private static string Key() => Guid.NewGuid().ToString("N");
}
