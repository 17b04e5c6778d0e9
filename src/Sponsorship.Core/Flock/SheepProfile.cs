using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Adoptions;
using Sponsorship.Core.Data;
using Sponsorship.Core.Programme;

namespace Sponsorship.Core.Flock;

public sealed record ProfileFacts(
    int Id, string EarTag, string Name, string NameLatin, Breed Breed, Sex Sex, DateOnly BirthDate,
    string HeadName, string HeadNameLatin, string VillageName, string VillageNameLatin,
    DateTimeOffset? ArchivedAt, RemovalReason? RemovalReason);

/// <param name="At">When the photo's log happened (the day the photo shows).</param>
public sealed record ProfilePhoto(long Id, DateTimeOffset At, int Width, int Height);

/// <summary>One approved log as sponsors see it: no reviewer, recorder or vet, only what happened.</summary>
public sealed record TimelineEntry(
    long Id, LogKind Kind, DateTimeOffset At, string Notes, decimal? QuantityKg, MovedTo Pasture,
    RemovalReason? RemovalReason, string? LambName, string? LambEarTag, IReadOnlyList<long> PhotoIds);

/// <summary>A sheep's public page: facts, approved photos, the weighings and the approved timeline, with the derived figures.</summary>
public sealed record SheepProfileView(
    ProfileFacts Facts,
    IReadOnlyList<ProfilePhoto> Photos,
    IReadOnlyList<WeightPoint> Weighings,
    IReadOnlyList<TimelineEntry> Timeline,
    int AgeMonths,
    WeightPoint? CurrentWeight,
    decimal? RecentDailyGain,
    decimal? AverageDailyGain,
    int? DaysSinceUpdate)
{
    public bool InFlock => Facts.ArchivedAt is null;

    /// <summary>Whether the sheep can be adopted now, read with the profile (one context and connection for the page).</summary>
    public SheepStanding Standing { get; init; }
}

/// <summary>What asking for a tag found: the profile, the sheep's current tag (the tag asked for was retired), or nothing.</summary>
public sealed record ProfileLookup(SheepProfileView? Profile, string? CurrentEarTag)
{
    public static readonly ProfileLookup NotFound = new(null, null);

    public bool Found => Profile is not null;

    /// <summary>The tag asked for was retired: the profile lives at the sheep's current tag.</summary>
    public bool MovedToCurrentTag => Profile is null && CurrentEarTag is not null;
}

/// <summary>
/// The public profile of one sheep (<c>/sheep/{earTag}</c>), found by any national ear tag it has ever worn. Archived
/// sheep still have a profile: certificates link here. A handful of indexed queries on one context, none per log.
/// </summary>
public sealed class SheepProfile(IDbContextFactory<SponsorshipDbContext> dbFactory, ProgrammeCalendar calendar)
{
    public const int MaxPhotos = 24;
    public const int MaxTimelineEntries = 100;

    public async Task<ProfileLookup> FindAsync(string earTag, DateOnly today, CancellationToken cancellationToken = default)
    {
        earTag = (earTag ?? "").Trim();
        if (earTag.Length is 0 or > 32)
        {
            return ProfileLookup.NotFound;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var found = await (
                from tag in db.IdTags
                where tag.Type == IdTagType.NationalEarTag && tag.Value == earTag
                join sheep in db.Sheep on tag.SheepId equals sheep.Id
                select new
                {
                    Retired = tag.ValidTo != null,
                    Facts = new ProfileFacts(
                        sheep.Id, tag.Value, sheep.Name, sheep.NameLatin, sheep.Breed, sheep.Sex, sheep.BirthDate,
                        sheep.Household.HeadName, sheep.Household.HeadNameLatin,
                        sheep.Household.Village.Name, sheep.Household.Village.NameLatin,
                        sheep.ArchivedAt, sheep.RemovalReason),
                })
            .AsNoTracking()
            .SingleOrDefaultAsync(cancellationToken);
        if (found is null)
        {
            return ProfileLookup.NotFound;
        }

        var sheepId = found.Facts.Id;
        var currentTag = found.Retired ? (await SheepTags.CurrentEarTagsAsync(db, [sheepId], cancellationToken)).GetValueOrDefault(sheepId) : null;
        if (currentTag is not null && currentTag != earTag)
        {
            return new ProfileLookup(null, currentTag);
        }

        var approved = db.AnimalLogs.AsNoTracking()
            .Where(l => l.SheepId == sheepId && LogKinds.Public.Contains(l.Kind) && l.Review == ReviewStatus.Approved);

        var photos = await approved
            .SelectMany(l => l.Photos, (l, p) => new { p.Id, l.At, p.Width, p.Height })
            .OrderByDescending(p => p.At)
            .ThenByDescending(p => p.Id)
            .Take(MaxPhotos)
            .Select(p => new ProfilePhoto(p.Id, p.At, p.Width, p.Height))
            .ToListAsync(cancellationToken);

        var weighings = await approved
            .Where(l => l.Kind == LogKind.Weighing && l.QuantityKg != null)
            .OrderBy(l => l.At)
            .ThenBy(l => l.Id)
            .Select(l => new WeightPoint(l.At, l.QuantityKg!.Value))
            .ToListAsync(cancellationToken);

        var timeline = await approved
            .OrderByDescending(l => l.At)
            .ThenByDescending(l => l.Id)
            .Take(MaxTimelineEntries)
            .Select(l => new
            {
                l.Id, l.Kind, l.At, l.Notes, l.QuantityKg, Pasture = new MovedTo(l.NamedPasture!.Name, l.NamedPasture.NameLatin, l.Pasture), l.RemovalReason,
                l.LambId,
                LambName = db.Sheep.Where(lamb => lamb.Id == l.LambId).Select(lamb => lamb.Name).FirstOrDefault(),
                PhotoIds = l.Photos.OrderBy(p => p.Id).Select(p => p.Id).ToList(),
            })
            .ToListAsync(cancellationToken);
        var lambIds = timeline.Where(e => e.LambId is not null).Select(e => e.LambId!.Value).Distinct().ToList();
        var lambTags = await SheepTags.CurrentEarTagsAsync(db, lambIds, cancellationToken);
        var entries = timeline
            .Select(e => new TimelineEntry(
                e.Id, e.Kind, e.At, e.Notes, e.QuantityKg, e.Pasture, e.RemovalReason,
                e.LambName, e.LambId is { } lambId ? lambTags.GetValueOrDefault(lambId) : null, e.PhotoIds))
            .ToList();

        var facts = found.Facts with { EarTag = currentTag ?? found.Facts.EarTag };
        var profile = new SheepProfileView(
            facts,
            photos,
            weighings,
            entries,
            SheepAge.Months(facts.BirthDate, today),
            GrowthFigures.Current(weighings, calendar),
            GrowthFigures.RecentDailyGain(weighings, calendar),
            GrowthFigures.AverageDailyGain(weighings, calendar),
            SheepGrowth.DaysSince(entries.Count > 0 ? entries[0].At : null, today, calendar))
        {
            Standing = await SheepHolds.StandingAsync(db, sheepId, cancellationToken: cancellationToken),
        };
        return new ProfileLookup(profile, null);
    }
}
