using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Data;
using Sponsorship.Core.Ledger;
using Sponsorship.Core.Payments;

namespace Sponsorship.Core.Visits;

/// <summary>
/// What a captured visit payment does, inside <see cref="PaymentEvents"/>' transaction: the visit moves Accepted → Paid
/// with a conditional update, so money arriving for a visit that is no longer waiting for it (lapsed, cancelled, or paid
/// already through another provider) never brings it back: that payment is flagged for a refund instead, like a late
/// capture of an adoption whose sheep was taken. A capture after the pay-by time but before the lapse job ran still
/// pays the visit: its places were never given back.
/// </summary>
public static class VisitCapture
{
    public const string PaidOutcome = "captured: visit paid";

    public static async Task<string> ApplyAsync(SponsorshipDbContext db, Payment payment, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(payment);
        var paid = await db.VisitBookings
            .Where(b => b.Id == payment.VisitBookingId && b.Status == VisitBookingStatus.Accepted)
            .ExecuteUpdateAsync(set => set.SetProperty(b => b.Status, VisitBookingStatus.Paid), cancellationToken);
        if (paid != 1)
        {
            payment.Status = PaymentStatus.Flagged;
            payment.FlagReason = "captured for a visit no longer waiting for payment (lapsed, cancelled or already paid): refund it";
            return "flagged: " + payment.FlagReason;
        }

        // Received and held for this visit until it has happened (the household's and the village's shares are released
        // then) or is refunded; kept apart from adoption sales.
        payment.Status = PaymentStatus.Captured;
        payment.CapturedAt = now;
        await LedgerBook.PostAsync(
            db,
            new LedgerPosting(
                LedgerKeys.Capture(payment.Id), LedgerKinds.VisitCapture, payment.ProviderReference,
                [new(LedgerAccounts.PspClearing, -payment.AmountFen), new(LedgerAccounts.VisitHeld(payment.VisitBookingId!.Value), payment.AmountFen)]),
            now, cancellationToken);
        return PaidOutcome;
    }
}
