using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Adoptions;
using Sponsorship.Core.Data;
using Sponsorship.Core.Identity;
using Sponsorship.Core.Ledger;

namespace Sponsorship.Core.Payments;

public sealed record RefundRow(
    int Id, string Reference, string PaymentReference, string Provider, long AmountFen, RefundReason Reason, RefundStatus Status,
    DateTimeOffset RequestedAt, DateTimeOffset? SettledAt, int Attempts, string? LastAnswer, string SponsorName, string SponsorEmail);

public enum RefundAdminResult
{
    Done,
    NotAllowed,

    /// <summary>Not a flagged payment (only money that could not become an adoption is refunded by hand here).</summary>
    NotRefundable,

    /// <summary>Not a refund that waits for an administrator (it is still with the provider, or settled).</summary>
    NotWaiting,
}

/// <summary>
/// The administrators' side of refunds: refunding a flagged payment the way it came, the list of refunds with their
/// state (pending until the provider confirms), and marking a refund paid back by hand when the provider cannot do it.
/// Every method checks the caller is an administrator.
/// </summary>
public sealed class RefundAdmin(IDbContextFactory<SponsorshipDbContext> dbFactory, RefundDispatcher dispatcher, TimeProvider clock)
{
    /// <summary>
    /// Refunds the whole of a flagged payment (captured, but it could not become an adoption) through its provider. The
    /// money is recorded as received and as pending its return in one posting; the refund is sent at once.
    /// </summary>
    public async Task<RefundAdminResult> RefundFlaggedAsync(int paymentId, string adminUserId, CancellationToken cancellationToken = default)
    {
        await using (var check = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            if (!await Administrators.IsAdministratorAsync(check, adminUserId, cancellationToken))
            {
                return RefundAdminResult.NotAllowed;
            }
        }

        var refundId = await LedgerWrites.RunAsync(dbFactory, async db =>
        {
            var payment = await db.Payments.SingleOrDefaultAsync(p => p.Id == paymentId, cancellationToken);
            if (payment is not { Status: PaymentStatus.Flagged })
            {
                return (int?)null;
            }

            var now = clock.GetUtcNow();
            await LedgerBook.PostAsync(
                db,
                new LedgerPosting(
                    LedgerKeys.Refund(payment.Id), LedgerKinds.UnmatchedRefund, $"payment:{payment.Id}",
                    [new(LedgerAccounts.PspClearing, -payment.AmountFen), new(LedgerAccounts.RefundsPending, payment.AmountFen)], payment.AdoptionId),
                now, cancellationToken);
            var refund = await Refunds.QueueAsync(db, payment, payment.AmountFen, RefundReason.Administrator, adminUserId, now, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            return refund?.Id ?? await db.Refunds.Where(r => r.PaymentId == paymentId).Select(r => (int?)r.Id).SingleAsync(cancellationToken);
        }, cancellationToken);
        if (refundId is not { } id)
        {
            return RefundAdminResult.NotRefundable;
        }

        await dispatcher.SendAsync(id, cancellationToken);
        return RefundAdminResult.Done;
    }

    /// <summary>Refunds still open (newest first), then the last settled ones; null for someone who is not an administrator.</summary>
    public async Task<IReadOnlyList<RefundRow>?> ListAsync(string adminUserId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!await Administrators.IsAdministratorAsync(db, adminUserId, cancellationToken))
        {
            return null;
        }

        // The payer: the adoption's buyer, or for an organisation order's payment the member who placed the order.
        IQueryable<RefundRow> Rows(IQueryable<Refund> refunds) => refunds.Select(r => new RefundRow(
            r.Id, r.Reference, r.Payment.ProviderReference, r.Payment.Provider, r.AmountFen, r.Reason, r.Status, r.RequestedAt, r.SettledAt,
            r.Attempts, r.LastAnswer,
            db.Users.Where(u => u.Id == (r.Payment.Adoption != null ? r.Payment.Adoption.BuyerUserId : db.OrganisationOrders.Where(o => o.Id == r.Payment.OrganisationOrderId).Select(o => o.PlacedByUserId).FirstOrDefault())).Select(u => u.DisplayName).FirstOrDefault() ?? "",
            db.Users.Where(u => u.Id == (r.Payment.Adoption != null ? r.Payment.Adoption.BuyerUserId : db.OrganisationOrders.Where(o => o.Id == r.Payment.OrganisationOrderId).Select(o => o.PlacedByUserId).FirstOrDefault())).Select(u => u.Email).FirstOrDefault() ?? ""));
        var refunds = db.Refunds.AsNoTracking();
        var open = await Rows(refunds.Where(r => r.Status != RefundStatus.Succeeded).OrderByDescending(r => r.Id).Take(200)).ToListAsync(cancellationToken);
        var settled = await Rows(refunds.Where(r => r.Status == RefundStatus.Succeeded).OrderByDescending(r => r.Id).Take(20)).ToListAsync(cancellationToken);
        return [.. open, .. settled];
    }

    /// <summary>An administrator paid the refund back by hand (a bank transfer's, or one the provider could not make).</summary>
    public async Task<RefundAdminResult> ConfirmPaidByHandAsync(int refundId, string adminUserId, CancellationToken cancellationToken = default)
    {
        await using (var check = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            if (!await Administrators.IsAdministratorAsync(check, adminUserId, cancellationToken))
            {
                return RefundAdminResult.NotAllowed;
            }
        }

        return await LedgerWrites.RunAsync(dbFactory, async db =>
        {
            var refund = await db.Refunds.Include(r => r.Payment).SingleOrDefaultAsync(r => r.Id == refundId, cancellationToken);
            if (refund is not { Status: RefundStatus.ByHand or RefundStatus.Failed })
            {
                return RefundAdminResult.NotWaiting;
            }

            await Refunds.SettleAsync(db, refund, refund.Payment, clock.GetUtcNow(), adminUserId, cancellationToken);
            return RefundAdminResult.Done;
        }, cancellationToken);
    }
}
