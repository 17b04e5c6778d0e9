using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Adoptions;
using Sponsorship.Core.Data;
using Sponsorship.Core.Mail;
using Sponsorship.Core.Payments;
using Sponsorship.Core.Programme;

namespace Sponsorship.Core.Organisations;

/// <summary>The one mail that confirms a whole order, with the link to its page and certificates.</summary>

/// <summary>
/// What an organisation order's payment does when its provider (or an administrator, for a bank transfer) reports it,
/// inside <see cref="PaymentEvents"/>' transaction. A capture activates every adoption of the order — each gets its
/// share of the payment as a captured payment of its own, so its term, ledger postings, releases, refunds and certificate
/// are exactly those of a single adoption (<see cref="AdoptionActivation.StartTermAsync"/>) — and queues one
/// confirmation mail for the order; or, when the order can no longer be sold whole, flags the payment and activates
/// nothing. A renewal's capture extends every running adoption of the order. A declined or expired payment releases the
/// whole order.
/// </summary>
public static class OrderPayments
{
    public const string ActivatedOutcome = "captured: order active";
    public const string RenewedOutcome = "captured: order renewed";

    public static async Task<string> ApplyCaptureAsync(
        SponsorshipDbContext db, Payment payment, DateTimeOffset now, ProgrammeCalendar calendar, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(payment);
        var order = await db.OrganisationOrders.SingleOrDefaultAsync(o => o.Id == payment.OrganisationOrderId, cancellationToken);
        if (order is null)
        {
            return "ignored: no such order";
        }

        var renewal = payment.Purpose == PaymentPurpose.Renewal;
        var adoptions = renewal
            ? await db.Adoptions.Where(a => a.OrganisationOrderId == order.Id && a.Status == AdoptionStatus.Active && a.Sheep.ArchivedAt == null)
                .OrderBy(a => a.Id).ToListAsync(cancellationToken)
            : await db.Adoptions.Where(a => a.OrganisationOrderId == order.Id).OrderBy(a => a.Id).ToListAsync(cancellationToken);
        if (await WhyNotAsync(db, order, adoptions, payment, cancellationToken) is { } reason)
        {
            payment.Status = PaymentStatus.Flagged;
            payment.FlagReason = reason;
            return "flagged: " + reason;
        }

        var shares = adoptions.Select(a => new Payment
        {
            AdoptionId = a.Id,
            OrganisationOrderId = order.Id,
            PartOfPaymentId = payment.Id,
            Purpose = payment.Purpose,
            Provider = payment.Provider,
            ProviderReference = $"{payment.ProviderReference}/{a.Id}",
            AmountFen = a.PriceFen,
            Currency = payment.Currency,
            Status = PaymentStatus.Pending,
            CreatedAt = now,
            IdempotencyKey = $"share:{payment.Id}:{a.Id}",
        }).ToList();
        db.Payments.AddRange(shares);
        payment.Status = PaymentStatus.Captured;
        payment.CapturedAt = now;

        // The shares' ids name their ledger postings, so they are saved (inside the caller's transaction) first.
        await db.SaveChangesAsync(cancellationToken);
        for (var i = 0; i < adoptions.Count; i++)
        {
            await AdoptionActivation.StartTermAsync(db, adoptions[i], shares[i], now, calendar, cancellationToken);
        }

        if (!renewal)
        {
            order.Status = OrderStatus.Active;
            order.ActivatedAt = now;
            order.ReservedUntil = null;
            order.ClosedAt = null;
        }

        var contact = await db.Users.AsNoTracking().SingleAsync(u => u.Id == order.PlacedByUserId, cancellationToken);
        Outbox.Queue(db, new OrderConfirmedPayload(order.Id, payment.Id), contact, now, $"order-confirmed:payment:{payment.Id}");
        return renewal ? RenewedOutcome : ActivatedOutcome;
    }

    /// <summary>A declined or expired payment for the order's first term lets every one of its sheep go.</summary>
    public static async Task ApplyClosedAsync(SponsorshipDbContext db, Payment payment, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(payment);
        if (payment.Purpose != PaymentPurpose.Adoption)
        {
            return;
        }

        var order = await db.OrganisationOrders.SingleOrDefaultAsync(
            o => o.Id == payment.OrganisationOrderId && o.Status == OrderStatus.PendingPayment, cancellationToken);
        if (order is not null)
        {
            await ReleaseAsync(db, order, now, cancellationToken);
        }
    }

    /// <summary>Cancels the order and every adoption still waiting in it (tracked changes, saved by the caller).</summary>
    public static async Task ReleaseAsync(SponsorshipDbContext db, OrganisationOrder order, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(order);
        order.Status = OrderStatus.Cancelled;
        order.ClosedAt = now;
        order.ReservedUntil = null;
        foreach (var adoption in await db.Adoptions.Where(a => a.OrganisationOrderId == order.Id && a.Status == AdoptionStatus.PendingPayment)
            .ToListAsync(cancellationToken))
        {
            adoption.Status = AdoptionStatus.Cancelled;
            adoption.ClosedAt = now;
            adoption.ReservedUntil = null;
        }
    }

    /// <summary>Why this capture cannot activate (or renew) the order as a whole, or null when it can.</summary>
    private static async Task<string?> WhyNotAsync(
        SponsorshipDbContext db, OrganisationOrder order, List<Adoption> adoptions, Payment payment, CancellationToken cancellationToken)
    {
        if (payment.Purpose == PaymentPurpose.Renewal)
        {
            return adoptions.Count > 0 && adoptions.Sum(a => a.PriceFen) == payment.AmountFen
                ? null
                : "the order's running sheep changed after the renewal was asked for: refund it and renew again";
        }

        if (order.Status == OrderStatus.Active)
        {
            return "the order was already paid: refund this payment";
        }

        var standings = (await SheepHolds.StandingsAsync(db, [.. adoptions.Select(a => a.SheepId)], [.. adoptions.Select(a => a.Id)], cancellationToken)).Values;
        if (standings.Any(s => s is SheepStanding.NotFound or SheepStanding.LeftFlock))
        {
            return "a sheep of the order left the flock while the order waited, so none was activated: refund it or place the order again";
        }

        // While the order still holds its sheep, a death report waits for its decision as it would for an active adoption.
        if (order.Status != OrderStatus.PendingPayment && standings.Contains(SheepStanding.RemovalPending))
        {
            return "captured after the order's reservation lapsed and one of its sheep was reported dead or gone: refund it";
        }

        if (standings.Contains(SheepStanding.Held))
        {
            return "captured after the order's reservation lapsed and some of its sheep were taken by others: refund it";
        }

        return adoptions.Count > 0 && adoptions.Sum(a => a.PriceFen) == payment.AmountFen ? null : "the order has changed since it was paid for: refund it";
    }
}
