using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Data;
using Sponsorship.Core.Jobs;
using Sponsorship.Core.Payments;

namespace Sponsorship.Core.Adoptions;

/// <summary>
/// Releases sheep whose sponsor did not finish paying in time: the adoption is cancelled and its pending payment expires.
/// If the provider captures the money later anyway, <see cref="PaymentEvents"/> activates the adoption when the sheep is
/// still free and flags the payment for a refund when it is not.
/// </summary>
public sealed class ReservationExpiry(IDbContextFactory<SponsorshipDbContext> dbFactory, TimeProvider clock) : IScheduledJob
{
    public string Name => "reservation-expiry";

    public JobSchedule Schedule { get; } = JobSchedule.Every(TimeSpan.FromMinutes(1));

    async Task<string> IScheduledJob.RunAsync(CancellationToken cancellationToken) =>
        $"released {await RunAsync(cancellationToken)}";

    /// <returns>How many reservations were released.</returns>
    public async Task<int> RunAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var lapsed = await db.Adoptions
            .Where(a => a.Status == AdoptionStatus.PendingPayment && a.ReservedUntil < now)
            .Select(a => a.Id).ToListAsync(cancellationToken);
        if (lapsed.Count == 0)
        {
            return 0;
        }

        var released = await db.Adoptions
            .Where(a => lapsed.Contains(a.Id) && a.Status == AdoptionStatus.PendingPayment)
            .ExecuteUpdateAsync(
                set => set.SetProperty(a => a.Status, AdoptionStatus.Cancelled).SetProperty(a => a.ClosedAt, now)
                    .SetProperty(a => a.ReservedUntil, (DateTimeOffset?)null),
                cancellationToken);
        await db.Payments
            .Where(p => lapsed.Contains(p.AdoptionId) && p.Purpose == PaymentPurpose.Adoption && p.Status == PaymentStatus.Pending)
            .ExecuteUpdateAsync(set => set.SetProperty(p => p.Status, PaymentStatus.Expired).SetProperty(p => p.ClosedAt, now), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return released;
    }
}
