using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Sponsorship.Core.Data;
using Sponsorship.Core.Payments;
using Sponsorship.Core.Programme;

namespace Sponsorship.Core.Visits;

public enum VisitPaymentError
{
    None = 0,

    /// <summary>No such visit, or not this sponsor's.</summary>
    NotFound,

    /// <summary>Not accepted (still asked, already paid, declined, cancelled) or past its pay-by time.</summary>
    NotPayable,

    ProviderUnavailable,
    KeyMissing,

    /// <summary>The idempotency key was used before for another payment.</summary>
    KeyReused,
}

public sealed record VisitPaymentResult(VisitPaymentError Error, string PaymentReference = "", string RedirectUrl = "")
{
    public bool Succeeded => Error == VisitPaymentError.None;
}

/// <summary>
/// The sponsor pays a visit the herder accepted: exactly its price, through one of the enabled providers, before its
/// pay-by time. The same key twice, or a second try with the same provider while one waits, continues the same payment.
/// The capture (<see cref="VisitCapture"/>) marks the visit paid.
/// </summary>
public sealed class VisitPayments(
    IDbContextFactory<SponsorshipDbContext> dbFactory, IEnumerable<IPaymentProvider> providers, IOptions<PaymentOptions> options,
    ProgrammeCalendar calendar)
{
    public Task<VisitPaymentResult> StartAsync(
        int bookingId, string sponsorUserId, string provider, string idempotencyKey, string returnUrl, CancellationToken cancellationToken = default) =>
        Contention.RetryAsync(() => StartOnceAsync(bookingId, sponsorUserId, provider, idempotencyKey, returnUrl, cancellationToken), cancellationToken);

    private async Task<VisitPaymentResult> StartOnceAsync(
        int bookingId, string sponsorUserId, string provider, string idempotencyKey, string returnUrl, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(idempotencyKey) || idempotencyKey.Length > 64)
        {
            return new VisitPaymentResult(VisitPaymentError.KeyMissing);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var booking = await db.VisitBookings.AsNoTracking().Where(b => b.Id == bookingId && b.SponsorUserId == sponsorUserId)
            .Select(b => new { b.Id, b.Status, b.PayBy, b.PriceFen, b.Day })
            .SingleOrDefaultAsync(cancellationToken);
        if (booking is null)
        {
            return new VisitPaymentResult(VisitPaymentError.NotFound);
        }

        var description = $"Visit {booking.Day:yyyy-MM-dd}";
        var earlier = await db.Payments.AsNoTracking().SingleOrDefaultAsync(p => p.IdempotencyKey == idempotencyKey, cancellationToken);
        if (earlier is not null)
        {
            return IsThisVisits(earlier, bookingId)
                ? await StartPaymentAsync(earlier, description, returnUrl, cancellationToken)
                : new VisitPaymentResult(VisitPaymentError.KeyReused);
        }

        if (booking.Status != VisitBookingStatus.Accepted || booking.PayBy is not { } payBy || payBy <= calendar.Now)
        {
            return new VisitPaymentResult(VisitPaymentError.NotPayable);
        }

        if (!options.Value.EnabledProviders.Contains(provider) || providers.All(p => p.Name != provider))
        {
            return new VisitPaymentResult(VisitPaymentError.ProviderUnavailable);
        }

        var waiting = await db.Payments.AsNoTracking()
            .Where(p => p.VisitBookingId == bookingId && p.Purpose == PaymentPurpose.Visit && p.Status == PaymentStatus.Pending && p.Provider == provider)
            .OrderByDescending(p => p.Id).FirstOrDefaultAsync(cancellationToken);
        if (waiting is not null)
        {
            return await StartPaymentAsync(waiting, description, returnUrl, cancellationToken);
        }

        var payment = new Payment
        {
            VisitBookingId = bookingId,
            Purpose = PaymentPurpose.Visit,
            Provider = provider,
            ProviderReference = PaymentReferences.New(),
            AmountFen = booking.PriceFen,
            Currency = "CNY",
            Status = PaymentStatus.Pending,
            CreatedAt = calendar.Now,
            IdempotencyKey = idempotencyKey,
        };
        db.Payments.Add(payment);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (!Contention.IsContention(e))
        {
            // The same request a moment ago (a double click): answer with the payment it made.
            await using var again = await dbFactory.CreateDbContextAsync(cancellationToken);
            var winner = await again.Payments.AsNoTracking().SingleOrDefaultAsync(p => p.IdempotencyKey == idempotencyKey, cancellationToken);
            return winner is not null && IsThisVisits(winner, bookingId)
                ? await StartPaymentAsync(winner, description, returnUrl, cancellationToken)
                : new VisitPaymentResult(VisitPaymentError.KeyReused);
        }

        return await StartPaymentAsync(payment, description, returnUrl, cancellationToken);
    }

    private static bool IsThisVisits(Payment payment, int bookingId) =>
        payment.Purpose == PaymentPurpose.Visit && payment.VisitBookingId == bookingId;

    private async Task<VisitPaymentResult> StartPaymentAsync(Payment payment, string description, string returnUrl, CancellationToken cancellationToken)
    {
        var start = await providers.Single(p => p.Name == payment.Provider).StartAsync(
            new PaymentStartRequest(payment.ProviderReference, payment.AmountFen, payment.Currency, description, "", returnUrl),
            cancellationToken);
        return new VisitPaymentResult(VisitPaymentError.None, payment.ProviderReference, start.RedirectUrl);
    }
}
