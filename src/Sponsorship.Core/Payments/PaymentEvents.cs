using System.Data;
using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Adoptions;
using Sponsorship.Core.Data;
using Sponsorship.Core.Identity;

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
/// or currency differs from what was asked is flagged for an administrator and does not activate the adoption.
/// </summary>
public sealed class PaymentEvents(IDbContextFactory<SponsorshipDbContext> dbFactory, TimeProvider clock)
{
    public const string ActivatedOutcome = "captured: adoption active";

    public async Task<NoticeResult> HandleAsync(PaymentNotice notice, string payload, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(notice);
        var now = clock.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(IsolationLevel.Serializable, cancellationToken);
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
        catch (DbUpdateException)
        {
            return new NoticeResult(NoticeHandling.Replay, "already received");
        }

        var payment = await db.Payments.Include(p => p.Adoption)
            .SingleOrDefaultAsync(p => p.Provider == notice.Provider && p.ProviderReference == notice.PaymentReference, cancellationToken);
        record.PaymentId = payment?.Id;
        record.Outcome = payment is null ? "ignored: no such payment" : await ApplyAsync(db, notice, payment, now, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        if (record.Outcome == ActivatedOutcome)
        {
            SponsorshipMetrics.AdoptionsActivated.Add(1);
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
        SponsorshipDbContext db, PaymentNotice notice, Payment payment, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var adoption = payment.Adoption;
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

                var payer = payment.Purpose == PaymentPurpose.Renewal ? adoption.SponsorUserId : adoption.BuyerUserId;
                if (await db.Users.AnyAsync(u => u.Id == payer && u.DeletedAt != null, cancellationToken))
                {
                    payment.Status = PaymentStatus.Flagged;
                    payment.FlagReason = "captured after the payer deleted their account: refund it";
                    return "flagged: " + payment.FlagReason;
                }

                if (adoption.Status is not (AdoptionStatus.PendingPayment or AdoptionStatus.Active)
                    && await db.Sheep.AnyAsync(s => s.Id == adoption.SheepId && s.ArchivedAt != null, cancellationToken))
                {
                    payment.Status = PaymentStatus.Flagged;
                    payment.FlagReason = "captured after the checkout was closed, and the sheep has since left the flock: refund it";
                    return "flagged: " + payment.FlagReason;
                }

                if (adoption.Status is not (AdoptionStatus.PendingPayment or AdoptionStatus.Active)
                    && await db.Adoptions.AnyAsync(
                        a => a.SheepId == adoption.SheepId && a.Id != adoption.Id
                            && (a.Status == AdoptionStatus.PendingPayment || a.Status == AdoptionStatus.Active),
                        cancellationToken))
                {
                    payment.Status = PaymentStatus.Flagged;
                    payment.FlagReason = "captured after the reservation lapsed and the sheep was taken by another sponsor: refund it";
                    return "flagged: " + payment.FlagReason;
                }

                await AdoptionActivation.ApplyCaptureAsync(db, adoption, payment, now, cancellationToken);
                return payment.Purpose == PaymentPurpose.Renewal ? "captured: term renewed" : ActivatedOutcome;

            case PaymentNoticeKind.Declined or PaymentNoticeKind.Expired:
                if (payment.Status != PaymentStatus.Pending)
                {
                    return $"ignored: payment already {payment.Status.ToString().ToLowerInvariant()}";
                }

                payment.Status = notice.Kind == PaymentNoticeKind.Declined ? PaymentStatus.Declined : PaymentStatus.Expired;
                payment.ClosedAt = now;
                if (payment.Purpose == PaymentPurpose.Adoption && adoption.Status == AdoptionStatus.PendingPayment)
                {
                    adoption.Status = AdoptionStatus.Cancelled;
                    adoption.ClosedAt = now;
                    adoption.ReservedUntil = null;
                }

                return notice.Kind == PaymentNoticeKind.Declined ? "declined: sheep released" : "expired: sheep released";

            default:
                return "ignored: not a payment outcome";
        }
    }
}
