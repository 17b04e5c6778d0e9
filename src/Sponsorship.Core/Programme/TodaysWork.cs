using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Adoptions;
using Sponsorship.Core.Data;
using Sponsorship.Core.Flock;
using Sponsorship.Core.Identity;
using Sponsorship.Core.Jobs;
using Sponsorship.Core.Ledger;
using Sponsorship.Core.Mail;
using Sponsorship.Core.Payments;
using Sponsorship.Core.Payouts;

namespace Sponsorship.Core.Programme;

/// <summary>How many things wait, and since when the oldest (or until when, for a hold).</summary>
public sealed record Waiting(int Count, DateTimeOffset? Oldest = null);

/// <summary>A payout batch its maker drafted, waiting for another administrator's signature.</summary>
public sealed record BatchAwaitingApproval(int Id, string Reference, long AmountFen, string DraftedBy, DateTimeOffset DraftedAt);

/// <summary>The last integrity check of the ledger; null fields when none has run yet.</summary>
public sealed record LedgerCheckResult(DateTimeOffset? At, bool? Intact);

/// <summary>What moved through the books in one calendar month of the programme, in fen.</summary>
public sealed record MonthMoney(string Month, long ReceivedFen, long AllocatedFen, long InTransitFen, long PaidFen, int Exceptions, long ExceptionsFen);

public sealed record TodaysWorkView(
    Waiting Review,
    Waiting BankTransfers,
    IReadOnlyList<BatchAwaitingApproval> BatchesToApprove,
    int FlaggedPayments,
    int ReconciliationExceptions,
    int FulfilmentDue,
    int FailedMail,
    int QuietSheep,
    int QuietHouseholds,
    LedgerCheckResult LedgerCheck,
    IReadOnlyList<string> FailedJobs,
    MonthMoney ThisMonth,
    MonthMoney LastMonth)
{
    /// <summary>Nothing on the list needs a person today.</summary>
    public bool AllDone => Review.Count == 0 && BankTransfers.Count == 0 && BatchesToApprove.Count == 0 && FlaggedPayments == 0
        && ReconciliationExceptions == 0 && FulfilmentDue == 0 && FailedMail == 0 && QuietSheep == 0
        && LedgerCheck.Intact != false && FailedJobs.Count == 0;
}

/// <summary>
/// The cooperative office's home page: each queue that waits for an administrator, counted with the same rule its own
/// page lists it by, and this month's money beside last month's.
/// </summary>
public sealed class TodaysWork(IDbContextFactory<SponsorshipDbContext> dbFactory, ProgrammeCalendar calendar)
{
    /// <summary>An adopted sheep whose sponsor has had no reviewed news of it for this long is "quiet".</summary>
    public static readonly TimeSpan QuietAfter = TimeSpan.FromDays(30);

    public async Task<TodaysWorkView?> ForAdminAsync(string adminUserId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!await Administrators.IsAdministratorAsync(db, adminUserId, cancellationToken))
        {
            return null;
        }

        var now = calendar.Now;
        var pendingLogs = db.AnimalLogs.AsNoTracking().Where(l => l.Review == ReviewStatus.Pending);
        var review = new Waiting(
            await pendingLogs.CountAsync(cancellationToken),
            await pendingLogs.OrderBy(l => l.RecordedAt).Select(l => (DateTimeOffset?)l.RecordedAt).FirstOrDefaultAsync(cancellationToken));

        var transfers = db.Payments.AsNoTracking().Where(PaymentAdmin.AwaitingBankTransfer);
        var bankTransfers = new Waiting(
            await transfers.CountAsync(cancellationToken),
            await transfers.Where(p => p.Adoption!.ReservedUntil != null).OrderBy(p => p.Adoption!.ReservedUntil)
                .Select(p => p.Adoption!.ReservedUntil).FirstOrDefaultAsync(cancellationToken));

        var batches = await db.PayoutBatches.AsNoTracking().Where(b => b.Status == PayoutBatchStatus.Draft)
            .OrderBy(b => b.CreatedAt)
            .Select(b => new BatchAwaitingApproval(
                b.Id, b.Reference, b.Lines.Sum(l => l.AmountFen),
                db.Users.Where(u => u.Id == b.CreatedByUserId).Select(u => u.DisplayName).FirstOrDefault() ?? "",
                b.CreatedAt))
            .ToListAsync(cancellationToken);

        var flagged = await db.Payments.CountAsync(PaymentAdmin.FlaggedForAdmin, cancellationToken);
        var exceptions = await db.BankStatementLines.CountAsync(l => Reconciliation.OpenStates.Contains(l.State), cancellationToken);
        var fulfilment = await db.Adoptions.CountAsync(a => a.Fulfilment == FulfilmentStatus.Due, cancellationToken);
        var failedMail = await db.OutboxMails.CountAsync(m => m.Status == OutboxStatus.Failed, cancellationToken);

        var quietSince = now - QuietAfter;
        var quiet = await db.Adoptions.AsNoTracking()
            .Where(a => a.Status == AdoptionStatus.Active && a.StartAt < quietSince && a.Sheep.ArchivedAt == null
                && !a.Sheep.Logs.Any(l => l.Review == ReviewStatus.Approved && l.At >= quietSince))
            .Select(a => new { a.SheepId, a.Sheep.HouseholdId })
            .Distinct()
            .ToListAsync(cancellationToken);

        var lastCheck = await db.LedgerChecks.AsNoTracking().OrderByDescending(c => c.FinishedAt).ThenByDescending(c => c.Id)
            .Select(c => new LedgerCheckResult(c.FinishedAt, c.Intact)).FirstOrDefaultAsync(cancellationToken)
            ?? new LedgerCheckResult(null, null);

        // A job whose latest finished run failed; a later success clears it.
        var failedJobs = await db.JobRuns.AsNoTracking()
            .Where(r => r.Failed && r.FinishedAt != null
                && !db.JobRuns.Any(later => later.Job == r.Job && later.FinishedAt != null && later.StartedAt > r.StartedAt))
            .Select(r => r.Job).Distinct().OrderBy(j => j)
            .ToListAsync(cancellationToken);

        var thisMonth = calendar.MonthOf(now);
        var lastMonth = calendar.MonthOf(calendar.MonthBounds(thisMonth).Start.AddDays(-1));
        return new TodaysWorkView(
            review, bankTransfers, batches, flagged, exceptions, fulfilment, failedMail,
            quiet.Count, quiet.Select(q => q.HouseholdId).Distinct().Count(), lastCheck, failedJobs,
            await MoneyOfAsync(db, thisMonth, cancellationToken), await MoneyOfAsync(db, lastMonth, cancellationToken));
    }

    /// <summary>
    /// The month's postings by kind: received is what captures put into adoptions, allocated what releases handed to
    /// herders, villages and fees, in transit what exports sent to the bank, paid what the bank confirmed; exceptions are
    /// the lines of the month's statements still waiting for an admin.
    /// </summary>
    private async Task<MonthMoney> MoneyOfAsync(SponsorshipDbContext db, string month, CancellationToken cancellationToken)
    {
        var (start, end) = calendar.MonthBounds(month);
        var byKind = await db.LedgerEntries.AsNoTracking()
            .Where(e => e.Transaction.PostedAt >= start && e.Transaction.PostedAt < end && e.AmountFen > 0)
            .GroupBy(e => e.Transaction.Kind)
            .Select(g => new { Kind = g.Key, Fen = g.Sum(e => e.AmountFen) })
            .ToDictionaryAsync(k => k.Kind, k => k.Fen, cancellationToken);
        var open = await db.BankStatementLines.AsNoTracking()
            .Where(l => Reconciliation.OpenStates.Contains(l.State) && l.Statement.ImportedAt >= start && l.Statement.ImportedAt < end)
            .GroupBy(l => 1)
            .Select(g => new { Count = g.Count(), Fen = g.Sum(l => l.AmountFen) })
            .FirstOrDefaultAsync(cancellationToken);
        return new MonthMoney(
            month,
            byKind.GetValueOrDefault(LedgerKinds.Capture),
            byKind.GetValueOrDefault(LedgerKinds.Release),
            byKind.GetValueOrDefault(LedgerKinds.PayoutExport),
            byKind.GetValueOrDefault(LedgerKinds.PayoutConfirm),
            open?.Count ?? 0,
            open?.Fen ?? 0);
    }
}
