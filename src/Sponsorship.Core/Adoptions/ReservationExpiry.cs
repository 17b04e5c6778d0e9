using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Data;
using Sponsorship.Core.Jobs;
using Sponsorship.Core.Payments;
using Sponsorship.Core.PublicPages;

namespace Sponsorship.Core.Adoptions;

/// <summary>
/// Releases sheep whose sponsor did not finish paying in time: the adoption is cancelled and its pending payment expires.
/// An organisation order's sheep are released together with their order (OrderReservationExpiry), never one by one.
/// If the provider captures the money later anyway, <see cref="PaymentEvents"/> activates the adoption when the sheep is
/// still free and flags the payment for a refund when it is not.
/// </summary>
public sealed class ReservationExpiry(IDbContextFactory<SponsorshipDbContext> dbFactory, TimeProvider clock, IPublicPageChanges? publicPages = null)
    : IScheduledJob
{
    private readonly IPublicPageChanges pages = publicPages ?? NoPublicPageCache.Instance;

    public string Name => "reservation-expiry";

    public JobSchedule Schedule { get; } = JobSchedule.Every(TimeSpan.FromMinutes(1));

    async Task<string> IScheduledJob.RunAsync(CancellationToken cancellationToken) =>
        $"released {await RunAsync(cancellationToken)}";

    /// <returns>How many reservations were released.</returns>
    public Task<int> RunAsync(CancellationToken cancellationToken = default) =>
        Contention.RetryAsync(() => RunOnceAsync(cancellationToken), cancellationToken);

    private async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var lapsedSheep = await db.Adoptions
            .Where(a => a.Status == AdoptionStatus.PendingPayment && a.ReservedUntil < now && a.OrganisationOrderId == null)
            .Select(a => new { a.Id, a.SheepId }).ToListAsync(cancellationToken);
        var lapsed = lapsedSheep.Select(a => a.Id).ToList();
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
            .Where(p => lapsed.Contains(p.AdoptionId!.Value) && p.Purpose == PaymentPurpose.Adoption && p.Status == PaymentStatus.Pending)
            .ExecuteUpdateAsync(set => set.SetProperty(p => p.Status, PaymentStatus.Expired).SetProperty(p => p.ClosedAt, now), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await pages.SheepChangedAsync([.. lapsedSheep.Select(a => a.SheepId)], SheepPageChange.Profile, cancellationToken);
        return released;
    }
}
