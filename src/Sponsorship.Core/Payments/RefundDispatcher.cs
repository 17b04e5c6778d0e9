using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Sponsorship.Core.Data;
using Sponsorship.Core.Ledger;
using Sponsorship.Core.Jobs;

namespace Sponsorship.Core.Payments;

/// <summary>
/// Sends queued refunds to the provider their payment came through, and asks again (the same refund reference, so
/// the provider pays it once) until the provider confirms — by its notification, or by the answer to a later ask. A
/// provider without a refund interface here (bank transfer, card) leaves the refund to an administrator.
/// </summary>
public sealed class RefundDispatcher(
    IDbContextFactory<SponsorshipDbContext> dbFactory, IEnumerable<IRefundGateway> gateways, TimeProvider clock,
    ILogger<RefundDispatcher> logger) : IScheduledJob
{
    /// <summary>How long to wait before asking again, by attempt; the last one repeats.</summary>
    public static readonly TimeSpan[] Backoff =
        [TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(15), TimeSpan.FromHours(1), TimeSpan.FromHours(6)];

    public string Name => "refund-dispatch";

    public JobSchedule Schedule => JobSchedule.Every(TimeSpan.FromMinutes(1));

    async Task<string> IScheduledJob.RunAsync(CancellationToken cancellationToken) =>
        $"sent {await SendDueAsync(cancellationToken)}";

    /// <returns>How many refunds were sent (or sent again).</returns>
    public async Task<int> SendDueAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        List<int> due;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            due = await db.Refunds
                .Where(r => (r.Status == RefundStatus.Requested || r.Status == RefundStatus.Processing) && r.NextAttemptAt <= now)
                .OrderBy(r => r.Id).Select(r => r.Id).Take(100).ToListAsync(cancellationToken);
        }

        foreach (var id in due)
        {
            await SendAsync(id, cancellationToken);
        }

        return due.Count;
    }

    /// <summary>Sends one refund to its provider (again). Safe to call any number of times, at once too: it pays once.</summary>
    /// <returns>The refund's status afterwards, or null when there is no such refund.</returns>
    public async Task<RefundStatus?> SendAsync(int refundId, CancellationToken cancellationToken = default)
    {
        Refund? refund;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            refund = await db.Refunds.AsNoTracking().Include(r => r.Payment).SingleOrDefaultAsync(r => r.Id == refundId, cancellationToken);
        }

        if (refund is null || refund.Status is not (RefundStatus.Requested or RefundStatus.Processing))
        {
            return refund?.Status;
        }

        var gateway = gateways.FirstOrDefault(g => g.Name == refund.Payment.Provider);
        if (gateway is null)
        {
            return await RecordAsync(refundId, RefundStatus.ByHand, "no refund interface: pay it back by hand", cancellationToken);
        }

        GatewayRefundResult result;
        try
        {
            result = await gateway.RefundAsync(
                new RefundOrder(refund.Payment.ProviderReference, refund.Reference, refund.AmountFen, refund.Payment.AmountFen, refund.Currency,
                    refund.Reason == RefundReason.SheepDied ? "羊只离世，按约定退还剩余款项" : "款项未能对应认养，原路退回"),
                cancellationToken);
        }
        catch (PaymentGatewayException e)
        {
            logger.LogWarning(e, "Refund {Reference} could not be sent to {Provider}; it will be sent again", refund.Reference, gateway.Name);
            return await RecordAsync(refundId, null, e.Message, cancellationToken);
        }

        return result.State switch
        {
            GatewayRefundState.Succeeded => await SettleAsync(refundId, result.Detail, cancellationToken),
            GatewayRefundState.Processing => await RecordAsync(refundId, RefundStatus.Processing, result.Detail, cancellationToken),
            _ => await RecordAsync(refundId, RefundStatus.Failed, result.Detail, cancellationToken),
        };
    }

    private Task<RefundStatus?> SettleAsync(int refundId, string answer, CancellationToken cancellationToken) =>
        LedgerWrites.RunAsync<RefundStatus?>(dbFactory, async db =>
        {
            var refund = await db.Refunds.Include(r => r.Payment).SingleAsync(r => r.Id == refundId, cancellationToken);
            refund.LastAnswer = Shorten(answer);
            await Refunds.SettleAsync(db, refund, refund.Payment, clock.GetUtcNow(), cancellationToken: cancellationToken);
            return refund.Status;
        }, cancellationToken);

    /// <summary>Notes the attempt; a refund that is still open is asked about again after the backoff.</summary>
    private async Task<RefundStatus?> RecordAsync(int refundId, RefundStatus? status, string answer, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(System.Data.IsolationLevel.Serializable, cancellationToken);
        var refund = await db.Refunds.SingleAsync(r => r.Id == refundId, cancellationToken);
        if (refund.Status is not (RefundStatus.Requested or RefundStatus.Processing))
        {
            // A notification settled (or failed) it while we were asking.
            return refund.Status;
        }

        refund.Status = status ?? refund.Status;
        refund.Attempts++;
        refund.LastAnswer = Shorten(answer);
        refund.NextAttemptAt = refund.Status is RefundStatus.Requested or RefundStatus.Processing
            ? now + Backoff[Math.Min(refund.Attempts, Backoff.Length) - 1]
            : null;
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return refund.Status;
    }

    private static string Shorten(string text) => text.Length <= 500 ? text : text[..500];
}
