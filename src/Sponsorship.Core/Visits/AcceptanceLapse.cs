using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Data;
using Sponsorship.Core.Jobs;
using Sponsorship.Core.Payments;

namespace Sponsorship.Core.Visits;

/// <summary>
/// Lapses accepted visits the sponsor did not pay by their pay-by time, gives their places back and expires their
/// payments still waiting, each booking in its own transaction (money captured later is flagged by <see cref="VisitCapture"/>). The move is conditional on the booking still being accepted and overdue, so a payment captured a
/// moment earlier wins, and a second run (or two instances at once) lapses nothing twice.
/// </summary>
public sealed class AcceptanceLapse(IDbContextFactory<SponsorshipDbContext> dbFactory, TimeProvider clock) : IScheduledJob
{
    public string Name => "visit-acceptance-lapse";

    public JobSchedule Schedule { get; } = JobSchedule.Every(TimeSpan.FromMinutes(5));

    async Task<string> IScheduledJob.RunAsync(CancellationToken cancellationToken) =>
        $"lapsed {await RunAsync(cancellationToken)} visits";

    /// <returns>How many accepted visits lapsed.</returns>
    public async Task<int> RunAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        List<int> overdue;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            overdue = await db.VisitBookings.AsNoTracking()
                .Where(b => b.Status == VisitBookingStatus.Accepted && b.PayBy < now)
                .OrderBy(b => b.Id).Select(b => b.Id).Take(200).ToListAsync(cancellationToken);
        }

        var lapsed = 0;
        foreach (var id in overdue)
        {
            if (await Contention.RetryAsync(() => LapseAsync(id, now, cancellationToken), cancellationToken))
            {
                lapsed++;
            }
        }

        return lapsed;
    }

    private async Task<bool> LapseAsync(int bookingId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var moved = await db.VisitBookings
            .Where(b => b.Id == bookingId && b.Status == VisitBookingStatus.Accepted && b.PayBy < now)
            .ExecuteUpdateAsync(set => set.SetProperty(b => b.Status, VisitBookingStatus.Lapsed), cancellationToken);
        if (moved != 1)
        {
            return false;
        }

        var booking = await db.VisitBookings.AsNoTracking().SingleAsync(b => b.Id == bookingId, cancellationToken);
        await VisitPlaces.GiveBackAsync(db, booking.OfferId, booking.Day, booking.Guests, cancellationToken);
        await db.Payments
            .Where(p => p.VisitBookingId == bookingId && p.Purpose == PaymentPurpose.Visit && p.Status == PaymentStatus.Pending)
            .ExecuteUpdateAsync(set => set.SetProperty(p => p.Status, PaymentStatus.Expired).SetProperty(p => p.ClosedAt, now), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }
}
