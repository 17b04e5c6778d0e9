using Microsoft.EntityFrameworkCore;

namespace Sponsorship.Core.Data;

public sealed record AuditRow(DateTimeOffset At, string UserEmail, string Entity, string Key, AuditAction Action, string ChangedFields);

/// <summary>The newest audit entries with the email of who made them, for administrators.</summary>
public sealed class AuditTrail(IDbContextFactory<SponsorshipDbContext> dbFactory)
{
    public async Task<IReadOnlyList<AuditRow>> RecentAsync(int count, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await (
            from entry in db.AuditEntries.AsNoTracking()
            join user in db.Users on entry.UserId equals user.Id into users
            from user in users.DefaultIfEmpty()
            orderby entry.Id descending
            select new AuditRow(entry.At, user.Email ?? entry.UserId, entry.Entity, entry.Key, entry.Action, entry.ChangedFields))
            .Take(count)
            .ToListAsync(cancellationToken);
    }
}
