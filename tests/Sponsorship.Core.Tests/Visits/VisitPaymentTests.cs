using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Impact;
using Sponsorship.Core.Ledger;
using Sponsorship.Core.Payments;
using Sponsorship.Core.Payouts;
using Sponsorship.Core.Privacy;
using Sponsorship.Core.Visits;

namespace Sponsorship.Core.Tests.Visits;

public class VisitPaymentTests(VisitDatabase database) : IClassFixture<VisitDatabase>
{
    private static readonly DateOnly Saturday = new(2027, 7, 3);

    private AcceptanceLapse Lapse => new(database.DbFactory, database.Clock);

    /// <summary>A household offering summer weekends, and an accepted request of its sponsor for three guests on <see cref="Saturday"/>.</summary>
    private async Task<(VisitParties Parties, int BookingId)> AcceptedAsync()
    {
        var parties = await database.TakeHouseholdAsync();
        Assert.True((await database.Offers.SaveAsync(parties.HerderId, VisitDatabase.SummerWeekends())).Saved);
        var placed = await database.Requests.RequestAsync(VisitDatabase.Request(parties, Saturday, 2, children: 1), parties.SponsorId);
        Assert.True(placed.Succeeded);
        Assert.True(await database.Herders.AcceptAsync(parties.HerderId, placed.BookingId));
        return (parties, placed.BookingId);
    }

    private async Task<VisitBookingStatus> StatusAsync(int bookingId)
    {
        await using var db = await database.CreateDbContextAsync();
        return await db.VisitBookings.Where(b => b.Id == bookingId).Select(b => b.Status).SingleAsync();
    }

    [Fact]
    public async Task An_accepted_visit_not_paid_by_its_deadline_lapses_once_and_gives_its_places_back()
    {
        var (parties, bookingId) = await AcceptedAsync();
        Assert.Equal(3, await database.BookedAsync(parties, Saturday));

        database.Clock.Advance(TimeSpan.FromHours(database.Bounds.AcceptanceLapseHours - 1));
        await Lapse.RunAsync();
        Assert.Equal(VisitBookingStatus.Accepted, await StatusAsync(bookingId));
        Assert.Equal(3, await database.BookedAsync(parties, Saturday));

        database.Clock.Advance(TimeSpan.FromHours(2));
        Assert.True(await Lapse.RunAsync() >= 1);
        Assert.Equal(0, await Lapse.RunAsync());

        Assert.Equal(VisitBookingStatus.Lapsed, await StatusAsync(bookingId));
        Assert.Equal(0, await database.BookedAsync(parties, Saturday));
    }

    [Fact]
    public async Task The_sponsor_pays_exactly_the_price_once_and_the_capture_marks_the_visit_paid_and_shows_them_the_herders_phone()
    {
        var (parties, bookingId) = await AcceptedAsync();
        var key = Guid.NewGuid().ToString("N");

        var started = await database.Payments.StartAsync(bookingId, parties.SponsorId, SandboxPayments.ProviderName, key, "/my");
        var again = await database.Payments.StartAsync(bookingId, parties.SponsorId, SandboxPayments.ProviderName, key, "/my");

        Assert.True(started.Succeeded);
        Assert.Equal(started.PaymentReference, again.PaymentReference);
        await using (var db = await database.CreateDbContextAsync())
        {
            var payment = await db.Payments.SingleAsync(p => p.VisitBookingId == bookingId);
            Assert.Equal((2 * 20_000) + 8_000, payment.AmountFen);
            Assert.Equal(PaymentPurpose.Visit, payment.Purpose);
            Assert.Null(payment.AdoptionId);
        }

        Assert.Null((await database.Sponsors.FindAsync(parties.AdoptionId, parties.SponsorId))!.Requests.Single(r => r.Id == bookingId).HerderPhone);

        var salesBefore = (await new ImpactReport(database.DbFactory, database.Calendar).ComputeAsync()).SalesFen;

        var captured = await database.SendSandboxAsync("payment.captured", started.PaymentReference, (2 * 20_000) + 8_000);

        Assert.Equal(VisitCapture.PaidOutcome, captured.Outcome);
        Assert.Equal(VisitBookingStatus.Paid, await StatusAsync(bookingId));
        Assert.Equal(3, await database.BookedAsync(parties, Saturday));
        await using (var db = await database.CreateDbContextAsync())
        {
            // Received into clearing and held for the visit, under the payment's capture key: the provider's settlement
            // check finds it, and the public sales figure (adoptions) does not count it.
            var paymentId = await db.Payments.Where(p => p.VisitBookingId == bookingId).Select(p => p.Id).SingleAsync();
            Assert.Equal((2 * 20_000) + 8_000, await LedgerBook.BalanceAsync(db, LedgerAccounts.VisitHeld(bookingId)));
            var legs = await db.LedgerEntries.Where(e => e.Transaction.IdempotencyKey == LedgerKeys.Capture(paymentId))
                .Select(e => new { e.Account.Code, e.AmountFen, e.Transaction.Kind, e.Transaction.AdoptionId }).ToListAsync();
            Assert.Equal(
                [(LedgerAccounts.PspClearing, -48_000L), (LedgerAccounts.VisitHeld(bookingId), 48_000L)],
                legs.OrderBy(l => l.AmountFen).Select(l => (l.Code, l.AmountFen)));
            Assert.All(legs, l => Assert.Equal((LedgerKinds.VisitCapture, (int?)null), (l.Kind, l.AdoptionId)));
        }

        var settlement = await new Reconciliation(database.DbFactory, database.Clock).ViewAsync();
        var paymentKey = LedgerKeys.Capture(await PaymentIdAsync(bookingId));
        Assert.DoesNotContain(settlement.SettlementDifferences, d => d.Key == paymentKey);
        Assert.Equal(salesBefore, (await new ImpactReport(database.DbFactory, database.Calendar).ComputeAsync()).SalesFen);
        await using (var db = await database.CreateDbContextAsync())
        {
            var phone = await db.Households.Where(h => h.Id == parties.HouseholdId).Select(h => h.Phone).SingleAsync();
            Assert.NotEmpty(phone);
            Assert.Equal(phone, (await database.Sponsors.FindAsync(parties.AdoptionId, parties.SponsorId))!.Requests.Single(r => r.Id == bookingId).HerderPhone);
        }

        Assert.Equal(VisitPaymentError.NotPayable,
            (await database.Payments.StartAsync(bookingId, parties.SponsorId, SandboxPayments.ProviderName, Guid.NewGuid().ToString("N"), "/my")).Error);
        Assert.Equal(0, await Lapse.RunAsync());
        Assert.Equal(VisitBookingStatus.Paid, await StatusAsync(bookingId));
        var summary = await new PaymentSummaries(database.DbFactory).ByReferenceAsync(started.PaymentReference);
        Assert.Equal($"my/adoptions/{parties.AdoptionId}/visit?paid=1", summary!.PaidPath);
        Assert.Equal(parties.SponsorId, summary.BuyerUserId);
    }

    private async Task<int> PaymentIdAsync(int bookingId)
    {
        await using var db = await database.CreateDbContextAsync();
        return await db.Payments.Where(p => p.VisitBookingId == bookingId).Select(p => p.Id).SingleAsync();
    }

    [Fact]
    public async Task Nobody_else_can_pay_the_visit_and_a_request_not_yet_accepted_cannot_be_paid()
    {
        var (parties, bookingId) = await AcceptedAsync();
        var asked = await database.Requests.RequestAsync(VisitDatabase.Request(parties, new DateOnly(2027, 7, 4), 1), parties.SponsorId);

        Assert.Equal(VisitPaymentError.NotFound,
            (await database.Payments.StartAsync(bookingId, parties.HerderId, SandboxPayments.ProviderName, Guid.NewGuid().ToString("N"), "/my")).Error);
        Assert.Equal(VisitPaymentError.NotPayable,
            (await database.Payments.StartAsync(asked.BookingId, parties.SponsorId, SandboxPayments.ProviderName, Guid.NewGuid().ToString("N"), "/my")).Error);
        Assert.Equal(VisitPaymentError.ProviderUnavailable,
            (await database.Payments.StartAsync(bookingId, parties.SponsorId, StripePayments.ProviderName, Guid.NewGuid().ToString("N"), "/my")).Error);
    }

    [Fact]
    public async Task Money_captured_after_the_visit_lapsed_is_flagged_for_a_refund_on_the_admins_list_and_does_not_bring_the_visit_back()
    {
        var (parties, bookingId) = await AcceptedAsync();
        var started = await database.Payments.StartAsync(bookingId, parties.SponsorId, SandboxPayments.ProviderName, Guid.NewGuid().ToString("N"), "/my");
        database.Clock.Advance(TimeSpan.FromHours(database.Bounds.AcceptanceLapseHours + 1));
        Assert.True(await Lapse.RunAsync() >= 1);

        var late = await database.SendSandboxAsync("payment.captured", started.PaymentReference, (2 * 20_000) + 8_000);

        Assert.StartsWith("flagged:", late.Outcome, StringComparison.Ordinal);
        Assert.Equal(VisitBookingStatus.Lapsed, await StatusAsync(bookingId));
        Assert.Equal(0, await database.BookedAsync(parties, Saturday));
        await using var db = await database.CreateDbContextAsync();
        var payment = await db.Payments.SingleAsync(p => p.ProviderReference == started.PaymentReference);
        Assert.Equal(PaymentStatus.Flagged, payment.Status);
        Assert.Contains("refund", payment.FlagReason, StringComparison.Ordinal);
        var flagged = await new PaymentAdmin(database.DbFactory, database.Calendar).FlaggedAsync(database.AdminId);
        var row = Assert.Single(flagged!, r => r.Reference == started.PaymentReference);
        var sheep = await db.Adoptions.Where(a => a.Id == parties.AdoptionId).Select(a => a.Sheep.Name).SingleAsync();
        Assert.Equal((PaymentPurpose.Visit, sheep), (row.Purpose, row.SheepName));
    }

    [Fact]
    public async Task A_visits_payment_is_in_the_sponsors_data_copy_with_the_visit_and_the_adoption_it_came_through()
    {
        var (parties, bookingId) = await AcceptedAsync();
        var started = await database.Payments.StartAsync(bookingId, parties.SponsorId, SandboxPayments.ProviderName, Guid.NewGuid().ToString("N"), "/my");

        var copy = await new PersonalDataExport(database.DbFactory, database.Clock).ExportAsync(parties.SponsorId);

        var exported = Assert.Single(copy!.Payments, p => p.VisitId == bookingId);
        Assert.Equal((PaymentPurpose.Visit, parties.AdoptionId, (2 * 20_000) + 8_000L, PaymentStatus.Pending),
            (exported.Purpose, exported.AdoptionId, exported.AmountFen, exported.Status));
        Assert.True(started.Succeeded);
    }
}
