using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Adoptions;
using Sponsorship.Core.Data;
using Sponsorship.Core.Flock;

namespace Sponsorship.Core.Organisations;

/// <summary>Which sheep an order can hold: the free ones for the household spread, and checks on sheep chosen by hand.</summary>
public static class OrderSheep
{
    /// <summary>Every living sheep of a living household that nobody holds, with its household's running adoptions.</summary>
    public static async Task<List<SpreadCandidate>> FreeAsync(SponsorshipDbContext db, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var held = db.Adoptions.Where(Adoption.HoldsSheep).Select(a => a.SheepId);
        var free = await db.Sheep.AsNoTracking()
            .Where(s => s.ArchivedAt == null && s.Household.ArchivedAt == null && !held.Contains(s.Id))
            .Select(s => new { s.Id, s.HouseholdId, s.Household.VillageId })
            .ToListAsync(cancellationToken);
        var load = await db.Adoptions.AsNoTracking().Where(a => a.Status == AdoptionStatus.Active)
            .GroupBy(a => a.Sheep.HouseholdId).Select(g => new { HouseholdId = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.HouseholdId, g => g.Count, cancellationToken);
        return [.. free.Select(s => new SpreadCandidate(s.Id, s.HouseholdId, s.VillageId, load.GetValueOrDefault(s.HouseholdId)))];
    }

    /// <summary>What is wrong with sheep chosen by hand: unknown or gone, or held by someone (with their ear tags).</summary>
    public static async Task<(OrderError Error, IReadOnlyList<string> TakenEarTags)> CheckChosenAsync(
        SponsorshipDbContext db, IReadOnlyList<int> sheepIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(sheepIds);
        if (sheepIds.Distinct().Count() != sheepIds.Count)
        {
            return (OrderError.SheepChosenTwice, []);
        }

        var alive = await db.Sheep.AsNoTracking().Where(s => sheepIds.Contains(s.Id) && s.ArchivedAt == null).CountAsync(cancellationToken);
        if (alive != sheepIds.Count)
        {
            return (OrderError.SheepUnavailable, []);
        }

        var taken = await db.Adoptions.AsNoTracking().Where(Adoption.HoldsSheep).Where(a => sheepIds.Contains(a.SheepId))
            .Select(a => a.SheepId).Distinct().ToListAsync(cancellationToken);
        if (taken.Count == 0)
        {
            return (OrderError.None, []);
        }

        var tags = await SheepTags.CurrentEarTagsAsync(db, taken, cancellationToken);
        return (OrderError.SheepTaken, [.. taken.Select(id => tags.GetValueOrDefault(id, id.ToString(System.Globalization.CultureInfo.InvariantCulture))).Order(StringComparer.Ordinal)]);
    }
}
