using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Adoptions;
using Sponsorship.Core.Data;
using Sponsorship.Core.Flock;

namespace Sponsorship.Core.Organisations;

/// <summary>Which sheep an order can hold: the free ones for the household spread, and checks on sheep chosen by hand.</summary>
public static class OrderSheep
{
    /// <summary>Every sheep of a living household that can be adopted (<see cref="SheepHolds.Free"/>), with its household's running adoptions.</summary>
    public static async Task<List<SpreadCandidate>> FreeAsync(SponsorshipDbContext db, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var free = await SheepHolds.Free(db).AsNoTracking()
            .Where(s => s.Household.ArchivedAt == null)
            .Select(s => new { s.Id, s.HouseholdId, s.Household.VillageId })
            .ToListAsync(cancellationToken);
        var load = await db.Adoptions.AsNoTracking().Where(a => a.Status == AdoptionStatus.Active)
            .GroupBy(a => a.Sheep.HouseholdId).Select(g => new { HouseholdId = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.HouseholdId, g => g.Count, cancellationToken);
        return [.. free.Select(s => new SpreadCandidate(s.Id, s.HouseholdId, s.VillageId, load.GetValueOrDefault(s.HouseholdId)))];
    }

    /// <summary>What is wrong with sheep chosen by hand: unknown, gone or reported gone, or held by someone (with their ear tags).</summary>
    public static async Task<(OrderError Error, IReadOnlyList<string> TakenEarTags)> CheckChosenAsync(
        SponsorshipDbContext db, IReadOnlyList<int> sheepIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(sheepIds);
        if (sheepIds.Distinct().Count() != sheepIds.Count)
        {
            return (OrderError.SheepChosenTwice, []);
        }

        var standings = await SheepHolds.StandingsAsync(db, sheepIds, [], cancellationToken);
        if (standings.Values.Any(s => s is not (SheepStanding.Free or SheepStanding.Held)))
        {
            return (OrderError.SheepUnavailable, []);
        }

        var taken = standings.Where(s => s.Value == SheepStanding.Held).Select(s => s.Key).ToList();
        if (taken.Count == 0)
        {
            return (OrderError.None, []);
        }

        var tags = await SheepTags.CurrentEarTagsAsync(db, taken, cancellationToken);
        return (OrderError.SheepTaken, [.. taken.Select(id => tags.GetValueOrDefault(id, id.ToString(System.Globalization.CultureInfo.InvariantCulture))).Order(StringComparer.Ordinal)]);
    }
}
