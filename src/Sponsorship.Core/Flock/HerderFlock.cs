using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Data;

namespace Sponsorship.Core.Flock;

public sealed record FlockSheep(int Id, string EarTag, string Name, Breed Breed, Sex Sex, DateOnly BirthDate);

public sealed record HouseholdFlock(int HouseholdId, string HeadName, string HeadNameLatin, string VillageName, string VillageNameLatin, IReadOnlyList<FlockSheep> Sheep);

/// <summary>A herder's own household and its living sheep.</summary>
public sealed class HerderFlock(IDbContextFactory<SponsorshipDbContext> dbFactory)
{
    /// <summary>The flock of the household a herder account belongs to; null when the account has none.</summary>
    public async Task<HouseholdFlock?> GetForUserAsync(string userId, CancellationToken cancellationToken = default)
    {
        int? householdId;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            householdId = await db.Users.Where(u => u.Id == userId).Select(u => u.HerderHouseholdId).SingleOrDefaultAsync(cancellationToken);
        }

        return householdId is { } id ? await GetAsync(id, cancellationToken) : null;
    }

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

        var sheep = await db.Sheep.AsNoTracking()
            .Where(s => s.HouseholdId == householdId && s.ArchivedAt == null)
            .OrderBy(s => s.Id)
            .Select(s => new FlockSheep(
                s.Id,
                s.Tags.Where(t => t.Type == IdTagType.NationalEarTag && t.ValidTo == null).Select(t => t.Value).FirstOrDefault() ?? "",
                s.Name, s.Breed, s.Sex, s.BirthDate))
            .ToListAsync(cancellationToken);
        return new HouseholdFlock(household.Id, household.HeadName, household.HeadNameLatin, household.Name, household.NameLatin, sheep);
    }
}
