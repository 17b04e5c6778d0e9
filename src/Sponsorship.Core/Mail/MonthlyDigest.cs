using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Adoptions;
using Sponsorship.Core.Data;
using Sponsorship.Core.Flock;
using Sponsorship.Core.Jobs;
using Sponsorship.Core.Programme;

namespace Sponsorship.Core.Mail;

/// <summary>
/// Once a month (the programme's month), for every active adoption whose month was quiet, a digest that says so plainly
/// and shows what is known (the last weighing, how long ago the last update was). The job runner makes one instance do
/// it each month; each mail's dedupe key makes a rerun harmless.
/// A month is quiet only if it has no record dated in it that the sponsor sees or may still see (approved, or still
/// waiting for review: a 28 October weighing approved on 2 November goes out as a growth update that month) and no
/// growth update was queued for the adoption in it (one approved on 3 October reporting a 29 September weighing). Either
/// would have the digest say "no news" beside a mail that brought some.
/// </summary>
public sealed class MonthlyDigest(IDbContextFactory<SponsorshipDbContext> dbFactory, ProgrammeCalendar calendar) : IScheduledJob
{
    public const string Job = "mail-monthly-digest";
    private const int Chunk = 500;

    public string Name => Job;

    public JobSchedule Schedule => JobSchedule.Monthly;

    async Task<string> IScheduledJob.RunAsync(CancellationToken cancellationToken) => $"{await RunAsync(cancellationToken)} digests queued";

    /// <summary>The month a digest sent at <paramref name="now"/> covers: the previous programme month ("2026-10").</summary>
    public static string CoveredMonth(DateTimeOffset now, ProgrammeCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        var today = calendar.DayOf(now);
        return new DateOnly(today.Year, today.Month, 1).AddMonths(-1).ToString("yyyy-MM", CultureInfo.InvariantCulture);
    }

    /// <summary>Queues the digests of the month just over; returns how many were queued (0 on a rerun).</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken = default)
    {
        var now = calendar.Now;
        var month = CoveredMonth(now, calendar);
        var (start, end) = calendar.MonthBounds(month);
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
                    News = db.AnimalLogs.Any(l => l.SheepId == a.SheepId && l.Review != ReviewStatus.Rejected && l.At >= start && l.At < end),
                })
                .ToListAsync(cancellationToken);
            if (quiet.Count == 0)
            {
                break;
            }

            afterId = quiet[^1].Id;
            var updated = await AdoptionsWithGrowthUpdatesAsync(db, quiet.Select(a => a.SponsorUserId).Distinct().ToList(), start, end, cancellationToken);
            var keys = quiet.Select(a => $"digest:{a.Id}:{month}").ToList();
            var taken = (await db.OutboxMails.Where(m => keys.Contains(m.DedupeKey!)).Select(m => m.DedupeKey!).ToListAsync(cancellationToken)).ToHashSet();
            foreach (var a in quiet.Where(a => a.DigestOn && !a.News && !updated.Contains(a.Id) && !string.IsNullOrEmpty(a.Email)))
            {
                var key = $"digest:{a.Id}:{month}";
                if (!taken.Contains(key))
                {
                    Outbox.Queue(db, new MonthlyDigestPayload(a.Id, month), a.Email!, a.DisplayName, a.PreferredCulture, now, a.SponsorUserId, key);
                    queued++;
                }
            }

            await db.SaveChangesAsync(cancellationToken);
        }

        return queued;
    }

    /// <summary>The adoptions of these sponsors that a growth update was queued for between <paramref name="start"/> and <paramref name="end"/>.</summary>
    private static async Task<HashSet<int>> AdoptionsWithGrowthUpdatesAsync(
        SponsorshipDbContext db, List<string> sponsorIds, DateTimeOffset start, DateTimeOffset end, CancellationToken cancellationToken)
    {
        var mails = await db.OutboxMails.AsNoTracking()
            .Where(m => m.Kind == MailKinds.GrowthUpdate && sponsorIds.Contains(m.RecipientUserId!) && m.CreatedAt >= start && m.CreatedAt < end)
            .Select(m => new OutboxMail { Kind = m.Kind, PayloadJson = m.PayloadJson })
            .ToListAsync(cancellationToken);
        return [.. mails.Select(m => ((AdoptionMailPayload)MailPayload.Read(m)).AdoptionId)];
    }
}
