using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Certificates;
using Sponsorship.Core.Data;
using Sponsorship.Core.Flock;
using Sponsorship.Core.Ledger;
using Sponsorship.Core.Mail;

namespace Sponsorship.Core.Adoptions;

/// <summary>
/// What an administrator's confirmation of a death log does (or a trusted household's report, approved at once), in the
/// approval's own transaction: the sheep is archived, the sponsor is told, then the policy chosen at checkout applies — a replacement to pick within 14 days,
/// a pro-rata refund to the sponsor's credit, or the remainder donated to the household. Each adoption is settled
/// once: a settled adoption no longer matches (closed, or already waiting for a replacement).
/// </summary>
public static class SheepDeaths
{
    public static readonly TimeSpan ReplacementPeriod = TimeSpan.FromDays(14);

    public static async Task ApplyAsync(
        SponsorshipDbContext db, IReadOnlyCollection<long> approvedLogIds, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(approvedLogIds);
        if (approvedLogIds.Count == 0)
        {
            return;
        }

        var deaths = await db.AnimalLogs.AsNoTracking()
            .Where(l => approvedLogIds.Contains(l.Id) && l.Kind == LogKind.Death)
            .Select(l => new { l.Id, l.SheepId, l.At, l.RemovalReason, l.Sheep.HouseholdId }).ToListAsync(cancellationToken);
        foreach (var death in deaths)
        {
            // The sheep leaves the flock only now that the report is approved (a rejected one leaves it as it was).
            await db.Sheep.Where(s => s.Id == death.SheepId && s.ArchivedAt == null)
                .ExecuteUpdateAsync(set => set.SetProperty(s => s.ArchivedAt, death.At).SetProperty(s => s.RemovalReason, death.RemovalReason), cancellationToken);

            // Someone still paying for the sheep (a bank transfer holds it for days) can no longer adopt it.
            var pending = await db.Adoptions.Where(a => a.SheepId == death.SheepId && a.Status == AdoptionStatus.PendingPayment).ToListAsync(cancellationToken);
            foreach (var adoption in pending)
            {
                adoption.Status = AdoptionStatus.Cancelled;
                adoption.ClosedAt = now;
                adoption.ReservedUntil = null;
                foreach (var payment in await db.Payments.Where(p => p.AdoptionId == adoption.Id && p.Status == Payments.PaymentStatus.Pending).ToListAsync(cancellationToken))
                {
                    payment.Status = Payments.PaymentStatus.Expired;
                    payment.ClosedAt = now;
                }
            }

            var adoptions = await db.Adoptions.Include(a => a.Sponsor)
                .Where(a => a.SheepId == death.SheepId && a.Status == AdoptionStatus.Active && a.ReplacementDueAt == null)
                .ToListAsync(cancellationToken);
            foreach (var adoption in adoptions)
            {
                Outbox.Queue(
                    db, new DeathNoticePayload(adoption.Id, LogId: death.Id), adoption.Sponsor, now, SponsorUpdates.DeathKey(adoption.Id, adoption.SheepId));
                switch (adoption.DeathPolicy)
                {
                    case DeathPolicy.ProRataRefund:
                        await ShareReleases.RefundRemainderAsync(db, adoption, death.At, now, RefundTo.PaymentProvider, cancellationToken);
                        adoption.Status = AdoptionStatus.Refunded;
                        adoption.ClosedAt = now;
                        await CertificateIssuer.RevokeAsync(db, adoption.Id, now, cancellationToken);
                        break;

                    case DeathPolicy.DonateRemainder:
                        await ShareReleases.DonateRemainderAsync(db, adoption, now, cancellationToken);
                        adoption.Status = AdoptionStatus.Ended;
                        adoption.ClosedAt = now;

                        // The certificate stays valid: it records a real adoption of a sheep that lived its life with this sponsor.
                        break;

                    default:
                        adoption.ReplacementDueAt = now + ReplacementPeriod;
                        break;
                }
            }
        }
    }
}
