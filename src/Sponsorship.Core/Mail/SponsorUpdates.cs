using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Adoptions;
using Sponsorship.Core.Data;
using Sponsorship.Core.Flock;

namespace Sponsorship.Core.Mail;

/// <summary>A log that has just become visible to sponsors (approved by an admin, or recorded by a trusted household).</summary>
public sealed record ApprovedLog(int SheepId, LogKind Kind, string LogKey);

/// <summary>
/// Queues the sponsor's mail when logs of their sheep are approved, in the caller's context so it commits with the
/// approval. Ordinary news (weighings, photos, moves, shearing, notes) goes at most once a week per adoption: while a
/// growth update is still waiting, later logs simply join it (the template renders every log approved since the
/// previous update); after one was sent, the next is due seven days later. Milestones (a lambing, a health event) go at
/// once, and a death sends the death notice whatever the sponsor's preferences.
/// </summary>
public static class SponsorUpdates
{
    public static readonly TimeSpan Window = TimeSpan.FromDays(7);

    public static bool IsMilestone(LogKind kind) => kind is LogKind.Birth or LogKind.Medical or LogKind.Death;

    public static string WindowKeyPrefix(int adoptionId) => $"growth:{adoptionId}:w:";

    public static string DeathKey(int adoptionId, int sheepId) => $"death:{adoptionId}:{sheepId}";

    public static async Task<int> QueueAsync(SponsorshipDbContext db, IReadOnlyCollection<ApprovedLog> logs, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(logs);
        if (logs.Count == 0)
        {
            return 0;
        }

        var sheepIds = logs.Select(l => l.SheepId).Distinct().ToList();

        // An organisation's unclaimed sheep get no growth updates (its page shows them); a death notice still goes.
        var personal = db.Adoptions.Where(Adoption.HasPersonalSponsor).Select(a => a.Id);
        var adoptions = await db.Adoptions.AsNoTracking()
            .Where(a => sheepIds.Contains(a.SheepId) && a.Status == AdoptionStatus.Active)
            .Select(a => new
            {
                a.Id, a.SheepId, a.SponsorUserId, a.Sponsor.Email, a.Sponsor.DisplayName, a.Sponsor.PreferredCulture,
                GrowthOn = a.Sponsor.GrowthUpdatesStoppedAt == null && personal.Contains(a.Id),
            })
            .ToListAsync(cancellationToken);
        var queued = 0;
        foreach (var adoption in adoptions)
        {
            if (string.IsNullOrEmpty(adoption.Email))
            {
                continue;
            }

            OutboxMail Queue(MailPayload payload, string key, DateTimeOffset due)
            {
                var mail = Outbox.Queue(db, payload, adoption.Email, adoption.DisplayName, adoption.PreferredCulture, now, adoption.SponsorUserId, key);
                mail.NextAttemptAt = due;
                queued++;
                return mail;
            }

            var mine = logs.Where(l => l.SheepId == adoption.SheepId).ToList();
            foreach (var log in mine.Where(l => IsMilestone(l.Kind)))
            {
                if (log.Kind == LogKind.Death)
                {
                    var key = DeathKey(adoption.Id, adoption.SheepId);
                    if (!await KeyTakenAsync(db, key, cancellationToken))
                    {
                        Queue(new DeathNoticePayload(adoption.Id, LogKey: log.LogKey), key, now);
                    }
                }
                else if (adoption.GrowthOn)
                {
                    Queue(new GrowthUpdatePayload(adoption.Id, now, log.LogKey), $"growth:{adoption.Id}:log:{log.LogKey}", now);
                }
            }

            if (!adoption.GrowthOn || mine.All(l => IsMilestone(l.Kind)))
            {
                continue;
            }

            var prefix = WindowKeyPrefix(adoption.Id);
            if (db.OutboxMails.Local.Any(m => m.DedupeKey != null && m.DedupeKey.StartsWith(prefix, StringComparison.Ordinal) && m.Status == OutboxStatus.Pending))
            {
                continue;
            }

            var latest = await db.OutboxMails.AsNoTracking()
                .Where(m => m.DedupeKey != null && m.DedupeKey.StartsWith(prefix))
                .OrderByDescending(m => m.Id)
                .Select(m => new { m.Status, m.NextAttemptAt })
                .FirstOrDefaultAsync(cancellationToken);
            if (latest is { Status: OutboxStatus.Pending })
            {
                // The waiting update will show these logs too.
                continue;
            }

            var due = latest is null ? now : Max(now, latest.NextAttemptAt + Window);
            var since = latest?.NextAttemptAt ?? now;
            Queue(new GrowthUpdatePayload(adoption.Id, since), prefix + due.UtcDateTime.ToString("yyyyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture), due);
        }

        return queued;
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private static async Task<bool> KeyTakenAsync(SponsorshipDbContext db, string key, CancellationToken cancellationToken) =>
        db.OutboxMails.Local.Any(m => m.DedupeKey == key) || await db.OutboxMails.AnyAsync(m => m.DedupeKey == key, cancellationToken);
}
