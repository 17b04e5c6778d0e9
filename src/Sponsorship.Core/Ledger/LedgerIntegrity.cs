using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Data;

namespace Sponsorship.Core.Ledger;

/// <summary>An account whose running balance differs from the sum of its entries.</summary>
public sealed record BalanceMismatch(string Account, long RunningFen, long EntriesFen);

/// <summary>What the integrity check found. <see cref="IsIntact"/> when the chain, every sum and every balance hold.</summary>
public sealed record LedgerIntegrityReport(
    DateTimeOffset CheckedAt,
    int Transactions,
    long Entries,
    int Accounts,
    long? FirstBrokenTransactionId,
    IReadOnlyList<long> UnbalancedTransactionIds,
    long GlobalSumFen,
    long BalancesSumFen,
    IReadOnlyList<BalanceMismatch> BalanceMismatches,
    TimeSpan Took)
{
    public bool ChainIntact => FirstBrokenTransactionId is null;

    public bool IsIntact => ChainIntact && UnbalancedTransactionIds.Count == 0 && GlobalSumFen == 0 && BalancesSumFen == 0 && BalanceMismatches.Count == 0;
}

/// <summary>
/// Recomputes the whole ledger: each transaction's hash from the previous one and its content (so a changed, removed or
/// inserted row shows), that each transaction sums to zero, that all entries sum to zero, and that each account's
/// running balance equals the sum of its entries. Reads in pages of transactions, so memory stays flat.
/// </summary>
public static class LedgerIntegrity
{
    private const int Page = 5_000;

    public static async Task<LedgerIntegrityReport> CheckAsync(SponsorshipDbContext db, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var accounts = await db.LedgerAccounts.AsNoTracking().Select(a => new { a.Id, a.Code, a.BalanceFen }).ToListAsync(cancellationToken);
        var codes = accounts.ToDictionary(a => a.Id, a => a.Code);
        var sums = accounts.ToDictionary(a => a.Id, _ => 0L);
        long? broken = null;
        var unbalanced = new List<long>();
        long globalSum = 0, entryCount = 0;
        var transactions = 0;
        long? previousId = null;
        var previousHash = LedgerHash.Genesis;
        long after = 0;
        while (true)
        {
            var page = await db.LedgerTransactions.AsNoTracking().Where(t => t.Id > after).OrderBy(t => t.Id).Take(Page)
                .Select(t => new { t.Id, t.IdempotencyKey, t.Kind, t.Reference, t.PostedAt, t.AdoptionId, t.PreviousId, t.Hash })
                .ToListAsync(cancellationToken);
            if (page.Count == 0)
            {
                break;
            }

            var first = page[0].Id;
            var last = page[^1].Id;
            var entries = (await db.LedgerEntries.AsNoTracking().Where(e => e.TransactionId >= first && e.TransactionId <= last)
                    .Select(e => new { e.Id, e.TransactionId, e.AccountId, e.AmountFen }).ToListAsync(cancellationToken))
                .OrderBy(e => e.Id).ToLookup(e => e.TransactionId);
            foreach (var t in page)
            {
                var legs = entries[t.Id].ToList();
                var sum = legs.Sum(e => e.AmountFen);
                if (sum != 0 || legs.Count < 2)
                {
                    unbalanced.Add(t.Id);
                }

                foreach (var e in legs)
                {
                    sums[e.AccountId] += e.AmountFen;
                }

                globalSum += sum;
                entryCount += legs.Count;
                var hash = LedgerHash.Compute(previousHash, t.IdempotencyKey, t.Kind, t.Reference, t.PostedAt, t.AdoptionId,
                    legs.Select(e => (codes[e.AccountId], e.AmountFen)));
                if (broken is null && (t.PreviousId != previousId || !string.Equals(hash, t.Hash, StringComparison.Ordinal)))
                {
                    broken = t.Id;
                }

                previousId = t.Id;
                previousHash = t.Hash;
                transactions++;
            }

            after = last;
        }

        var mismatches = accounts.Where(a => sums[a.Id] != a.BalanceFen)
            .Select(a => new BalanceMismatch(a.Code, a.BalanceFen, sums[a.Id])).ToList();
        return new LedgerIntegrityReport(now, transactions, entryCount, accounts.Count, broken, unbalanced, globalSum,
            accounts.Sum(a => a.BalanceFen), mismatches, System.Diagnostics.Stopwatch.GetElapsedTime(started));
    }
}
