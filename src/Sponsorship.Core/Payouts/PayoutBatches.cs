using System.Globalization;
using System.Text;
using CsvHelper;
using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Data;
using Sponsorship.Core.Identity;
using Sponsorship.Core.Ledger;
using Sponsorship.Core.Privacy;

namespace Sponsorship.Core.Payouts;

/// <summary>How a payout command ended.</summary>
public enum PayoutOutcome
{
    Done,

    /// <summary>It had already been done (by this admin or another at the same moment): nothing changed.</summary>
    AlreadyDone,
    NotFound,

    /// <summary>The admin who drafted a batch cannot approve it (maker-checker).</summary>
    MakerCannotApprove,

    /// <summary>The batch or line is not in the state the command needs (e.g. exporting a draft).</summary>
    WrongState,

    /// <summary>Another batch is still a draft or approved but not exported: finish or discard it first.</summary>
    OpenBatchExists,

    /// <summary>No household has at least the minimum available.</summary>
    NothingToPay,

    /// <summary>A household's available balance is now below its line (a correction happened meanwhile): discard and redraft.</summary>
    InsufficientBalance,

    /// <summary>The caller is not an administrator (any more): nothing changed.</summary>
    NotAllowed,

    /// <summary>Marking a line failed needs a reason (what the bank said): an empty or blank one changes nothing.</summary>
    ReasonRequired,
}

public sealed record PayoutBatchSummary(
    int Id, string Reference, DateOnly PeriodEnd, PayoutBatchStatus Status, int Lines, long TotalFen, long PaidFen, long FailedFen,
    DateTimeOffset CreatedAt, string CreatedBy, string? ApprovedBy, DateTimeOffset? ExportedAt);

/// <summary>
/// One line as administrators see it: the frozen account in full (what the bank will be told to pay) and masked, and
/// what the latest imported statement naming it says (its file and how its line was matched), if any.
/// </summary>
public sealed record PayoutLineView(
    int Id, int HouseholdId, string HouseholdName, string HouseholdNameLatin, string MaskedAccount, long AmountFen, string Reference,
    PayoutLineStatus Status, DateTimeOffset? SettledAt, string? FailureReason, string AccountHolder = "", string Bank = "", string Account = "",
    string? StatementFile = null, StatementLineState? StatementState = null);

public sealed record PayoutBatchDetail(PayoutBatchSummary Batch, string CreatedByUserId, IReadOnlyList<PayoutLineView> Lines);

/// <summary>
/// Payout batches, maker-checker: an admin drafts a batch (one line per household whose available payable balance is
/// at least the minimum and whose payout account is on file; each line freezes that account — holder, bank, number —
/// so the approver sees exactly what will be paid and a later change to the household's account cannot reach it), a
/// different admin approves it, the export moves each line's amount from payable to in transit
/// and gives the bank CSV, and each line is then confirmed (in transit → world) or failed (back to payable). Every
/// state change is a conditional update (<c>WHERE Status = …</c>) inside the same transaction as its postings, so
/// approving, exporting or confirming twice — even at the same moment — changes nothing the second time. The frozen
/// numbers stay encrypted; they are opened only for an administrator's view of a batch and its bank file, and each
/// such read is written to the audit trail (<see cref="AccountNumberReads"/>).
/// </summary>
public sealed class PayoutBatches(IDbContextFactory<SponsorshipDbContext> dbFactory, AccountNumberProtector numbers, TimeProvider clock)
{
    public async Task<(int? BatchId, PayoutOutcome Outcome)> DraftAsync(DateOnly periodEnd, long minimumFen, string makerUserId, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(minimumFen);
        var minimum = Math.Max(1, minimumFen);
        return await LedgerWrites.RunAsync<(int?, PayoutOutcome)>(dbFactory, async db =>
        {
            if (!await Administrators.IsAdministratorAsync(db, makerUserId, cancellationToken))
            {
                return (null, PayoutOutcome.NotAllowed);
            }

            if (await db.PayoutBatches.AnyAsync(b => b.Status == PayoutBatchStatus.Draft || b.Status == PayoutBatchStatus.Approved, cancellationToken))
            {
                return (null, PayoutOutcome.OpenBatchExists);
            }

            var payable = await db.LedgerAccounts.AsNoTracking()
                .Where(a => a.Kind == AccountKind.HerderPayable && a.BalanceFen >= minimum)
                .Select(a => new { a.Code, a.BalanceFen }).ToListAsync(cancellationToken);
            var householdIds = payable.Select(b => HouseholdOf(b.Code)).ToList();

            // Frozen here: the account each line will be paid into. A household without one waits for the next batch.
            var accounts = await db.Households.AsNoTracking().Where(h => householdIds.Contains(h.Id) && h.PayoutAccountEncrypted != "")
                .Select(h => new { h.Id, h.PayoutAccountEncrypted, h.PayoutAccountLast4, h.PayoutAccountHolder, h.PayoutBank })
                .ToDictionaryAsync(h => h.Id, cancellationToken);
            var balances = payable.Where(b => accounts.ContainsKey(HouseholdOf(b.Code))).ToList();
            if (balances.Count == 0)
            {
                return (null, PayoutOutcome.NothingToPay);
            }

            var prefix = $"PB-{periodEnd:yyyyMMdd}-";
            var sameDay = await db.PayoutBatches.CountAsync(b => b.Reference.StartsWith(prefix), cancellationToken);
            var batch = new PayoutBatch
            {
                Reference = prefix + (sameDay + 1).ToString(CultureInfo.InvariantCulture),
                PeriodEnd = periodEnd,
                MinimumFen = minimum,
                Status = PayoutBatchStatus.Draft,
                CreatedAt = clock.GetUtcNow(),
                CreatedByUserId = makerUserId,
            };
            db.PayoutBatches.Add(batch);
            await db.SaveChangesAsync(cancellationToken);

            // The lines in a few multi-row INSERTs (EF would send one a line), with the trail the audit interceptor would
            // have written for each; the batch itself went through EF and its interceptor above.
            var lines = new List<PayoutLine>(balances.Count);
            foreach (var b in balances.OrderBy(b => b.Code, StringComparer.Ordinal))
            {
                var householdId = HouseholdOf(b.Code);
                var account = accounts[householdId];
                lines.Add(new PayoutLine
                {
                    BatchId = batch.Id,
                    HouseholdId = householdId,
                    AmountFen = b.BalanceFen,
                    Reference = $"{batch.Reference}-{householdId}",
                    Status = PayoutLineStatus.Draft,
                    PayoutAccountEncrypted = account.PayoutAccountEncrypted,
                    PayoutAccountLast4 = account.PayoutAccountLast4,
                    PayoutAccountHolder = account.PayoutAccountHolder,
                    PayoutBank = account.PayoutBank,
                });
            }

            await BulkInsert.AppendAsync(db, lines, cancellationToken);
            var saved = await db.PayoutLines.Where(l => l.BatchId == batch.Id).OrderBy(l => l.Id).Select(l => l.Id).ToListAsync(cancellationToken);
            await BulkInsert.AuditAddedAsync<PayoutLine>(db, makerUserId, batch.CreatedAt, saved.Cast<object>(), cancellationToken);
            return (batch.Id, PayoutOutcome.Done);
        }, cancellationToken);
    }

    public async Task<PayoutOutcome> DiscardAsync(int batchId, string adminUserId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!await Administrators.IsAdministratorAsync(db, adminUserId, cancellationToken))
        {
            return PayoutOutcome.NotAllowed;
        }

        var changed = await db.PayoutBatches.Where(b => b.Id == batchId && (b.Status == PayoutBatchStatus.Draft || b.Status == PayoutBatchStatus.Approved))
            .ExecuteUpdateAsync(u => u.SetProperty(b => b.Status, PayoutBatchStatus.Discarded), cancellationToken);
        return changed == 1 ? PayoutOutcome.Done : await StateOutcomeAsync(db, batchId, PayoutBatchStatus.Discarded, cancellationToken);
    }

    public async Task<PayoutOutcome> ApproveAsync(int batchId, string checkerUserId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!await Administrators.IsAdministratorAsync(db, checkerUserId, cancellationToken))
        {
            return PayoutOutcome.NotAllowed;
        }

        var batch = await db.PayoutBatches.AsNoTracking().Where(b => b.Id == batchId)
            .Select(b => new { b.CreatedByUserId, b.Status }).FirstOrDefaultAsync(cancellationToken);
        if (batch is null)
        {
            return PayoutOutcome.NotFound;
        }

        if (batch.CreatedByUserId == checkerUserId)
        {
            return PayoutOutcome.MakerCannotApprove;
        }

        var now = clock.GetUtcNow();
        var changed = await db.PayoutBatches
            .Where(b => b.Id == batchId && b.Status == PayoutBatchStatus.Draft && b.CreatedByUserId != checkerUserId)
            .ExecuteUpdateAsync(u => u.SetProperty(b => b.Status, PayoutBatchStatus.Approved)
                .SetProperty(b => b.ApprovedAt, now).SetProperty(b => b.ApprovedByUserId, checkerUserId), cancellationToken);
        return changed == 1 ? PayoutOutcome.Done : await StateOutcomeAsync(db, batchId, PayoutBatchStatus.Approved, cancellationToken);
    }

    /// <summary>Approved → exported: each line's amount moves from payable to in transit (<see cref="LedgerKeys.PayoutExport"/>).</summary>
    public async Task<PayoutOutcome> ExportAsync(int batchId, string userId, CancellationToken cancellationToken = default)
    {
        try
        {
            return await LedgerWrites.RunAsync(dbFactory, async db =>
            {
                if (!await Administrators.IsAdministratorAsync(db, userId, cancellationToken))
                {
                    return PayoutOutcome.NotAllowed;
                }

                var now = clock.GetUtcNow();
                var claimed = await db.PayoutBatches.Where(b => b.Id == batchId && b.Status == PayoutBatchStatus.Approved)
                    .ExecuteUpdateAsync(u => u.SetProperty(b => b.Status, PayoutBatchStatus.Exported)
                        .SetProperty(b => b.ExportedAt, now).SetProperty(b => b.ExportedByUserId, userId), cancellationToken);
                if (claimed == 0)
                {
                    return await StateOutcomeAsync(db, batchId, PayoutBatchStatus.Exported, cancellationToken);
                }

                var postings = await db.PayoutLines.AsNoTracking().Where(l => l.BatchId == batchId).OrderBy(l => l.Id)
                    .Select(l => new { l.Id, l.HouseholdId, l.AmountFen, l.Reference }).ToListAsync(cancellationToken);
                await LedgerBook.PostManyAsync(db, [.. postings.Select(l => new LedgerPosting(LedgerKeys.PayoutExport(l.Id), LedgerKinds.PayoutExport, l.Reference,
                [
                    new(LedgerAccounts.HerderPayable(l.HouseholdId), -l.AmountFen),
                    new(LedgerAccounts.HerderInTransit(l.HouseholdId), l.AmountFen),
                ]))], now, cancellationToken);
                await db.PayoutLines.Where(l => l.BatchId == batchId)
                    .ExecuteUpdateAsync(u => u.SetProperty(l => l.Status, PayoutLineStatus.InTransit), cancellationToken);
                return PayoutOutcome.Done;
            }, cancellationToken);
        }
        catch (LedgerRefusedException)
        {
            return PayoutOutcome.InsufficientBalance;
        }
    }

    /// <summary>The bank confirmed the line: in transit → world (<see cref="LedgerKeys.PayoutConfirm"/>).</summary>
    public Task<PayoutOutcome> ConfirmLineAsync(int lineId, string adminUserId, CancellationToken cancellationToken = default) =>
        LedgerWrites.RunAsync(dbFactory, async db =>
        {
            if (!await Administrators.IsAdministratorAsync(db, adminUserId, cancellationToken))
            {
                return PayoutOutcome.NotAllowed;
            }

            var now = clock.GetUtcNow();
            var outcome = await ConfirmAsync(db, lineId, now, cancellationToken);
            if (outcome == PayoutOutcome.Done)
            {
                PayoutLineAudit.Paid(db, adminUserId, now, [lineId]);
            }

            return outcome;
        }, cancellationToken);

    /// <summary>The longest failure reason kept on a line; a longer one is cut to this length.</summary>
    public const int MaxFailureReasonLength = 500;

    /// <summary>
    /// The bank returned the line: in transit → back to payable (<see cref="LedgerKeys.PayoutFail"/>). The reason (what the
    /// bank said) is required: the herder and the next admin read it on the line.
    /// </summary>
    public Task<PayoutOutcome> FailLineAsync(int lineId, string reason, string adminUserId, CancellationToken cancellationToken = default)
    {
        var reasonText = reason?.Trim() ?? "";
        if (reasonText.Length == 0)
        {
            return Task.FromResult(PayoutOutcome.ReasonRequired);
        }

        reasonText = reasonText.Length > MaxFailureReasonLength ? reasonText[..MaxFailureReasonLength] : reasonText;
        return LedgerWrites.RunAsync(dbFactory, async db =>
        {
            if (!await Administrators.IsAdministratorAsync(db, adminUserId, cancellationToken))
            {
                return PayoutOutcome.NotAllowed;
            }

            var now = clock.GetUtcNow();
            var changed = await db.PayoutLines.Where(l => l.Id == lineId && l.Status == PayoutLineStatus.InTransit)
                .ExecuteUpdateAsync(u => u.SetProperty(l => l.Status, PayoutLineStatus.Failed).SetProperty(l => l.SettledAt, now)
                    .SetProperty(l => l.FailureReason, reasonText), cancellationToken);
            if (changed == 0)
            {
                return await LineOutcomeAsync(db, lineId, PayoutLineStatus.Failed, cancellationToken);
            }

            var line = await db.PayoutLines.AsNoTracking().FirstAsync(l => l.Id == lineId, cancellationToken);
            await LedgerBook.PostAsync(db, new LedgerPosting(LedgerKeys.PayoutFail(lineId), LedgerKinds.PayoutFail, line.Reference,
            [
                new(LedgerAccounts.HerderInTransit(line.HouseholdId), -line.AmountFen),
                new(LedgerAccounts.HerderPayable(line.HouseholdId), line.AmountFen),
            ]), now, cancellationToken);
            await CompleteIfSettledAsync(db, line.BatchId, now, cancellationToken);
            PayoutLineAudit.Failed(db, adminUserId, now, lineId);
            return PayoutOutcome.Done;
        }, cancellationToken);
    }

    /// <summary>Confirms a line inside the caller's transaction (the statement import uses it too).</summary>
    internal static async Task<PayoutOutcome> ConfirmAsync(SponsorshipDbContext db, int lineId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var changed = await db.PayoutLines.Where(l => l.Id == lineId && l.Status == PayoutLineStatus.InTransit)
            .ExecuteUpdateAsync(u => u.SetProperty(l => l.Status, PayoutLineStatus.Paid).SetProperty(l => l.SettledAt, now), cancellationToken);
        if (changed == 0)
        {
            return await LineOutcomeAsync(db, lineId, PayoutLineStatus.Paid, cancellationToken);
        }

        var line = await db.PayoutLines.AsNoTracking().Where(l => l.Id == lineId)
            .Select(l => new { l.HouseholdId, l.AmountFen, l.Reference, l.BatchId }).FirstAsync(cancellationToken);
        await LedgerBook.PostAsync(db, ConfirmPosting(lineId, line.HouseholdId, line.AmountFen, line.Reference), now, cancellationToken);
        await CompleteIfSettledAsync(db, line.BatchId, now, cancellationToken);
        return PayoutOutcome.Done;
    }

    /// <summary>
    /// Confirms many in-transit lines inside the caller's transaction (a bank statement confirms thousands), as
    /// <see cref="ConfirmAsync"/> would one by one, in a few statements: a line that is no longer in transit is left as
    /// it is. Each batch whose lines are all settled is completed once. Returns the ids of the lines confirmed.
    /// </summary>
    internal static async Task<IReadOnlyList<int>> ConfirmManyAsync(SponsorshipDbContext db, IReadOnlyCollection<int> lineIds, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await LedgerBook.LockAsync(db, cancellationToken);
        var lines = new List<(int Id, int HouseholdId, long AmountFen, string Reference, int BatchId)>();
        foreach (var chunk in lineIds.Distinct().Chunk(LedgerWrites.SaveEvery))
        {
            var inTransit = await db.PayoutLines.AsNoTracking().Where(l => chunk.Contains(l.Id) && l.Status == PayoutLineStatus.InTransit)
                .Select(l => new { l.Id, l.HouseholdId, l.AmountFen, l.Reference, l.BatchId }).ToListAsync(cancellationToken);
            var changed = await db.PayoutLines.Where(l => chunk.Contains(l.Id) && l.Status == PayoutLineStatus.InTransit)
                .ExecuteUpdateAsync(u => u.SetProperty(l => l.Status, PayoutLineStatus.Paid).SetProperty(l => l.SettledAt, now), cancellationToken);
            if (changed != inTransit.Count)
            {
                // Another writer settled a line between the read and the update: run the whole command again.
                throw new DbUpdateConcurrencyException($"{inTransit.Count - changed} payout lines changed while they were confirmed.");
            }

            lines.AddRange(inTransit.Select(l => (l.Id, l.HouseholdId, l.AmountFen, l.Reference, l.BatchId)));
        }

        await LedgerBook.PostManyAsync(db, [.. lines.Select(l => ConfirmPosting(l.Id, l.HouseholdId, l.AmountFen, l.Reference))], now, cancellationToken);
        foreach (var batchId in lines.Select(l => l.BatchId).Distinct())
        {
            await CompleteIfSettledAsync(db, batchId, now, cancellationToken);
        }

        return [.. lines.Select(l => l.Id)];
    }

    private static LedgerPosting ConfirmPosting(int lineId, int householdId, long amountFen, string reference) =>
        new(LedgerKeys.PayoutConfirm(lineId), LedgerKinds.PayoutConfirm, reference,
        [
            new(LedgerAccounts.HerderInTransit(householdId), -amountFen),
            new(LedgerAccounts.World, amountFen),
        ]);

    internal static async Task CompleteIfSettledAsync(SponsorshipDbContext db, int batchId, DateTimeOffset now, CancellationToken cancellationToken) =>
        await db.PayoutBatches
            .Where(b => b.Id == batchId && b.Status == PayoutBatchStatus.Exported
                && !db.PayoutLines.Any(l => l.BatchId == batchId && (l.Status == PayoutLineStatus.InTransit || l.Status == PayoutLineStatus.Draft)))
            .ExecuteUpdateAsync(u => u.SetProperty(b => b.Status, PayoutBatchStatus.Completed).SetProperty(b => b.CompletedAt, now), cancellationToken);

    /// <summary>
    /// The bank batch file of an exported batch (UTF-8 with BOM, so Excel reads the Chinese names), with each line's
    /// frozen account in full (the read is audited); null before export, or for a caller who is not an administrator.
    /// </summary>
    public async Task<byte[]?> BankFileAsync(int batchId, string adminUserId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!await Administrators.IsAdministratorAsync(db, adminUserId, cancellationToken))
        {
            return null;
        }

        var batch = await db.PayoutBatches.AsNoTracking().Where(b => b.Id == batchId)
            .Select(b => new
            {
                b.Status,
                Lines = b.Lines.OrderBy(l => l.Id).Select(l => new { l.Reference, l.PayoutAccountHolder, l.PayoutBank, l.PayoutAccountEncrypted, l.AmountFen }).ToList(),
            })
            .FirstOrDefaultAsync(cancellationToken);
        if (batch is null || batch.Status is PayoutBatchStatus.Draft or PayoutBatchStatus.Approved or PayoutBatchStatus.Discarded)
        {
            return null;
        }

        using var stream = new MemoryStream();
        await using (var text = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), leaveOpen: true))
        await using (var csv = CsvWriter.Create(text, new CsvWriterOptions(), leaveOpen: true))
        {
            csv.WriteRecord(["reference", "payee", "bank", "account", "amount", "currency"]);
            foreach (var line in batch.Lines)
            {
                csv.WriteRecord([
                    CsvCells.Text(line.Reference), CsvCells.Text(line.PayoutAccountHolder), CsvCells.Text(line.PayoutBank),
                    CsvCells.Text(numbers.Reveal(line.PayoutAccountEncrypted)), Money.Yuan(line.AmountFen), "CNY"]);
            }

            csv.Flush();
        }

        AccountNumberReads.Record(db, adminUserId, batchId, AccountNumberReads.BankFile, clock.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        return stream.ToArray();
    }

    public async Task<IReadOnlyList<PayoutBatchSummary>> ListAsync(string adminUserId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!await Administrators.IsAdministratorAsync(db, adminUserId, cancellationToken))
        {
            return [];
        }

        var batches = await Summaries(db, db.PayoutBatches.OrderByDescending(b => b.Id).Take(100)).ToListAsync(cancellationToken);
        return batches;
    }

    /// <summary>
    /// A batch with its lines and their frozen accounts in full (the read is audited); null when unknown or the caller is
    /// not an administrator.
    /// </summary>
    public async Task<PayoutBatchDetail?> DetailAsync(int batchId, string adminUserId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!await Administrators.IsAdministratorAsync(db, adminUserId, cancellationToken))
        {
            return null;
        }

        var summary = await Summaries(db, db.PayoutBatches.Where(b => b.Id == batchId)).FirstOrDefaultAsync(cancellationToken);
        if (summary is null)
        {
            return null;
        }

        var maker = await db.PayoutBatches.Where(b => b.Id == batchId).Select(b => b.CreatedByUserId).FirstAsync(cancellationToken);
        var lines = await db.PayoutLines.AsNoTracking().Where(l => l.BatchId == batchId).OrderBy(l => l.HouseholdId)
            .Select(l => new
            {
                l.Id, l.HouseholdId, l.Household.HeadName, l.Household.HeadNameLatin, l.PayoutAccountEncrypted, l.PayoutAccountLast4,
                l.PayoutAccountHolder, l.PayoutBank,
                l.AmountFen, l.Reference, l.Status, l.SettledAt, l.FailureReason,
            })
            .ToListAsync(cancellationToken);
        var onStatements = (await db.BankStatementLines.AsNoTracking().Where(s => s.PayoutLine!.BatchId == batchId).OrderBy(s => s.Id)
                .Select(s => new { s.PayoutLineId, s.Statement.FileName, s.State }).ToListAsync(cancellationToken))
            .GroupBy(s => s.PayoutLineId!.Value).ToDictionary(g => g.Key, g => g.Last());
        if (lines.Count > 0)
        {
            AccountNumberReads.Record(db, adminUserId, batchId, AccountNumberReads.PayoutBatchLines, clock.GetUtcNow());
            await db.SaveChangesAsync(cancellationToken);
        }

        return new PayoutBatchDetail(summary, maker, [.. lines.Select(l => new PayoutLineView(l.Id, l.HouseholdId, l.HeadName, l.HeadNameLatin,
            AccountNumberProtector.Mask(l.PayoutAccountLast4), l.AmountFen, l.Reference, l.Status, l.SettledAt, l.FailureReason,
            l.PayoutAccountHolder, l.PayoutBank, numbers.Reveal(l.PayoutAccountEncrypted),
            onStatements.GetValueOrDefault(l.Id)?.FileName, onStatements.GetValueOrDefault(l.Id)?.State))]);
    }

    private static IQueryable<PayoutBatchSummary> Summaries(SponsorshipDbContext db, IQueryable<PayoutBatch> batches) =>
        batches.AsNoTracking().Select(b => new PayoutBatchSummary(
            b.Id, b.Reference, b.PeriodEnd, b.Status, b.Lines.Count(), b.Lines.Sum(l => (long?)l.AmountFen) ?? 0,
            b.Lines.Where(l => l.Status == PayoutLineStatus.Paid).Sum(l => (long?)l.AmountFen) ?? 0,
            b.Lines.Where(l => l.Status == PayoutLineStatus.Failed).Sum(l => (long?)l.AmountFen) ?? 0,
            b.CreatedAt,
            db.Users.Where(u => u.Id == b.CreatedByUserId).Select(u => u.DisplayName).FirstOrDefault() ?? "",
            db.Users.Where(u => u.Id == b.ApprovedByUserId).Select(u => u.DisplayName).FirstOrDefault(),
            b.ExportedAt));

    private static async Task<PayoutOutcome> StateOutcomeAsync(SponsorshipDbContext db, int batchId, PayoutBatchStatus wanted, CancellationToken cancellationToken)
    {
        var status = await db.PayoutBatches.Where(b => b.Id == batchId).Select(b => (PayoutBatchStatus?)b.Status).FirstOrDefaultAsync(cancellationToken);
        return status switch
        {
            null => PayoutOutcome.NotFound,
            _ when status == wanted => PayoutOutcome.AlreadyDone,
            PayoutBatchStatus.Completed when wanted == PayoutBatchStatus.Exported => PayoutOutcome.AlreadyDone,
            PayoutBatchStatus.Exported or PayoutBatchStatus.Completed when wanted == PayoutBatchStatus.Approved => PayoutOutcome.AlreadyDone,
            _ => PayoutOutcome.WrongState,
        };
    }

    private static async Task<PayoutOutcome> LineOutcomeAsync(SponsorshipDbContext db, int lineId, PayoutLineStatus wanted, CancellationToken cancellationToken)
    {
        var status = await db.PayoutLines.Where(l => l.Id == lineId).Select(l => (PayoutLineStatus?)l.Status).FirstOrDefaultAsync(cancellationToken);
        return status is null ? PayoutOutcome.NotFound : status == wanted ? PayoutOutcome.AlreadyDone : PayoutOutcome.WrongState;
    }

    private static int HouseholdOf(string payableCode) =>
        int.Parse(payableCode.AsSpan()["herder:".Length..payableCode.LastIndexOf(':')], NumberStyles.None, CultureInfo.InvariantCulture);
}

/// <summary>Fen as yuan text for files ("1800.00"), invariant culture.</summary>
public static class Money
{
    public static string Yuan(long fen) =>
        (fen < 0 ? "-" : "") + (Math.Abs(fen) / 100).ToString(CultureInfo.InvariantCulture) + "." + (Math.Abs(fen) % 100).ToString("00", CultureInfo.InvariantCulture);
}
