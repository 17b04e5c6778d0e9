using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Sponsorship.Core.Data;

namespace Sponsorship.Core.Ledger;

/// <summary>
/// Runs an integrity check and keeps its report: incremental from the stored <see cref="LedgerCheckpoint"/>, or full from
/// the first transaction. An intact check moves the checkpoint to the tail it verified — an incremental one only if the
/// checkpoint is still the one it started from (a concurrent check may have moved it), a full one in any case (it
/// verified everything, so it also replaces a checkpoint that was found not to match). A check that finds a problem
/// leaves the checkpoint where it is, so the next incremental check reads the same transactions again.
/// </summary>
public sealed class LedgerVerification(IDbContextFactory<SponsorshipDbContext> dbFactory, TimeProvider clock, ILogger<LedgerVerification> logger)
{
    public async Task<LedgerCheck> RunAsync(bool full, CancellationToken cancellationToken = default)
    {
        var started = clock.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var stored = await db.LedgerCheckpoints.AsNoTracking().FirstOrDefaultAsync(c => c.Id == LedgerCheckpoint.SingleId, cancellationToken);
        var from = full || stored is null ? LedgerIntegrity.Genesis : stored;
        var report = await LedgerIntegrity.CheckFromAsync(db, from, started, cancellationToken);
        if (report.Verified is { } verified)
        {
            await AdvanceAsync(db, stored, from, verified, full, cancellationToken);
        }
        else
        {
            logger.LogError("The ledger is not intact ({Kind} check from transaction {From} to {UpTo}): {Detail}",
                full ? "full" : "incremental", report.FromTransactionId, report.UpToTransactionId, Detail(report));
        }

        var check = new LedgerCheck
        {
            Full = from.TransactionId == 0,
            StartedAt = started,
            FinishedAt = clock.GetUtcNow(),
            FromTransactionId = report.FromTransactionId,
            UpToTransactionId = report.UpToTransactionId,
            Transactions = report.Transactions,
            Entries = report.Entries,
            Intact = report.IsIntact,
            FirstBrokenTransactionId = report.FirstBrokenTransactionId,
            CheckpointMismatch = report.CheckpointMismatch,
            UnbalancedTransactions = report.UnbalancedTransactionIds.Count,
            BalanceMismatches = report.BalanceMismatches.Count,
            GlobalSumFen = report.GlobalSumFen,
            BalancesSumFen = report.BalancesSumFen,
            Detail = Detail(report),
        };
        db.LedgerChecks.Add(check);
        await db.SaveChangesAsync(cancellationToken);
        return check;
    }

    /// <summary>The first unbalanced transactions and mismatched accounts, in a line an administrator can search for.</summary>
    public static string Detail(LedgerIntegrityReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var text = new StringBuilder();
        if (report.CheckpointMismatch)
        {
            text.Append(CultureInfo.InvariantCulture, $"checkpoint #{report.FromTransactionId}; ");
        }

        if (report.FirstBrokenTransactionId is { } broken)
        {
            text.Append(CultureInfo.InvariantCulture, $"chain #{broken}; ");
        }

        if (report.UnbalancedTransactionIds.Count > 0)
        {
            text.Append("unbalanced ").AppendJoin(", ", report.UnbalancedTransactionIds.Take(10).Select(id => "#" + id.ToString(CultureInfo.InvariantCulture))).Append("; ");
        }

        foreach (var m in report.BalanceMismatches.Take(10))
        {
            text.Append(CultureInfo.InvariantCulture, $"{m.Account} {m.RunningFen} ≠ {m.EntriesFen}; ");
        }

        var line = text.ToString().TrimEnd(' ', ';');
        return line.Length <= LedgerCheck.DetailLength ? line : line[..LedgerCheck.DetailLength];
    }

    private static async Task AdvanceAsync(
        SponsorshipDbContext db, LedgerCheckpoint? stored, LedgerCheckpoint from, LedgerCheckpoint verified, bool full, CancellationToken cancellationToken)
    {
        if (stored is null)
        {
            // The row was removed: put it back (the migration adds it, so this is not a race of every first run).
            db.LedgerCheckpoints.Add(verified);
            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
            return;
        }

        var rows = db.LedgerCheckpoints.Where(c => c.Id == LedgerCheckpoint.SingleId);
        if (!full)
        {
            rows = rows.Where(c => c.TransactionId == from.TransactionId && c.Hash == from.Hash);
        }

        await rows.ExecuteUpdateAsync(set => set
            .SetProperty(c => c.TransactionId, verified.TransactionId)
            .SetProperty(c => c.Hash, verified.Hash)
            .SetProperty(c => c.Transactions, verified.Transactions)
            .SetProperty(c => c.Entries, verified.Entries)
            .SetProperty(c => c.Balances, verified.Balances)
            .SetProperty(c => c.VerifiedAt, verified.VerifiedAt), cancellationToken);
    }
}
