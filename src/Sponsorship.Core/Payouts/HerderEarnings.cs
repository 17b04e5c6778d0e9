using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Adoptions;
using Sponsorship.Core.Data;
using Sponsorship.Core.Ledger;

namespace Sponsorship.Core.Payouts;

/// <summary>Part of a payout that came from one adoption's released shares.</summary>
public sealed record PayoutSource(int AdoptionId, string SheepName, string SheepNameLatin, long AmountFen);

public sealed record HerderPayout(
    int LineId, string BatchReference, string Reference, long AmountFen, PayoutLineStatus Status, DateTimeOffset? ExportedAt,
    DateTimeOffset? SettledAt, IReadOnlyList<PayoutSource> Sources);

public sealed record HerderRelease(DateTimeOffset At, int AdoptionId, string SheepName, string SheepNameLatin, string Stage, long AmountFen);

public sealed record EarningsView(
    int HouseholdId, string HeadName, string HeadNameLatin, string MaskedAccount,
    long PendingFen, long AvailableFen, long InTransitFen, long PaidFen,
    IReadOnlyList<HerderPayout> Payouts, IReadOnlyList<HerderRelease> Releases);

/// <summary>
/// What a herder household has earned: pending (still deferred on its sheep's active adoptions, released as care is
/// shown), available (payable), in transit (exported, not yet confirmed by the bank) and paid, and each payout with the
/// adoptions it came from. A payout is traced to adoptions first-in, first-out: each payout takes the oldest released
/// fen not yet paid out (a failed payout takes nothing; its fen wait for the next).
/// </summary>
public sealed class HerderEarnings(IDbContextFactory<SponsorshipDbContext> dbFactory)
{
    /// <summary>The signed-in herder's own household only; null when the user has none.</summary>
    public async Task<EarningsView?> ForUserAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var householdId = await db.Users.Where(u => u.Id == userId).Select(u => u.HerderHouseholdId).SingleOrDefaultAsync(cancellationToken);
        return householdId is { } id ? await ForHouseholdAsync(db, id, cancellationToken) : null;
    }

    public static async Task<EarningsView?> ForHouseholdAsync(SponsorshipDbContext db, int householdId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var household = await db.Households.AsNoTracking().Where(h => h.Id == householdId)
            .Select(h => new { h.HeadName, h.HeadNameLatin, h.PayoutAccountLast4 }).FirstOrDefaultAsync(cancellationToken);
        if (household is null)
        {
            return null;
        }

        var payable = LedgerAccounts.HerderPayable(householdId);
        var inTransit = LedgerAccounts.HerderInTransit(householdId);
        var balances = await db.LedgerAccounts.AsNoTracking().Where(a => a.Code == payable || a.Code == inTransit)
            .ToDictionaryAsync(a => a.Code, a => a.BalanceFen, cancellationToken);
        var adoptionIds = await db.Adoptions.AsNoTracking()
            .Where(a => a.Sheep.HouseholdId == householdId && a.Status == AdoptionStatus.Active).Select(a => a.Id).ToListAsync(cancellationToken);
        var deferredCodes = adoptionIds.Select(LedgerAccounts.AdoptionDeferred).ToList();
        var pending = await db.LedgerAccounts.AsNoTracking().Where(a => deferredCodes.Contains(a.Code)).SumAsync(a => a.BalanceFen, cancellationToken);
        var paid = await db.PayoutLines.AsNoTracking().Where(l => l.HouseholdId == householdId && l.Status == PayoutLineStatus.Paid)
            .SumAsync(l => l.AmountFen, cancellationToken);

        var (payouts, releases) = await TraceAsync(db, householdId, cancellationToken);
        return new EarningsView(householdId, household.HeadName, household.HeadNameLatin, Privacy.AccountNumberProtector.Mask(household.PayoutAccountLast4),
            pending, balances.GetValueOrDefault(payable), balances.GetValueOrDefault(inTransit), paid,
            [.. payouts.OrderByDescending(p => p.LineId)], [.. releases.OrderByDescending(r => r.At).Take(50)]);
    }

    /// <summary>The household's payouts, each with the adoptions its fen came from (first in, first out), and its releases.</summary>
    public static async Task<(List<HerderPayout> Payouts, List<HerderRelease> Releases)> TraceAsync(
        SponsorshipDbContext db, int householdId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var payable = LedgerAccounts.HerderPayable(householdId);
        var credits = await db.LedgerEntries.AsNoTracking()
            .Where(e => e.Account.Code == payable && e.AmountFen > 0 && e.Transaction.Kind == LedgerKinds.Release && e.Transaction.AdoptionId != null)
            .OrderBy(e => e.TransactionId)
            .Select(e => new { e.Transaction.PostedAt, AdoptionId = e.Transaction.AdoptionId!.Value, e.Transaction.IdempotencyKey, e.AmountFen })
            .ToListAsync(cancellationToken);
        var names = await db.Adoptions.AsNoTracking().Where(a => a.Sheep.HouseholdId == householdId || credits.Select(c => c.AdoptionId).Contains(a.Id))
            .Select(a => new { a.Id, a.Sheep.Name, a.Sheep.NameLatin }).ToDictionaryAsync(a => a.Id, a => (a.Name, a.NameLatin), cancellationToken);
        var lines = await db.PayoutLines.AsNoTracking()
            .Where(l => l.HouseholdId == householdId && l.Status != PayoutLineStatus.Draft && l.Batch.Status != PayoutBatchStatus.Discarded)
            .OrderBy(l => l.Id)
            .Select(l => new { l.Id, BatchReference = l.Batch.Reference, l.Reference, l.AmountFen, l.Status, l.Batch.ExportedAt, l.SettledAt })
            .ToListAsync(cancellationToken);

        var queue = new Queue<(int AdoptionId, long Left)>(credits.Select(c => (c.AdoptionId, c.AmountFen)));
        var payouts = new List<HerderPayout>();
        foreach (var line in lines)
        {
            var sources = new Dictionary<int, long>();
            var need = line.Status == PayoutLineStatus.Failed ? 0 : line.AmountFen;
            while (need > 0 && queue.Count > 0)
            {
                var (adoptionId, left) = queue.Dequeue();
                var take = Math.Min(need, left);
                sources[adoptionId] = sources.GetValueOrDefault(adoptionId) + take;
                need -= take;
                if (left > take)
                {
                    // Put the rest back at the front: rebuild the queue with it first.
                    queue = new Queue<(int, long)>([(adoptionId, left - take), .. queue]);
                }
            }

            payouts.Add(new HerderPayout(line.Id, line.BatchReference, line.Reference, line.AmountFen, line.Status, line.ExportedAt, line.SettledAt,
                [.. sources.Select(s => new PayoutSource(s.Key, names.GetValueOrDefault(s.Key).Name ?? "", names.GetValueOrDefault(s.Key).NameLatin ?? "", s.Value))]));
        }

        var releases = credits.Select(c => new HerderRelease(c.PostedAt, c.AdoptionId, names.GetValueOrDefault(c.AdoptionId).Name ?? "", names.GetValueOrDefault(c.AdoptionId).NameLatin ?? "",
            LedgerKeys.ReleaseStage(c.IdempotencyKey), c.AmountFen)).ToList();
        return (payouts, releases);
    }
}
