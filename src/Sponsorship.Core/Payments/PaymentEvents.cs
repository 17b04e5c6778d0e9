using System.Data;
using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Adoptions;
using Sponsorship.Core.Data;
using Sponsorship.Core.Identity;
using Sponsorship.Core.Ledger;
using Sponsorship.Core.Organisations;
using Sponsorship.Core.Programme;
using Sponsorship.Core.PublicPages;
using Sponsorship.Core.Visits;

namespace Sponsorship.Core.Payments;

public enum NoticeHandling
{
    /// <summary>First time this event was seen; <see cref="NoticeResult.Outcome"/> says what it did.</summary>
    Applied,

    /// <summary>The provider sent this event before: acknowledged, nothing changed.</summary>
    Replay,
}

public sealed record NoticeResult(NoticeHandling Handling, string Outcome);

/// <summary>
/// Applies a verified provider notice. Each provider event id is stored once (a unique index): a replay is acknowledged
/// and changes nothing. Each notice is applied in one serializable transaction, and a payment only ever leaves
/// <see cref="PaymentStatus.Pending"/> once, so notices arriving out of order (a late decline after a capture) cannot
/// undo what happened. A capture whose amount
/// or currency differs from what was asked is flagged for an administrator and does not activate the adoption. An
/// organisation order's payment goes the same way and activates (or releases) all of the order's adoptions at once
/// (<see cref="OrderPayments"/>); a visit's payment marks the visit paid (<see cref="VisitCapture"/>). A refund's confirmation settles that refund once.
/// On a server database a notice that collides with another transaction is applied again from the start.
/// </summary>
public sealed class PaymentEvents(IDbContextFactory<SponsorshipDbContext> dbFactory, ProgrammeCalendar calendar, IPublicPageChanges? publicPages = null)
{
    private readonly IPublicPageChanges pages = publicPages ?? NoPublicPageCache.Instance;

    public const string ActivatedOutcome = "captured: adoption active";

    public Task<NoticeResult> HandleAsync(PaymentNotice notice, string payload, CancellationToken cancellationToken = default) =>
        Contention.RetryAsync(() => HandleOnceAsync(notice, payload, cancellationToken), cancellationToken);

    private async Task<NoticeResult> HandleOnceAsync(PaymentNotice notice, string payload, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notice);
        var now = calendar.Now;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(IsolationLevel.Serializable, cancellationToken);

        // A capture posts to the ledger: take its write lock before reading anything (see LedgerBook.LockAsync).
        await LedgerBook.LockAsync(db, cancellationToken);
        var record = new ProviderEvent
        {
            Provider = notice.Provider,
            EventId = notice.EventId,
            Type = notice.Type,
            ReceivedAt = now,
            Payload = payload.Length > 16000 ? payload[..16000] : payload,
        };
        db.ProviderEvents.Add(record);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (!Contention.IsContention(e))
        {
            return new NoticeResult(NoticeHandling.Replay, "already received");
        }

        var payment = await db.Payments.Include(p => p.Adoption)
            .SingleOrDefaultAsync(p => p.Provider == notice.Provider && p.ProviderReference == notice.PaymentReference, cancellationToken);
        record.PaymentId = payment?.Id;
        record.Outcome = payment is null ? "ignored: no such payment" : await ApplyAsync(db, notice, payment, now, calendar, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        if (record.Outcome == ActivatedOutcome)
        {
            SponsorshipMetrics.AdoptionsActivated.Add(1);
        }

        if (payment?.Adoption is not null)
        {
            // Captured, renewed, declined or expired: the sheep's adoption state, and the figures when money moved.
            await pages.SheepChangedAsync([payment.Adoption.SheepId], SheepPageChange.Profile | SheepPageChange.Figures, cancellationToken);
        }

        return new NoticeResult(NoticeHandling.Applied, record.Outcome);
    }

    /// <summary>An administrator saw a bank transfer arrive with this reference and amount.</summary>
    public async Task<NoticeResult?> ConfirmBankTransferAsync(
        string reference, long amountFen, string adminUserId, CancellationToken cancellationToken = default)
    {
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            if (!await Administrators.IsAdministratorAsync(db, adminUserId, cancellationToken))
            {
                return null;
            }
        }

        var notice = new PaymentNotice(
            BankTransferPayments.ProviderName, $"bank:{reference}", "bank.transfer_received", PaymentNoticeKind.Captured,
            reference, amountFen, "CNY");
        return await HandleAsync(notice, $"confirmed by {adminUserId}", cancellationToken);
    }

    private static async Task<string> ApplyAsync(
        SponsorshipDbContext db, PaymentNotice notice, Payment payment, DateTimeOffset now, ProgrammeCalendar calendar, CancellationToken cancellationToken)
    {
        switch (notice.Kind)
        {
            case PaymentNoticeKind.Captured:
                if (payment.Status is PaymentStatus.Captured or PaymentStatus.Flagged or PaymentStatus.Refunded)
                {
                    return $"ignored: payment already {payment.Status.ToString().ToLowerInvariant()}";
                }

                if (notice.AmountFen != payment.AmountFen || !string.Equals(notice.Currency, payment.Currency, StringComparison.OrdinalIgnoreCase))
                {
                    payment.Status = PaymentStatus.Flagged;
                    payment.FlagReason = $"captured {notice.AmountFen} {notice.Currency}, expected {payment.AmountFen} {payment.Currency}";
                    return "flagged: " + payment.FlagReason;
                }

                if (payment.Purpose == PaymentPurpose.Visit)
                {
                    return await VisitCapture.ApplyAsync(db, payment, now, cancellationToken);
                }

                if (payment.Adoption is not { } adoption)
                {
                    return await OrderPayments.ApplyCaptureAsync(db, payment, now, calendar, cancellationToken);
                }

                var payer = payment.Purpose == PaymentPurpose.Renewal ? adoption.SponsorUserId : adoption.BuyerUserId;
                if (await db.Users.AnyAsync(u => u.Id == payer && u.DeletedAt != null, cancellationToken))
                {
                    payment.Status = PaymentStatus.Flagged;
                    payment.FlagReason = "captured after the payer deleted their account: refund it";
                    return "flagged: " + payment.FlagReason;
                }

                if (!adoption.HoldsItsSheep && LateCaptureProblem(await SheepHolds.StandingAsync(db, adoption.SheepId, adoption.Id, cancellationToken)) is { } late)
                {
                    payment.Status = PaymentStatus.Flagged;
                    payment.FlagReason = late;
                    return "flagged: " + payment.FlagReason;
                }

                await AdoptionActivation.ApplyCaptureAsync(db, adoption, payment, now, calendar, cancellationToken);
                return payment.Purpose == PaymentPurpose.Renewal ? "captured: term renewed" : ActivatedOutcome;

            case PaymentNoticeKind.Declined or PaymentNoticeKind.Expired:
                if (payment.Status != PaymentStatus.Pending)
                {
                    return $"ignored: payment already {payment.Status.ToString().ToLowerInvariant()}";
                }

                payment.Status = notice.Kind == PaymentNoticeKind.Declined ? PaymentStatus.Declined : PaymentStatus.Expired;
                payment.ClosedAt = now;
                if (payment.Purpose == PaymentPurpose.Visit)
                {
                    // The visit stays accepted: the sponsor may try again until its pay-by time.
                    return notice.Kind == PaymentNoticeKind.Declined ? "declined: visit still to be paid" : "expired: visit still to be paid";
                }

                if (payment.Adoption is null)
                {
                    await OrderPayments.ApplyClosedAsync(db, payment, now, cancellationToken);
                }
                else if (payment.Purpose == PaymentPurpose.Adoption && payment.Adoption.Status == AdoptionStatus.PendingPayment)
                {
                    payment.Adoption.Status = AdoptionStatus.Cancelled;
                    payment.Adoption.ClosedAt = now;
                    payment.Adoption.ReservedUntil = null;
                }

                return notice.Kind == PaymentNoticeKind.Declined ? "declined: sheep released" : "expired: sheep released";

            case PaymentNoticeKind.RefundSucceeded or PaymentNoticeKind.RefundFailed:
                return await ApplyRefundAsync(db, notice, payment, now, cancellationToken);

            default:
                return "ignored: not a payment outcome";
        }
    }

    /// <summary>
    /// A provider's word on one of our refunds: success settles it (once, for exactly the amount asked), a failure leaves
    /// it for an administrator to pay back by hand. A refund already settled stays settled whatever comes later.
    /// </summary>
    private static async Task<string> ApplyRefundAsync(
        SponsorshipDbContext db, PaymentNotice notice, Payment payment, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var refund = await db.Refunds.SingleOrDefaultAsync(r => r.PaymentId == payment.Id && r.Reference == notice.RefundReference, cancellationToken);
        if (refund is null)
        {
            return "ignored: no such refund";
        }

        if (refund.Status == RefundStatus.Succeeded)
        {
            return "ignored: refund already settled";
        }

        if (notice.Kind == PaymentNoticeKind.RefundFailed)
        {
            refund.Status = RefundStatus.Failed;
            refund.NextAttemptAt = null;
            refund.LastAnswer = notice.Type;
            return "refund failed: to be paid back by hand";
        }

        if (notice.AmountFen != refund.AmountFen)
        {
            refund.LastAnswer = $"confirmed {notice.AmountFen} fen, asked {refund.AmountFen}";
            return $"ignored: refund of {notice.AmountFen} fen confirmed, {refund.AmountFen} asked";
        }

        await Refunds.SettleAsync(db, refund, payment, now, cancellationToken: cancellationToken);
        return "refund settled";
    }

    /// <summary>Why money captured after the checkout closed cannot reopen it: the sheep can no longer be adopted.</summary>
    private static string? LateCaptureProblem(SheepStanding standing) => standing switch
    {
        SheepStanding.NotFound or SheepStanding.LeftFlock => "captured after the checkout was closed, and the sheep has since left the flock: refund it",
        SheepStanding.RemovalPending => "captured after the checkout was closed, and the sheep has since been reported dead or gone: refund it",
        SheepStanding.Held => "captured after the reservation lapsed and the sheep was taken by another sponsor: refund it",
        _ => null,
    };
}
