using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Data;
using Sponsorship.Core.Programme;

namespace Sponsorship.Core.Flock;

/// <param name="LastWeightKg">The latest recorded weight, whatever its review status: it is the herder's own data.</param>
/// <param name="LastUpdateAt">When the latest log of any kind happened; null when nothing was ever recorded.</param>
/// <param name="NeedsUpdate">Nothing recorded for <see cref="SheepGrowth.UpdateIntervalDays"/> days or more.</param>
public sealed record FlockSheep(
    int Id, string EarTag, string Name, string NameLatin, Breed Breed, Sex Sex, DateOnly BirthDate,
    decimal? LastWeightKg, DateTimeOffset? LastUpdateAt, bool NeedsUpdate);

public sealed record HouseholdFlock(int HouseholdId, string HeadName, string HeadNameLatin, string VillageName, string VillageNameLatin, IReadOnlyList<FlockSheep> Sheep);

/// <summary>One entry in a sheep's recent history as its herder sees it (all review states).</summary>
public sealed record LogLine(
    long Id, LogKind Kind, DateTimeOffset At, decimal? QuantityKg, string? Vet, MovedTo Pasture, RemovalReason? RemovalReason,
    string Notes, ReviewStatus Review, int? LambId, string? LambName, IReadOnlyList<long> PhotoIds);

/// <summary>One living sheep of the herder's household, with what is derived from its logs.</summary>
public sealed record HerderSheep(
    FlockSheep Sheep, DateTimeOffset? LastWeighedAt, decimal? DailyGainKg, MovedTo? CurrentPasture, IReadOnlyList<LogLine> RecentLogs);

/// <summary>A herder's own household and its living sheep; every read is limited to the household of the account.</summary>
public sealed class HerderFlock(IDbContextFactory<SponsorshipDbContext> dbFactory, ProgrammeCalendar calendar)
{
    public const int RecentLogCount = 12;
    private const int WeighingsForGain = 10;

    /// <summary>The flock of the household a herder account belongs to; null when the account has none.</summary>
    public async Task<HouseholdFlock?> GetForUserAsync(string userId, CancellationToken cancellationToken = default) =>
        await HouseholdOfAsync(userId, cancellationToken) is { } id ? await GetAsync(id, cancellationToken) : null;

    public async Task<HouseholdFlock?> GetAsync(int householdId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var household = await db.Households.AsNoTracking()
            .Where(h => h.Id == householdId)
            .Select(h => new { h.Id, h.HeadName, h.HeadNameLatin, h.Village.Name, h.Village.NameLatin })
            .SingleOrDefaultAsync(cancellationToken);
        if (household is null)
        {
            return null;
        }

        var sheep = await ProjectAsync(db.Sheep.Where(s => s.HouseholdId == householdId && s.ArchivedAt == null), cancellationToken);
        return new HouseholdFlock(household.Id, household.HeadName, household.HeadNameLatin, household.Name, household.NameLatin, sheep);
    }

    /// <summary>
    /// The herder's living sheep whose current national ear tag ends with <paramref name="digits"/> (what a herder reads
    /// off the tag in the field). Empty for anything that is not 1–15 digits or an account without a household.
    /// </summary>
    public async Task<IReadOnlyList<FlockSheep>> FindByTagDigitsAsync(string userId, string? digits, CancellationToken cancellationToken = default)
    {
        var suffix = (digits ?? "").Trim();
        if (suffix.Length is 0 or > EarTag.Length || !suffix.All(char.IsAsciiDigit)
            || await HouseholdOfAsync(userId, cancellationToken) is not { } householdId)
        {
            return [];
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await ProjectAsync(
            db.Sheep.Where(s => s.HouseholdId == householdId && s.ArchivedAt == null
                && s.Tags.AsQueryable().Where(IdTag.IsCurrentEarTag).Any(t => t.Value.EndsWith(suffix))),
            cancellationToken);
    }

    /// <summary>One living sheep of the herder's own household with its recent logs; null for anything else.</summary>
    public async Task<HerderSheep?> GetSheepAsync(string userId, int sheepId, CancellationToken cancellationToken = default)
    {
        if (await HouseholdOfAsync(userId, cancellationToken) is not { } householdId)
        {
            return null;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var sheep = (await ProjectAsync(
            db.Sheep.Where(s => s.Id == sheepId && s.HouseholdId == householdId && s.ArchivedAt == null), cancellationToken))
            .SingleOrDefault();
        if (sheep is null)
        {
            return null;
        }

        var logs = db.AnimalLogs.AsNoTracking().Where(l => l.SheepId == sheepId);
        var recent = await logs
            .OrderByDescending(l => l.At).ThenByDescending(l => l.Id)
            .Take(RecentLogCount)
            .Select(l => new LogLine(
                l.Id, l.Kind, l.At, l.QuantityKg, l.Vet, new MovedTo(l.NamedPasture!.Name, l.NamedPasture.NameLatin, l.Pasture), l.RemovalReason, l.Notes, l.Review, l.LambId,
                db.Sheep.Where(lamb => lamb.Id == l.LambId).Select(lamb => lamb.Name).FirstOrDefault(),
                l.Photos.OrderBy(p => p.Id).Select(p => p.Id).ToList()))
            .ToListAsync(cancellationToken);
        var weighings = await logs
            .Where(l => l.Kind == LogKind.Weighing && l.QuantityKg != null)
            .OrderByDescending(l => l.At).ThenByDescending(l => l.Id)
            .Take(WeighingsForGain)
            .Select(l => new WeightPoint(l.At, l.QuantityKg!.Value))
            .ToListAsync(cancellationToken);
        var pasture = await logs
            .Where(l => l.Kind == LogKind.Movement)
            .OrderByDescending(l => l.At).ThenByDescending(l => l.Id)
            .Select(l => new MovedTo(l.NamedPasture!.Name, l.NamedPasture.NameLatin, l.Pasture))
            .FirstOrDefaultAsync(cancellationToken);
        return new HerderSheep(
            sheep,
            weighings.Count > 0 ? weighings.Max(w => w.At) : null,
            GrowthFigures.RecentDailyGain(weighings, calendar),
            pasture,
            recent);
    }

    /// <summary>The name of a sheep of the herder's household, living or removed (to confirm a removal); null otherwise.</summary>
    public async Task<string?> NameAsync(string userId, int sheepId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Sheep.AsNoTracking()
            .Where(s => s.Id == sheepId && db.Users.Any(u => u.Id == userId && u.HerderHouseholdId == s.HouseholdId))
            .Select(s => s.Name)
            .SingleOrDefaultAsync(cancellationToken);
    }

    private async Task<int?> HouseholdOfAsync(string userId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Users.Where(u => u.Id == userId).Select(u => u.HerderHouseholdId).SingleOrDefaultAsync(cancellationToken);
    }

    // One query for the whole list: the last weight and the last update are correlated subqueries, not a query per sheep.
    private async Task<List<FlockSheep>> ProjectAsync(IQueryable<Sheep> sheep, CancellationToken cancellationToken)
    {
        var rows = await sheep.AsNoTracking()
            .OrderBy(s => s.Id)
            .Select(s => new
            {
                s.Id,
                EarTag = s.Tags.AsQueryable().Where(IdTag.IsCurrentEarTag).Select(t => t.Value).FirstOrDefault() ?? "",
                s.Name,
                s.NameLatin,
                s.Breed,
                s.Sex,
                s.BirthDate,
                LastWeightKg = s.Logs.Where(l => l.Kind == LogKind.Weighing && l.QuantityKg != null)
                    .OrderByDescending(l => l.At).ThenByDescending(l => l.Id).Select(l => l.QuantityKg).FirstOrDefault(),
                LastUpdateAt = s.Logs.OrderByDescending(l => l.At).Select(l => (DateTimeOffset?)l.At).FirstOrDefault(),
            })
            .ToListAsync(cancellationToken);
        return [.. rows.Select(r => new FlockSheep(
            r.Id, r.EarTag, r.Name, r.NameLatin, r.Breed, r.Sex, r.BirthDate, r.LastWeightKg, r.LastUpdateAt, SheepGrowth.NeedsUpdate(r.LastUpdateAt, calendar)))];
    }
}
