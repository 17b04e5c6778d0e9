using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Data;
using Sponsorship.Core.Identity;
using Sponsorship.Core.Ledger;
using Sponsorship.Core.Payments;

namespace Sponsorship.Core.Payouts;

/// <summary>How an admin settles a statement line that did not match.</summary>
public enum Resolution
{
    /// <summary>It is that payout line after all: the line is confirmed as paid.</summary>
    MatchByHand,

    /// <summary>Not a payout (a bank fee, a transfer of our own): only the note is kept.</summary>
    Unrelated,

    /// <summary>The bank paid a different amount for the line: the line is settled at the bank's amount, the difference returns to payable.</summary>
    Correct,
}

public enum ResolveOutcome
{
    Done,
    AlreadyResolved,
    NotFound,
    NoteRequired,

    /// <summary>The note is longer than <see cref="Reconciliation.MaxNoteLength"/> characters.</summary>
    NoteTooLong,

    /// <summary>The caller is not an administrator (any more).</summary>
    NotAllowed,

    /// <summary>Matching by hand or correcting needs a payout line that is in transit.</summary>
    NoPayoutLine,

    /// <summary>The correction would take more from the household than it has (the bank paid more than the line).</summary>
    Refused,
}

public sealed record StatementLineView(
    long Id, int StatementId, string FileName, int LineNumber, DateOnly ValueDate, string Reference, long AmountFen, string Description,
    StatementLineState State, int? PayoutLineId, string? PayoutReference, long? PayoutAmountFen, PayoutLineStatus? PayoutStatus,
    string? ResolutionNote, DateTimeOffset? ResolvedAt);

public sealed record ReconciliationTotals(int Count, long AmountFen);

/// <summary>A captured payment and what psp:clearing shows for it, when the two differ.</summary>
public sealed record SettlementDifference(int? PaymentId, string Key, long CapturedFen, long ClearingFen);

public sealed record ReconciliationView(
    ReconciliationTotals Matched, ReconciliationTotals Open, ReconciliationTotals Resolved,
    IReadOnlyList<StatementLineView> Exceptions, IReadOnlyList<StatementLineView> RecentlyResolved,
    IReadOnlyList<(int Id, string FileName, DateTimeOffset ImportedAt, int Lines)> Statements,
    long CapturedFen, long ClearingCapturedFen, IReadOnlyList<SettlementDifference> SettlementDifferences);

/// <summary>
/// The reconciliation page's data and the exceptions' resolution. A resolution is a conditional update of the line's
/// state (open → resolved) in the same transaction as any posting, so resolving twice changes nothing.
/// </summary>
public sealed class Reconciliation(IDbContextFactory<SponsorshipDbContext> dbFactory, TimeProvider clock)
{
    public const int MaxNoteLength = 1000;

    /// <summary>A statement line that waits for an admin: it names no payout line, or another amount.</summary>
    public static readonly StatementLineState[] OpenStates = [StatementLineState.Mismatch, StatementLineState.Unmatched];
    private static readonly StatementLineState[] ResolvedStates = [StatementLineState.MatchedByHand, StatementLineState.Unrelated, StatementLineState.Corrected];

    public async Task<ResolveOutcome> ResolveAsync(long statementLineId, Resolution resolution, string note, string userId, int? payoutLineId = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(note);
        note = note.Trim();
        if (note.Length == 0)
        {
            return ResolveOutcome.NoteRequired;
        }

        if (note.Length > MaxNoteLength)
        {
            return ResolveOutcome.NoteTooLong;
        }

        if (!await Administrators.IsAdministratorAsync(dbFactory, userId, cancellationToken))
        {
            return ResolveOutcome.NotAllowed;
        }
        try
        {
            return await LedgerWrites.RunAsync(dbFactory, async db =>
            {
                var now = clock.GetUtcNow();
                var line = await db.BankStatementLines.AsNoTracking().Where(l => l.Id == statementLineId)
                    .Select(l => new { l.State, l.PayoutLineId, l.AmountFen }).FirstOrDefaultAsync(cancellationToken);
                if (line is null)
                {
                    return ResolveOutcome.NotFound;
                }

                if (!OpenStates.Contains(line.State))
                {
                    return ResolveOutcome.AlreadyResolved;
                }

                var target = resolution == Resolution.Unrelated ? null : payoutLineId ?? line.PayoutLineId;
                var payout = target is null ? null : await db.PayoutLines.AsNoTracking().FirstOrDefaultAsync(p => p.Id == target, cancellationToken);
                if (resolution != Resolution.Unrelated && payout is not { Status: PayoutLineStatus.InTransit })
                {
                    return ResolveOutcome.NoPayoutLine;
                }

                var state = resolution switch
                {
                    Resolution.MatchByHand => StatementLineState.MatchedByHand,
                    Resolution.Correct => StatementLineState.Corrected,
                    _ => StatementLineState.Unrelated,
                };
                var claimed = await db.BankStatementLines.Where(l => l.Id == statementLineId && OpenStates.Contains(l.State))
                    .ExecuteUpdateAsync(u => u.SetProperty(l => l.State, state).SetProperty(l => l.ResolutionNote, note)
                        .SetProperty(l => l.ResolvedAt, now).SetProperty(l => l.ResolvedByUserId, userId)
                        .SetProperty(l => l.PayoutLineId, target), cancellationToken);
                if (claimed == 0)
                {
                    return ResolveOutcome.AlreadyResolved;
                }

                if (resolution == Resolution.MatchByHand)
                {
                    await PayoutBatches.ConfirmAsync(db, payout!.Id, now, cancellationToken);
                }
                else if (resolution == Resolution.Correct)
                {
                    await db.PayoutLines.Where(p => p.Id == payout!.Id && p.Status == PayoutLineStatus.InTransit)
                        .ExecuteUpdateAsync(u => u.SetProperty(p => p.Status, PayoutLineStatus.Paid).SetProperty(p => p.SettledAt, now), cancellationToken);
                    var legs = new List<LedgerLeg>
                    {
                        new(LedgerAccounts.HerderInTransit(payout!.HouseholdId), -payout.AmountFen),
                        new(LedgerAccounts.World, line.AmountFen),
                    };
                    if (payout.AmountFen != line.AmountFen)
                    {
                        legs.Add(new(LedgerAccounts.HerderPayable(payout.HouseholdId), payout.AmountFen - line.AmountFen));
                    }

                    await LedgerBook.PostAsync(db, new LedgerPosting(LedgerKeys.StatementCorrection(statementLineId), LedgerKinds.Correction, payout.Reference, legs), now, cancellationToken);
                    await PayoutBatches.CompleteIfSettledAsync(db, payout.BatchId, now, cancellationToken);
                }

                return ResolveOutcome.Done;
            }, cancellationToken);
        }
        catch (LedgerRefusedException)
        {
            return ResolveOutcome.Refused;
        }
    }

    public async Task<ReconciliationView> ViewAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var totals = await db.BankStatementLines.AsNoTracking().GroupBy(l => l.State)
            .Select(g => new { State = g.Key, Count = g.Count(), Sum = g.Sum(l => l.AmountFen) }).ToListAsync(cancellationToken);
        ReconciliationTotals Of(params StatementLineState[] states) =>
            new(totals.Where(t => states.Contains(t.State)).Sum(t => t.Count), totals.Where(t => states.Contains(t.State)).Sum(t => t.Sum));

        var exceptions = await Lines(db.BankStatementLines.Where(l => OpenStates.Contains(l.State)).OrderBy(l => l.Id).Take(500)).ToListAsync(cancellationToken);
        var resolved = await Lines(db.BankStatementLines.Where(l => ResolvedStates.Contains(l.State)).OrderByDescending(l => l.ResolvedAt).Take(50)).ToListAsync(cancellationToken);
        var statements = (await db.BankStatements.AsNoTracking().OrderByDescending(s => s.Id).Take(20)
            .Select(s => new { s.Id, s.FileName, s.ImportedAt, Lines = s.Lines.Count() }).ToListAsync(cancellationToken))
            .Select(s => (s.Id, s.FileName, s.ImportedAt, s.Lines)).ToList();

        // Payment provider settlement: each captured payment against the psp:clearing legs of its capture postings. An
        // organisation's transfer is posted as its adoptions' shares (each a payment of its own, part of it): the
        // transfer is compared with the sum of its shares' captures, and the shares are not counted a second time.
        var captured = await db.Payments.AsNoTracking().Where(p => p.CapturedAt != null && p.PartOfPaymentId == null)
            .Select(p => new { p.Id, p.AmountFen }).ToListAsync(cancellationToken);
        var shares = (await db.Payments.AsNoTracking().Where(p => p.PartOfPaymentId != null)
            .Select(p => new { p.Id, Whole = p.PartOfPaymentId!.Value }).ToListAsync(cancellationToken))
            .ToLookup(p => p.Whole, p => p.Id);
        var clearing = await db.LedgerEntries.AsNoTracking()
            .Where(e => e.Account.Code == LedgerAccounts.PspClearing && e.Transaction.IdempotencyKey.StartsWith(LedgerKeys.CapturePrefix))
            .Select(e => new { e.Transaction.IdempotencyKey, e.AmountFen }).ToListAsync(cancellationToken);
        var byKey = clearing.GroupBy(c => c.IdempotencyKey).ToDictionary(g => g.Key, g => -g.Sum(c => c.AmountFen), StringComparer.Ordinal);
        var differences = new List<SettlementDifference>();
        foreach (var p in captured)
        {
            var posted = 0L;
            foreach (var id in shares[p.Id].Prepend(p.Id))
            {
                posted += byKey.Remove(LedgerKeys.Capture(id), out var fen) ? fen : 0;
            }

            if (posted != p.AmountFen)
            {
                differences.Add(new SettlementDifference(p.Id, LedgerKeys.Capture(p.Id), p.AmountFen, posted));
            }
        }

        differences.AddRange(byKey.Select(k => new SettlementDifference(null, k.Key, 0, k.Value)));
        return new ReconciliationView(Of(StatementLineState.Matched), Of(OpenStates), Of(ResolvedStates), exceptions, resolved, statements,
            captured.Sum(p => p.AmountFen), clearing.Sum(c => -c.AmountFen), differences);
    }

    private static IQueryable<StatementLineView> Lines(IQueryable<BankStatementLine> lines) =>
        lines.AsNoTracking().Select(l => new StatementLineView(
            l.Id, l.StatementId, l.Statement.FileName, l.LineNumber, l.ValueDate, l.Reference, l.AmountFen, l.Description, l.State,
            l.PayoutLineId, l.PayoutLine != null ? l.PayoutLine.Reference : null, l.PayoutLine != null ? l.PayoutLine.AmountFen : null,
            l.PayoutLine != null ? l.PayoutLine.Status : null, l.ResolutionNote, l.ResolvedAt));
}
