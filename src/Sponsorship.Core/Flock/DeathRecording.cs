using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Data;
using Sponsorship.Core.Mail;

namespace Sponsorship.Core.Flock;

/// <summary>
/// A death or other removal. It archives the sheep only once approved: at once for a trusted household (the log, the
/// archiving and the settling of the sheep's adoption are one transaction), otherwise when an administrator approves
/// it in the review queue. Meanwhile the sheep stays in the flock and cannot be newly adopted; a second report for
/// the same sheep waits for the first to be decided.
/// </summary>
internal sealed class DeathRecording(DeathEntry entry)
    : LogRecording(LogDraft.Of(LogKind.Death, entry.IdempotencyKey, entry.SheepId, entry.On, entry.Notes) with { Reason = entry.Reason })
{
    public override void Validate(SheepFacts sheep, List<LogProblem> problems)
    {
        if (entry.Reason is not { } reason || !Enum.IsDefined(reason))
        {
            problems.Add(new(LogField.Reason, LogError.Required));
        }
    }

    public override async Task WriteAsync(SponsorshipDbContext db, AnimalLog log, SheepFacts sheep, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.AnimalLogs.Add(log);
        await db.SaveChangesAsync(cancellationToken);
        if (log.Review == ReviewStatus.Approved)
        {
            await Adoptions.SheepDeaths.ApplyAsync(db, [log.Id], log.RecordedAt, cancellationToken);
            await SponsorUpdates.QueueAsync(db, [new ApprovedLog(log.SheepId, log.Kind, log.IdempotencyKey)], log.RecordedAt, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    public override async Task<LogbookResult?> ExplainFailureAsync(SponsorshipDbContext db, CancellationToken cancellationToken) =>
        await db.AnimalLogs.Where(AnimalLog.PendingRemoval).AnyAsync(l => l.SheepId == Draft.SheepId, cancellationToken)
            ? LogbookResult.Invalid([new(LogField.Sheep, LogError.RemovalPending)])
            : null;
}
