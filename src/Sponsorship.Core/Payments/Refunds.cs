using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Data;
using Sponsorship.Core.Ledger;

namespace Sponsorship.Core.Payments;

/// <summary>
/// The two moments of a refund, both in the caller's context and transaction (nothing is saved here):
/// <list type="bullet">
/// <item>queued with the decision that owes it, its money already moved to <c>psp:refunds_pending</c> by the caller's
/// refund posting (<c>refund:{paymentId}</c>);</item>
/// <item>settled when the provider confirms it (or an administrator paid it back by hand): <c>refund:{paymentId}:settled</c>
/// moves it from refunds pending back to the provider's clearing account, with the kind of the posting that queued it.</item>
/// </list>
/// </summary>
public static class Refunds
{
    public static string SettledKey(int paymentId) => SettledKeyOf(LedgerKeys.Refund(paymentId));

    /// <summary>The key of the posting that settles the refund queued under <paramref name="refundKey"/>.</summary>
    public static string SettledKeyOf(string refundKey) => refundKey + ":settled";

    /// <summary>Queues the refund of <paramref name="amountFen"/> of the payment; null when the payment already has one.</summary>
    public static async Task<Refund?> QueueAsync(
        SponsorshipDbContext db, Payment payment, long amountFen, RefundReason reason, string? requestedByUserId, DateTimeOffset now,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(payment);
        var key = LedgerKeys.Refund(payment.Id);
        if (db.Refunds.Local.Any(r => r.IdempotencyKey == key) || await db.Refunds.AnyAsync(r => r.IdempotencyKey == key, cancellationToken))
        {
            return null;
        }

        var refund = new Refund
        {
            PaymentId = payment.Id,
            Reference = PaymentReferences.NewRefund(),
            AmountFen = amountFen,
            Currency = payment.Currency,
            Reason = reason,
            Status = RefundStatus.Requested,
            RequestedAt = now,
            RequestedByUserId = requestedByUserId,
            NextAttemptAt = now,
            IdempotencyKey = key,
        };
        db.Refunds.Add(refund);
        return refund;
    }

    /// <summary>The refund reached the payer: settle it once (a second confirmation changes nothing and returns false).</summary>
    public static async Task<bool> SettleAsync(
        SponsorshipDbContext db, Refund refund, Payment payment, DateTimeOffset now, string? settledByUserId = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(refund);
        ArgumentNullException.ThrowIfNull(payment);
        if (refund.Status == RefundStatus.Succeeded)
        {
            return false;
        }

        var queuedAs = await db.LedgerTransactions.Where(t => t.IdempotencyKey == refund.IdempotencyKey).Select(t => t.Kind)
            .FirstOrDefaultAsync(cancellationToken) ?? LedgerKinds.Refund;
        await LedgerBook.PostAsync(
            db,
            new LedgerPosting(
                SettledKey(payment.Id), queuedAs, $"payment:{payment.Id}",
                [new(LedgerAccounts.RefundsPending, -refund.AmountFen), new(LedgerAccounts.PspClearing, refund.AmountFen)], payment.AdoptionId),
            now, cancellationToken);
        refund.Status = RefundStatus.Succeeded;
        refund.SettledAt = now;
        refund.SettledByUserId = settledByUserId;
        refund.NextAttemptAt = null;
        if (payment.Status == PaymentStatus.Flagged)
        {
            payment.Status = PaymentStatus.Refunded;
            payment.ClosedAt = now;
        }

        return true;
    }
}
