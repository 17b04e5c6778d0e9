using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Data;
using Sponsorship.Core.Payments;
using Sponsorship.Core.Jobs;

namespace Sponsorship.Core.Organisations;

/// <summary>
/// Releases orders nobody paid in time: each order, all its adoptions and its pending payment together, in one
/// transaction — an order's sheep are never released one by one. A transfer that arrives later is still applied by
/// <see cref="OrderPayments"/>: the order activates if every sheep is still free, else the payment is flagged.
/// </summary>
public sealed class OrderReservationExpiry(IDbContextFactory<SponsorshipDbContext> dbFactory, TimeProvider clock) : IScheduledJob
{
    public string Name => "order-reservation-expiry";

    public JobSchedule Schedule => JobSchedule.Every(TimeSpan.FromMinutes(1));

    async Task<string> IScheduledJob.RunAsync(CancellationToken cancellationToken) =>
        $"released {await RunAsync(cancellationToken)} orders";

    /// <returns>How many orders were released.</returns>
    public async Task<int> RunAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var lapsed = await db.OrganisationOrders
            .Where(o => o.Status == OrderStatus.PendingPayment && o.ReservedUntil < now)
            .OrderBy(o => o.Id).Take(100).ToListAsync(cancellationToken);
        foreach (var order in lapsed)
        {
            await OrderPayments.ReleaseAsync(db, order, now, cancellationToken);
            foreach (var payment in await db.Payments
                .Where(p => p.OrganisationOrderId == order.Id && p.AdoptionId == null && p.Purpose == PaymentPurpose.Adoption && p.Status == PaymentStatus.Pending)
                .ToListAsync(cancellationToken))
            {
                payment.Status = PaymentStatus.Expired;
                payment.ClosedAt = now;
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return lapsed.Count;
    }
}
