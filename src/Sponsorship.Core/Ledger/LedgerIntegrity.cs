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
    /// <summary>The checkpoint the check started from: 0 for a full check from the first transaction.</summary>
    public long FromTransactionId { get; init; }

    /// <summary>The last transaction covered: the chain's tail when the check started.</summary>
    public long UpToTransactionId { get; init; }

    /// <summary>The checkpoint it started from does not match the books before it (hash, transactions or entries).</summary>
    public bool CheckpointMismatch { get; init; }

    /// <summary>When intact: the checkpoint at <see cref="UpToTransactionId"/> (not saved).</summary>
    public LedgerCheckpoint? Verified { get; init; }

    public bool ChainIntact => FirstBrokenTransactionId is null && !CheckpointMismatch;

    public bool IsIntact => ChainIntact && UnbalancedTransactionIds.Count == 0 && GlobalSumFen == 0 && BalancesSumFen == 0 && BalanceMismatches.Count == 0;
}

/// <summary>
/// Verifies the ledger: each transaction's hash from the previous one and its content (so a changed, removed or inserted
/// row shows), that each transaction sums to zero, that all entries sum to zero, and that each account's running balance
/// equals the sum of its entries. <see cref="CheckAsync"/> does it from the first transaction;
/// <see cref="CheckFromAsync"/> from a verified <see cref="LedgerCheckpoint"/>, reading only the transactions after it —
/// and first checking the checkpoint against the books (the stored hash of its transaction, the number of transactions
/// and entries up to it), so a changed checkpoint or a row removed or slipped in before it shows too. What a checkpoint
/// cannot show, a changed amount or text before it, the full check does. Reads in pages of transactions, so memory stays
/// flat; everything is checked as of the chain's tail when the check starts, so postings committed meanwhile are left
/// for the next check rather than read as a mismatch.
/// </summary>
public static class LedgerIntegrity
{
    private const int Page = 5_000;

    /// <summary>The checkpoint before the first transaction: a check from it is a full check.</summary>
    public static LedgerCheckpoint Genesis => new() { Id = LedgerCheckpoint.SingleId, Hash = LedgerHash.Genesis };

    /// <summary>The full check, from the first transaction.</summary>
    public static Task<LedgerIntegrityReport> CheckAsync(SponsorshipDbContext db, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        CheckFromAsync(db, Genesis, now, cancellationToken);

    /// <summary>Checks the checkpoint against the books and verifies every transaction after it.</summary>
    public static async Task<LedgerIntegrityReport> CheckFromAsync(
        SponsorshipDbContext db, LedgerCheckpoint checkpoint, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(checkpoint);
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var upTo = await db.LedgerTransactions.MaxAsync(t => (long?)t.Id, cancellationToken) ?? 0;

        // Each running balance as of upTo, in one statement (one snapshot): the balance now less what was posted after upTo.
        var accounts = await db.LedgerAccounts.AsNoTracking()
            .Select(a => new
            {
                a.Id,
                a.Code,
                BalanceFen = a.BalanceFen - (db.LedgerEntries.Where(e => e.AccountId == a.Id && e.TransactionId > upTo).Sum(e => (long?)e.AmountFen) ?? 0),
            })
            .ToListAsync(cancellationToken);
        var codes = accounts.ToDictionary(a => a.Id, a => a.Code);
        var sums = LedgerCheckpoint.ReadBalances(checkpoint.Balances);
        foreach (var account in accounts)
        {
            sums.TryAdd(account.Id, 0);
        }

        var mismatch = checkpoint.TransactionId > 0 && await CheckpointMismatchAsync(db, checkpoint, upTo, cancellationToken);
        long? broken = null;
        var unbalanced = new List<long>();
        long globalSum = sums.Values.Sum(), entryCount = 0;
        var transactions = 0;
        long? previousId = checkpoint.TransactionId == 0 ? null : checkpoint.TransactionId;
        var previousHash = checkpoint.Hash;
        var after = checkpoint.TransactionId;
        while (true)
        {
            var page = await db.LedgerTransactions.AsNoTracking().Where(t => t.Id > after && t.Id <= upTo).OrderBy(t => t.Id).Take(Page)
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
                    sums[e.AccountId] = sums.GetValueOrDefault(e.AccountId) + e.AmountFen;
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

        var running = accounts.ToDictionary(a => a.Id, a => a.BalanceFen);
        // An account the checkpoint knows and the books no longer have counts as a balance of 0: a mismatch.
        var mismatches = sums.Where(s => running.GetValueOrDefault(s.Key) != s.Value)
            .OrderBy(s => s.Key)
            .Select(s => new BalanceMismatch(codes.GetValueOrDefault(s.Key, $"#{s.Key}"), running.GetValueOrDefault(s.Key), s.Value)).ToList();
        var report = new LedgerIntegrityReport(now, transactions, entryCount, accounts.Count, broken, unbalanced, globalSum,
            accounts.Sum(a => a.BalanceFen), mismatches, System.Diagnostics.Stopwatch.GetElapsedTime(started))
        {
            FromTransactionId = checkpoint.TransactionId,
            UpToTransactionId = Math.Max(upTo, checkpoint.TransactionId),
            CheckpointMismatch = mismatch,
        };
        return report.IsIntact
            ? report with
            {
                Verified = new LedgerCheckpoint
                {
                    Id = LedgerCheckpoint.SingleId,
                    TransactionId = upTo,
                    Hash = previousHash,
                    Transactions = checkpoint.Transactions + transactions,
                    Entries = checkpoint.Entries + entryCount,
                    Balances = LedgerCheckpoint.WriteBalances(sums),
                    VerifiedAt = now,
                },
            }
            : report;
    }

    /// <summary>
    /// Whether the checkpoint disagrees with the books: its transaction is past the tail or has another stored hash, or
    /// the transactions or entries up to it are not as many as when it was verified (one removed or slipped in before it).
    /// </summary>
    private static async Task<bool> CheckpointMismatchAsync(SponsorshipDbContext db, LedgerCheckpoint checkpoint, long upTo, CancellationToken cancellationToken)
    {
        if (checkpoint.TransactionId > upTo)
        {
            return true;
        }

        var id = checkpoint.TransactionId;
        var stored = await db.LedgerTransactions.Where(t => t.Id == id).Select(t => t.Hash).FirstOrDefaultAsync(cancellationToken);
        return !string.Equals(stored, checkpoint.Hash, StringComparison.Ordinal)
            || await db.LedgerTransactions.LongCountAsync(t => t.Id <= id, cancellationToken) != checkpoint.Transactions
            || await db.LedgerEntries.LongCountAsync(e => e.TransactionId <= id, cancellationToken) != checkpoint.Entries;
    }
}
