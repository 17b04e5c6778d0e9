using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Data;
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

        // Visit income has no ledger accounts yet (the household's and village's shares of it are still to be built), so
        // the capture is not posted: until then the settlement check lists visit captures as differences.
        payment.Status = PaymentStatus.Captured;
        payment.CapturedAt = now;
        return PaidOutcome;
    }
}
