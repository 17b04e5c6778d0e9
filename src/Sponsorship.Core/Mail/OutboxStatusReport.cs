using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Data;

namespace Sponsorship.Core.Mail;

public sealed record OutboxProblem(long Id, string Kind, string ToEmail, OutboxStatus Status, int Attempts, DateTimeOffset CreatedAt, DateTimeOffset NextAttemptAt, string? LastError);

public sealed record OutboxStatusSummary(int Pending, int Sent, int Failed, IReadOnlyList<OutboxProblem> Problems);

/// <summary>For administrators: how much mail waits, went and failed, and which mails failed or are being retried.</summary>
public sealed class OutboxStatusReport(IDbContextFactory<SponsorshipDbContext> dbFactory)
{
    public async Task<OutboxStatusSummary> ReadAsync(int take = 50, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var counts = await db.OutboxMails.GroupBy(m => m.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        var problems = await db.OutboxMails.AsNoTracking()
            .Where(m => m.Status == OutboxStatus.Failed || (m.Status == OutboxStatus.Pending && m.Attempts > 0))
            .OrderByDescending(m => m.Id)
            .Take(take)
            .Select(m => new OutboxProblem(m.Id, m.Kind, m.ToEmail, m.Status, m.Attempts, m.CreatedAt, m.NextAttemptAt, m.LastError))
            .ToListAsync(cancellationToken);
        int Count(OutboxStatus status) => counts.FirstOrDefault(c => c.Key == status)?.Count ?? 0;
        return new OutboxStatusSummary(Count(OutboxStatus.Pending), Count(OutboxStatus.Sent), Count(OutboxStatus.Failed), problems);
    }
}
