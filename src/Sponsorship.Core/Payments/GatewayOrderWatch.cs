using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sponsorship.Core.Data;
using Sponsorship.Core.Jobs;

namespace Sponsorship.Core.Payments;

/// <summary>
/// Keeps our payments and the gateways' orders in step when a notification is late or lost. Each minute it asks the
/// gateway about every open order whose reservation ends within <see cref="QueryWindow"/> (a payment made at the last
/// moment is captured, not lost), and closes at the gateway every order that has ended unpaid, so a late payment
/// cannot land on a sheep that has gone to someone else. If one is paid before the close arrives, the capture is applied
/// as always: it activates the adoption while the sheep is free, and is flagged for a refund when it is not.
/// The payment pages' status check asks the same question, at most every <see cref="CheckInterval"/> per payment.
/// </summary>
public sealed class GatewayOrderWatch(
    IDbContextFactory<SponsorshipDbContext> dbFactory, IEnumerable<IPaymentGateway> gateways, PaymentEvents events,
    IOptions<PaymentOptions> options, TimeProvider clock, ILogger<GatewayOrderWatch> logger) : IScheduledJob
{
    public static readonly TimeSpan QueryWindow = TimeSpan.FromMinutes(3);
    public static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(5);

    public string Name => "gateway-orders";

    public JobSchedule Schedule => JobSchedule.Every(TimeSpan.FromMinutes(1));

    async Task<string> IScheduledJob.RunAsync(CancellationToken cancellationToken)
    {
        var (queried, closed) = await WatchAsync(cancellationToken);
        return $"queried {queried}, closed {closed}";
    }

    public async Task<(int Queried, int Closed)> WatchAsync(CancellationToken cancellationToken = default)
    {
        var names = gateways.Select(g => g.Name).ToList();
        var now = clock.GetUtcNow();
        List<OpenOrder> open;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            open = await db.Payments.AsNoTracking()
                .Where(p => names.Contains(p.Provider) && p.Channel != null && p.GatewayClosedAt == null
                    && (p.Status == PaymentStatus.Pending || p.Status == PaymentStatus.Expired || p.Status == PaymentStatus.Declined))
                .Select(p => new OpenOrder(p.Id, p.Status, p.Purpose, p.CreatedAt, p.Adoption != null ? p.Adoption.ReservedUntil : null))
                .ToListAsync(cancellationToken);
        }

        var queried = 0;
        foreach (var order in open.Where(o => o.Status == PaymentStatus.Pending && o.ExpiresAt(options.Value) - now <= QueryWindow))
        {
            queried += await CheckAsync(order.Id, force: true, cancellationToken) is not null ? 1 : 0;
        }

        var closed = 0;
        foreach (var order in open.Where(o => o.Status != PaymentStatus.Pending || o.ExpiresAt(options.Value) <= now))
        {
            closed += await CloseAsync(order.Id, cancellationToken) ? 1 : 0;
        }

        return (queried, closed);
    }

    /// <summary>
    /// Asks the gateway about one pending payment and applies a capture it reports. Without <paramref name="force"/>,
    /// a payment asked about less than <see cref="CheckInterval"/> ago is not asked again (the status page polls).
    /// </summary>
    /// <returns>The gateway's answer, or null when it was not asked.</returns>
    public async Task<GatewayTradeState?> CheckAsync(int paymentId, bool force = false, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        var since = now - CheckInterval;
        string provider;
        string reference;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            var claimed = await db.Payments
                .Where(p => p.Id == paymentId && p.Status == PaymentStatus.Pending && p.Channel != null
                    && (force || p.GatewayCheckedAt == null || p.GatewayCheckedAt <= since))
                .ExecuteUpdateAsync(set => set.SetProperty(p => p.GatewayCheckedAt, now), cancellationToken);
            if (claimed == 0)
            {
                return null;
            }

            (provider, reference) = await db.Payments.Where(p => p.Id == paymentId)
                .Select(p => new ValueTuple<string, string>(p.Provider, p.ProviderReference)).SingleAsync(cancellationToken);
        }

        var gateway = gateways.FirstOrDefault(g => g.Name == provider);
        if (gateway is null)
        {
            return null;
        }

        try
        {
            var status = await gateway.QueryAsync(reference, cancellationToken);
            if (status.Capture is { } capture)
            {
                await events.HandleAsync(capture, $"{provider} order query", cancellationToken);
            }

            return status.State;
        }
        catch (PaymentGatewayException e)
        {
            logger.LogWarning(e, "Could not ask {Provider} about payment {Reference}", provider, reference);
            return null;
        }
    }

    private async Task<bool> CloseAsync(int paymentId, CancellationToken cancellationToken)
    {
        Payment payment;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            payment = await db.Payments.AsNoTracking().SingleAsync(p => p.Id == paymentId, cancellationToken);
        }

        var gateway = gateways.First(g => g.Name == payment.Provider);
        try
        {
            if (await gateway.CloseAsync(payment.ProviderReference, cancellationToken) == GatewayCloseOutcome.AlreadyPaid)
            {
                var status = await gateway.QueryAsync(payment.ProviderReference, cancellationToken);
                if (status.Capture is { } capture)
                {
                    await events.HandleAsync(capture, $"{payment.Provider} order query after a refused close", cancellationToken);
                }
            }
            else if (payment.Status == PaymentStatus.Pending)
            {
                await events.HandleAsync(
                    new PaymentNotice(payment.Provider, $"close:{payment.ProviderReference}", "order.closed", PaymentNoticeKind.Expired,
                        payment.ProviderReference, payment.AmountFen, payment.Currency),
                    $"{payment.Provider} order closed at the end of the reservation", cancellationToken);
            }
        }
        catch (PaymentGatewayException e)
        {
            logger.LogWarning(e, "Could not close {Provider} order {Reference}; will try again", payment.Provider, payment.ProviderReference);
            return false;
        }

        var now = clock.GetUtcNow();
        await using var update = await dbFactory.CreateDbContextAsync(cancellationToken);
        await update.Payments.Where(p => p.Id == paymentId && p.GatewayClosedAt == null)
            .ExecuteUpdateAsync(set => set.SetProperty(p => p.GatewayClosedAt, now), cancellationToken);
        return true;
    }

    private sealed record OpenOrder(int Id, PaymentStatus Status, PaymentPurpose Purpose, DateTimeOffset CreatedAt, DateTimeOffset? ReservedUntil)
    {
        public DateTimeOffset ExpiresAt(PaymentOptions options) => GatewayOrderExpiry.For(Purpose, CreatedAt, ReservedUntil, options);
    }
}
