using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Adoptions;
using Sponsorship.Core.Data;
using Sponsorship.Core.Flock;

namespace Sponsorship.Core.Mail;

/// <summary>
/// Once a month (China time), for every active adoption whose sheep had no approved news in the past month, a digest
/// that says so plainly and shows what is known (the last weighing, how long ago the last update was). The job's
/// (name, month) row in <see cref="JobRun"/> makes one instance do it; each mail's dedupe key makes a rerun harmless.
/// </summary>
public sealed class MonthlyDigest(IDbContextFactory<SponsorshipDbContext> dbFactory, TimeProvider clock)
{
    public const string Job = "mail-monthly-digest";
    public static readonly TimeSpan ChinaOffset = TimeSpan.FromHours(8);
    private const int Chunk = 500;

    /// <summary>The month a digest sent now covers: the previous calendar month in China ("2026-10").</summary>
    public static string CoveredMonth(DateTimeOffset now)
    {
        var local = now.ToOffset(ChinaOffset);
        return new DateTime(local.Year, local.Month, 1, 0, 0, 0, DateTimeKind.Unspecified).AddMonths(-1).ToString("yyyy-MM", CultureInfo.InvariantCulture);
    }

    public static (DateTimeOffset Start, DateTimeOffset End) MonthBounds(string month)
    {
        var start = new DateTimeOffset(DateTime.ParseExact(month, "yyyy-MM", CultureInfo.InvariantCulture), ChinaOffset);
        return (start, start.AddMonths(1));
    }

    /// <summary>Queues this month's digests if no other instance has; returns how many were queued (null: not ours).</summary>
    public async Task<int?> RunAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        var month = CoveredMonth(now);
        var holder = Guid.NewGuid().ToString("N");
        if (!await ClaimAsync(month, holder, now, cancellationToken))
        {
            return null;
        }

        var (start, end) = MonthBounds(month);
        var queued = 0;
        var afterId = 0;
        while (true)
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var quiet = await db.Adoptions.AsNoTracking()
                .Where(a => a.Id > afterId && a.Status == AdoptionStatus.Active && a.StartAt < end)
                .Where(Adoption.HasPersonalSponsor)
                .OrderBy(a => a.Id)
                .Take(Chunk)
                .Select(a => new
                {
                    a.Id, a.SponsorUserId, a.Sponsor.Email, a.Sponsor.DisplayName, a.Sponsor.PreferredCulture,
                    DigestOn = a.Sponsor.MonthlyDigestStoppedAt == null,
                    News = db.AnimalLogs.Any(l => l.SheepId == a.SheepId && l.Review == ReviewStatus.Approved && l.At >= start && l.At < end),
                })
                .ToListAsync(cancellationToken);
            if (quiet.Count == 0)
            {
                break;
            }

            afterId = quiet[^1].Id;
            var keys = quiet.Select(a => $"digest:{a.Id}:{month}").ToList();
            var taken = (await db.OutboxMails.Where(m => keys.Contains(m.DedupeKey!)).Select(m => m.DedupeKey!).ToListAsync(cancellationToken)).ToHashSet();
            foreach (var a in quiet.Where(a => a.DigestOn && !a.News && !string.IsNullOrEmpty(a.Email)))
            {
                var key = $"digest:{a.Id}:{month}";
                if (!taken.Contains(key))
                {
                    Outbox.Queue(db, MailKinds.MonthlyDigest, a.Email!, a.DisplayName, a.PreferredCulture, new MonthlyDigestPayload(a.Id, month), now, a.SponsorUserId, key);
                    queued++;
                }
            }

            await db.SaveChangesAsync(cancellationToken);
        }

        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            var finished = clock.GetUtcNow();
            await db.JobRuns.Where(r => r.Job == Job && r.Period == month && r.Holder == holder)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.FinishedAt, finished).SetProperty(r => r.Outcome, $"{queued} digests queued"), cancellationToken);
        }

        return queued;
    }

    /// <summary>Inserts the month's run; a run that started over an hour ago and never finished is taken over.</summary>
    private async Task<bool> ClaimAsync(string month, string holder, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var stale = now.AddHours(-1);
        var existing = await db.JobRuns.AsNoTracking().Where(r => r.Job == Job && r.Period == month).Select(r => new { r.Holder, r.FinishedAt, r.StartedAt }).SingleOrDefaultAsync(cancellationToken);
        if (existing is not null)
        {
            return existing.FinishedAt is null && existing.StartedAt < stale
                && await db.JobRuns.Where(r => r.Job == Job && r.Period == month && r.Holder == existing.Holder && r.FinishedAt == null)
                    .ExecuteUpdateAsync(s => s.SetProperty(r => r.Holder, holder).SetProperty(r => r.StartedAt, now), cancellationToken) == 1;
        }

        db.JobRuns.Add(new JobRun { Job = Job, Period = month, Holder = holder, StartedAt = now, Outcome = "" });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException e) when (!Contention.IsContention(e))
        {
            return false;
        }
    }
}
