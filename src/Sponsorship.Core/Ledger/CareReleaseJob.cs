using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Adoptions;
using Sponsorship.Core.Data;
using Sponsorship.Core.Flock;
using Sponsorship.Core.Jobs;
using Sponsorship.Core.Payments;

namespace Sponsorship.Core.Ledger;

/// <summary>What one run of the release job did.</summary>
public sealed record ReleaseRunResult(int CareReleased, int EndReleased);

/// <summary>
/// The hourly proof-of-care job. For each captured payment of an active adoption it releases the care tranche once
/// the sheep has an approved weighing and an approved photo dated at least <see cref="SplitRule.CareMinDays"/> into the
/// payment's term, and the rest when the payment's term has ended (whatever the adoption's status by then). Each payment
/// is released in its own short transaction, retried when a concurrent ledger writer got there first; the idempotency
/// keys make a second run harmless.
/// </summary>
public sealed class CareReleaseJob(IDbContextFactory<SponsorshipDbContext> dbFactory, TimeProvider clock) : IScheduledJob
{
    public string Name => "ledger-releases";

    public JobSchedule Schedule => JobSchedule.Hourly;

    async Task<string> IScheduledJob.RunAsync(CancellationToken cancellationToken)
    {
        var result = await ReleaseDueAsync(clock.GetUtcNow(), cancellationToken);
        return $"care {result.CareReleased}, end {result.EndReleased}";
    }

    /// <summary>Releases every care and end tranche due at <paramref name="now"/>.</summary>
    public async Task<ReleaseRunResult> ReleaseDueAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        List<Due> due;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            // A term that is over releases its end whatever the adoption's status: the term-end job may have closed the
            // adoption first. Care is only for adoptions still running.
            var candidates = await db.Payments.AsNoTracking()
                .Where(p => p.Status == PaymentStatus.Captured && p.TermStart != null && p.TermEnd != null
                    && p.AdoptionId != null && (p.TermEnd <= now || p.Adoption!.Status == AdoptionStatus.Active)
                    && !db.LedgerTransactions.Any(t => t.IdempotencyKey == LedgerKeys.ReleasePrefix + p.Id + LedgerKeys.FinalSuffix)
                    && !db.LedgerTransactions.Any(t => t.IdempotencyKey == LedgerKeys.RefundPrefix + p.Id))
                .Select(p => new
                {
                    p.Id, AdoptionId = p.AdoptionId!.Value, p.Adoption!.SheepId, TermStart = p.TermStart!.Value, TermEnd = p.TermEnd!.Value,
                    p.Adoption.SplitRule.CareMinDays,
                    CareDone = db.LedgerTransactions.Any(t => t.IdempotencyKey == LedgerKeys.ReleasePrefix + p.Id + LedgerKeys.CareSuffix),
                })
                .ToListAsync(cancellationToken);
            due = [];
            foreach (var c in candidates)
            {
                if (c.TermEnd <= now)
                {
                    due.Add(new Due(c.Id, c.AdoptionId, End: true));
                    continue;
                }

                var from = c.TermStart.AddDays(c.CareMinDays);
                if (c.CareDone || from > now)
                {
                    continue;
                }

                var approved = db.AnimalLogs.Where(l => l.SheepId == c.SheepId && l.Review == ReviewStatus.Approved && l.At >= from && l.At <= c.TermEnd);
                if (await approved.AnyAsync(l => l.Kind == LogKind.Weighing && l.QuantityKg != null, cancellationToken)
                    && await approved.AnyAsync(l => l.Photos.Any(), cancellationToken))
                {
                    due.Add(new Due(c.Id, c.AdoptionId, End: false));
                }
            }
        }

        int care = 0, end = 0;
        foreach (var d in due)
        {
            var posted = await LedgerWrites.RunAsync(dbFactory, async db =>
            {
                var adoption = await db.Adoptions.FirstAsync(a => a.Id == d.AdoptionId, cancellationToken);
                var payment = await db.Payments.FirstAsync(p => p.Id == d.PaymentId, cancellationToken);
                return d.End
                    ? await ShareReleases.ReleaseEndAsync(db, adoption, payment, now, cancellationToken)
                    : await ShareReleases.ReleaseCareAsync(db, adoption, payment, now, cancellationToken);
            }, cancellationToken);
            if (posted)
            {
                _ = d.End ? end++ : care++;
            }
        }

        return new ReleaseRunResult(care, end);
    }

    private sealed record Due(int PaymentId, int AdoptionId, bool End);
}
