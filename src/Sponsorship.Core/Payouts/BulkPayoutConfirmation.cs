using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Data;
using Sponsorship.Core.Identity;
using Sponsorship.Core.Ledger;

namespace Sponsorship.Core.Payouts;

/// <summary>
/// What marking several lines paid did: the lines confirmed now and their total, the lines that were already paid (by
/// another admin, the statement import or an earlier click) and the lines that were neither in transit nor paid, or not
/// in the batch — all of those were left as they were.
/// </summary>
public sealed record BulkConfirmResult(PayoutOutcome Outcome, int Confirmed, long ConfirmedFen, int AlreadyPaid, int Skipped);

/// <summary>
/// Marks several in-transit lines of one batch paid at once, as the bank's own list shows them: one transaction, the
/// administrator checked inside it, each line confirmed (in transit → world, <see cref="LedgerKeys.PayoutConfirm"/>) and
/// audited. Lines already paid are skipped and counted, so the same request twice — or two admins at the same moment —
/// confirms each line and posts its money once.
/// </summary>
public sealed class BulkPayoutConfirmation(IDbContextFactory<SponsorshipDbContext> dbFactory, TimeProvider clock)
{
    /// <summary>The most lines one request confirms (a batch of 100 households per village, a few villages).</summary>
    public const int MaxLines = 10_000;

    public async Task<BulkConfirmResult> ConfirmAsync(int batchId, IReadOnlyCollection<int> lineIds, string adminUserId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lineIds);
        var wanted = lineIds.Distinct().ToList();
        if (wanted.Count == 0 || wanted.Count > MaxLines)
        {
            return new BulkConfirmResult(PayoutOutcome.WrongState, 0, 0, 0, wanted.Count);
        }

        return await LedgerWrites.RunAsync(dbFactory, async db =>
        {
            if (!await Administrators.IsAdministratorAsync(db, adminUserId, cancellationToken))
            {
                return new BulkConfirmResult(PayoutOutcome.NotAllowed, 0, 0, 0, wanted.Count);
            }

            // Read inside the transaction (which holds the ledger's write lock): a line another request confirmed first is
            // seen as paid here, not confirmed a second time.
            var lines = new List<(int Id, long AmountFen, PayoutLineStatus Status)>(wanted.Count);
            foreach (var chunk in wanted.Chunk(LedgerWrites.SaveEvery))
            {
                lines.AddRange((await db.PayoutLines.AsNoTracking().Where(l => l.BatchId == batchId && chunk.Contains(l.Id))
                    .Select(l => new { l.Id, l.AmountFen, l.Status }).ToListAsync(cancellationToken)).Select(l => (l.Id, l.AmountFen, l.Status)));
            }

            var inTransit = lines.Where(l => l.Status == PayoutLineStatus.InTransit).ToList();
            var alreadyPaid = lines.Count(l => l.Status == PayoutLineStatus.Paid);
            var now = clock.GetUtcNow();
            var confirmed = await PayoutBatches.ConfirmManyAsync(db, [.. inTransit.Select(l => l.Id)], now, cancellationToken);
            PayoutLineAudit.Paid(db, adminUserId, now, confirmed);
            var done = confirmed.ToHashSet();
            var confirmedFen = inTransit.Where(l => done.Contains(l.Id)).Sum(l => l.AmountFen);
            var outcome = confirmed.Count > 0 ? PayoutOutcome.Done : alreadyPaid > 0 ? PayoutOutcome.AlreadyDone : PayoutOutcome.WrongState;
            return new BulkConfirmResult(outcome, confirmed.Count, confirmedFen, alreadyPaid, wanted.Count - confirmed.Count - alreadyPaid);
        }, cancellationToken);
    }
}
