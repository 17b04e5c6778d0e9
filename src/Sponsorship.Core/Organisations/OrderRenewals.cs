using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Sponsorship.Core.Adoptions;
using Sponsorship.Core.Data;
using Sponsorship.Core.Payments;

namespace Sponsorship.Core.Organisations;

/// <summary>
/// Renews every running sheep of an order with one payment: the sum of their prices as they were adopted, asked for in
/// the last 30 days of their term as for a single adoption (<see cref="Renewals.CanRenew"/>). Its capture
/// (<see cref="OrderPayments"/>) gives each adoption its share and extends its term, or flags the payment when the
/// running sheep changed in between.
/// </summary>
public sealed class OrderRenewals(
    IDbContextFactory<SponsorshipDbContext> dbFactory, IEnumerable<IPaymentProvider> providers, IOptions<PaymentOptions> payments, TimeProvider clock)
{
    /// <summary>Whether the order can be renewed now (every running sheep alive and in its renewal window) and for how much.</summary>
    public static (bool CanRenew, long AmountFen) Renewable(IReadOnlyList<OrganisationSheep> sheep, IReadOnlyList<OrderPaymentRow> orderPayments, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(sheep);
        ArgumentNullException.ThrowIfNull(orderPayments);
        var running = sheep.Where(s => s.Status == AdoptionStatus.Active && s.SheepAlive).ToList();
        var canRenew = running.Count > 0 && running.All(s => Renewals.CanRenew(s.Status, s.EndAt, s.SheepAlive, now));
        return (canRenew, running.Sum(s => s.PriceFen));
    }

    public async Task<OrderResult> StartAsync(
        int organisationId, int orderId, string userId, string provider, string idempotencyKey, string returnUrl, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(idempotencyKey) || idempotencyKey.Length > 64)
        {
            return new OrderResult(OrderError.KeyMissing);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var order = await db.OrganisationOrders.AsNoTracking()
            .Where(o => o.Id == orderId && o.OrganisationId == organisationId && o.Status == OrderStatus.Active)
            .Select(o => new { o.Id, o.Plan.NameEn, Verified = o.Organisation.Status == OrganisationStatus.Verified })
            .SingleOrDefaultAsync(cancellationToken);
        if (order is null || !await OrganisationAccess.IsContactAsync(db, organisationId, userId, cancellationToken))
        {
            return new OrderResult(OrderError.NotFound);
        }

        var earlier = await db.Payments.AsNoTracking().SingleOrDefaultAsync(p => p.IdempotencyKey == idempotencyKey, cancellationToken);
        if (earlier is not null)
        {
            return earlier.OrganisationOrderId == orderId && earlier.AdoptionId == null && earlier.Purpose == PaymentPurpose.Renewal
                ? await StartPaymentAsync(organisationId, orderId, earlier, order.NameEn, returnUrl, cancellationToken)
                : new OrderResult(OrderError.KeyReused);
        }

        var now = clock.GetUtcNow();
        var running = await db.Adoptions.AsNoTracking().Where(a => a.OrganisationOrderId == orderId && a.Status == AdoptionStatus.Active && a.Sheep.ArchivedAt == null)
            .Select(a => new { a.Status, a.EndAt, a.PriceFen }).ToListAsync(cancellationToken);
        if (running.Count == 0 || !running.All(a => Renewals.CanRenew(a.Status, a.EndAt, sheepAlive: true, now)))
        {
            return new OrderResult(OrderError.NotRenewable);
        }

        if (!payments.Value.EnabledProviders.Contains(provider) || providers.All(p => p.Name != provider))
        {
            return new OrderResult(OrderError.ProviderUnavailable);
        }

        if (provider == BankTransferPayments.ProviderName && !order.Verified)
        {
            return new OrderResult(OrderError.BankNeedsVerification);
        }

        // A renewal already waiting to be paid the same way is continued, not doubled (two captures would add two terms).
        var waiting = await db.Payments.AsNoTracking()
            .Where(p => p.OrganisationOrderId == orderId && p.AdoptionId == null && p.Purpose == PaymentPurpose.Renewal
                && p.Status == PaymentStatus.Pending && p.Provider == provider)
            .OrderByDescending(p => p.Id).FirstOrDefaultAsync(cancellationToken);
        if (waiting is not null)
        {
            return await StartPaymentAsync(organisationId, orderId, waiting, order.NameEn, returnUrl, cancellationToken);
        }

        var payment = new Payment
        {
            OrganisationOrderId = orderId,
            Purpose = PaymentPurpose.Renewal,
            Provider = provider,
            ProviderReference = PaymentReferences.New(),
            AmountFen = running.Sum(a => a.PriceFen),
            Currency = "CNY",
            Status = PaymentStatus.Pending,
            CreatedAt = now,
            IdempotencyKey = idempotencyKey,
        };
        db.Payments.Add(payment);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            return new OrderResult(OrderError.KeyReused);
        }

        return await StartPaymentAsync(organisationId, orderId, payment, order.NameEn, returnUrl, cancellationToken);
    }

    private async Task<OrderResult> StartPaymentAsync(
        int organisationId, int orderId, Payment payment, string planName, string returnUrl, CancellationToken cancellationToken)
    {
        var start = await providers.Single(p => p.Name == payment.Provider).StartAsync(
            new PaymentStartRequest(payment.ProviderReference, payment.AmountFen, payment.Currency, $"{planName} (order renewal)", "", returnUrl),
            cancellationToken);
        var redirect = payment.Provider == BankTransferPayments.ProviderName ? OrderPlacement.OrderPath(organisationId, orderId) : start.RedirectUrl;
        return new OrderResult(OrderError.None, orderId, payment.ProviderReference, redirect);
    }
}
