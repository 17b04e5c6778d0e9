using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Certificates;
using Sponsorship.Core.Data;
using Sponsorship.Core.Ledger;
using Sponsorship.Core.Mail;
using Sponsorship.Core.Payments;
using Sponsorship.Core.Programme;

namespace Sponsorship.Core.Adoptions;

/// <summary>
/// What a captured payment sets in motion, all in the caller's transaction: the term starts (or a renewal extends it),
/// the money moves from the provider's clearing account to the adoption's deferred account and the shares due at once are
/// released (ShareReleases), the certificate is issued
/// (superseding the previous one on a renewal) and the confirmation mail is queued.
/// </summary>
public static class AdoptionActivation
{
    public static async Task ApplyCaptureAsync(
        SponsorshipDbContext db, Adoption adoption, Payment payment, DateTimeOffset now, ProgrammeCalendar calendar,
        CancellationToken cancellationToken = default)
    {
        await StartTermAsync(db, adoption, payment, now, calendar, cancellationToken);
        var buyer = await db.Users.AsNoTracking().SingleAsync(u => u.Id == adoption.BuyerUserId, cancellationToken);
        Outbox.Queue(db, new AdoptionConfirmedPayload(adoption.Id, payment.Id), buyer, now, $"confirmed:payment:{payment.Id}");
    }

    /// <summary>
    /// The capture without the confirmation mail: an organisation order's adoptions are confirmed by one mail for the
    /// whole order.
    /// </summary>
    public static async Task StartTermAsync(
        SponsorshipDbContext db, Adoption adoption, Payment payment, DateTimeOffset now, ProgrammeCalendar calendar,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(adoption);
        ArgumentNullException.ThrowIfNull(payment);
        if (payment.Purpose == PaymentPurpose.Renewal && adoption.Status == AdoptionStatus.Active && adoption.EndAt is { } end)
        {
            payment.TermStart = end;
            adoption.EndAt = end.AddMonths(adoption.TermMonths);
            adoption.RenewalReminderQueuedAt = null;
        }
        else
        {
            adoption.Status = AdoptionStatus.Active;
            adoption.StartAt = now;
            adoption.EndAt = now.AddMonths(adoption.TermMonths);
            adoption.ReservedUntil = null;
            adoption.ClosedAt = null;
            payment.TermStart = now;
        }

        payment.TermEnd = adoption.EndAt;
        payment.Status = PaymentStatus.Captured;
        payment.CapturedAt = now;
        await LedgerBook.PostAsync(
            db,
            new LedgerPosting(
                LedgerKeys.Capture(payment.Id), LedgerKinds.Capture, payment.ProviderReference,
                [new(LedgerAccounts.PspClearing, -payment.AmountFen), new(LedgerAccounts.AdoptionDeferred(adoption.Id), payment.AmountFen)],
                adoption.Id),
            now, cancellationToken);
        await ShareReleases.ReleaseActivationAsync(db, adoption, payment, now, cancellationToken);
        await CertificateIssuer.IssueAsync(db, adoption, now, calendar, cancellationToken);
    }
}
