using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Certificates;
using Sponsorship.Core.Data;
using Sponsorship.Core.Flock;
using Sponsorship.Core.Ledger;
using Sponsorship.Core.Mail;

namespace Sponsorship.Core.Adoptions;

/// <summary>
/// What an administrator's confirmation of a death log does to the sheep's running adoption, in the approval's own
/// transaction: the sponsor is told, then the policy chosen at checkout applies — a replacement to pick within 14 days,
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
            .Select(l => new { l.Id, l.SheepId, l.At, l.Sheep.HouseholdId }).ToListAsync(cancellationToken);
        foreach (var death in deaths)
        {
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
                    db, MailKinds.DeathNotice, adoption.Sponsor.Email ?? "", adoption.Sponsor.DisplayName, adoption.Culture,
                    new DeathNoticePayload(adoption.Id, LogId: death.Id), now, adoption.SponsorUserId, SponsorUpdates.DeathKey(adoption.Id, adoption.SheepId));
                switch (adoption.DeathPolicy)
                {
                    case DeathPolicy.ProRataRefund:
                        await DeathSettlement.RefundAsync(db, adoption, DateOnly.FromDateTime(death.At.UtcDateTime), now, cancellationToken);
                        adoption.Status = AdoptionStatus.Refunded;
                        adoption.ClosedAt = now;
                        await CertificateIssuer.RevokeAsync(db, adoption.Id, now, cancellationToken);
                        break;

                    case DeathPolicy.DonateRemainder:
                        await DeathSettlement.DonateAsync(db, adoption, death.HouseholdId, now, cancellationToken);
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

/// <summary>
/// The money side of a death, posted straight through <see cref="LedgerBook"/> in the caller's transaction. Kept in one
/// small class so the ledger's own release logic can take it over.
/// </summary>
public static class DeathSettlement
{
    /// <summary>
    /// The unexpired part of every paid term (days left of the term ÷ its days, in fen, rounded down), capped at what is
    /// still deferred, moves to the credit of the sponsor who paid (the buyer, also for a claimed gift).
    /// </summary>
    public static async Task<long> RefundAsync(
        SponsorshipDbContext db, Adoption adoption, DateOnly diedOn, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(adoption);
        var terms = await db.Payments.AsNoTracking()
            .Where(p => p.AdoptionId == adoption.Id && p.Status == Payments.PaymentStatus.Captured && p.TermStart != null && p.TermEnd != null)
            .Select(p => new { p.AmountFen, p.TermStart, p.TermEnd }).ToListAsync(cancellationToken);
        long unexpired = 0;
        foreach (var term in terms)
        {
            unexpired += UnexpiredFen(term.AmountFen, Day(term.TermStart!.Value), Day(term.TermEnd!.Value), diedOn);
        }

        var amount = Math.Min(unexpired, await DeferredBalanceAsync(db, adoption.Id, cancellationToken));
        if (amount > 0)
        {
            await LedgerBook.PostAsync(
                db,
                new LedgerPosting(
                    $"refund:adoption:{adoption.Id}", "refund", $"adoption {adoption.Id}",
                    [new(LedgerAccounts.AdoptionDeferred(adoption.Id), -amount), new(LedgerAccounts.SponsorCredit(adoption.BuyerUserId), amount)],
                    adoption.Id),
                now, cancellationToken);
        }

        return amount;
    }

    /// <summary>Whatever is still deferred for the adoption goes to the household that raised the sheep.</summary>
    public static async Task<long> DonateAsync(
        SponsorshipDbContext db, Adoption adoption, int householdId, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(adoption);
        var amount = await DeferredBalanceAsync(db, adoption.Id, cancellationToken);
        if (amount > 0)
        {
            await LedgerBook.PostAsync(
                db,
                new LedgerPosting(
                    $"donate:adoption:{adoption.Id}", "donate", $"adoption {adoption.Id}",
                    [new(LedgerAccounts.AdoptionDeferred(adoption.Id), -amount), new(LedgerAccounts.HerderPayable(householdId), amount)],
                    adoption.Id),
                now, cancellationToken);
        }

        return amount;
    }

    /// <summary>The unexpired share of one term's price, in whole fen, rounded down.</summary>
    public static long UnexpiredFen(long amountFen, DateOnly termStart, DateOnly termEnd, DateOnly diedOn)
    {
        var termDays = termEnd.DayNumber - termStart.DayNumber;
        if (termDays <= 0 || diedOn >= termEnd)
        {
            return 0;
        }

        var daysLeft = termEnd.DayNumber - Math.Max(diedOn.DayNumber, termStart.DayNumber);
        return amountFen * daysLeft / termDays;
    }

    private static DateOnly Day(DateTimeOffset at) => DateOnly.FromDateTime(at.UtcDateTime);

    private static async Task<long> DeferredBalanceAsync(SponsorshipDbContext db, int adoptionId, CancellationToken cancellationToken)
    {
        var code = LedgerAccounts.AdoptionDeferred(adoptionId);
        var account = db.LedgerAccounts.Local.FirstOrDefault(a => a.Code == code)
            ?? await db.LedgerAccounts.FirstOrDefaultAsync(a => a.Code == code, cancellationToken);
        return Math.Max(0, account?.BalanceFen ?? 0);
    }
}
