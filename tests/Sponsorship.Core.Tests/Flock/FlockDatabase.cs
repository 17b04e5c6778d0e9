using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Flock;

namespace Sponsorship.Core.Tests.Flock;

/// <summary>The demo programme with a few sheep archived (sold, died), as a live flock has.</summary>
public class FlockDatabase : SeededDatabase
{
    public IReadOnlyList<int> ArchivedSheepIds { get; private set; } = [];

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await using var db = await CreateDbContextAsync();
        var firstHousehold = await db.Households.OrderBy(h => h.Id).Select(h => h.Id).FirstAsync();
        var archived = await db.Sheep
            .Where(s => s.Id % 37 == 0 || s.HouseholdId == firstHousehold)
            .OrderBy(s => s.Id)
            .ToListAsync();

        // Keep most of the first household's flock: archive only its first sheep.
        archived = [.. archived.Where(s => s.HouseholdId != firstHousehold || s == archived.First(a => a.HouseholdId == firstHousehold))];
        foreach (var sheep in archived)
        {
            sheep.ArchivedAt = Clock.GetUtcNow();
            sheep.RemovalReason = RemovalReason.Sold;
        }

        await db.SaveChangesAsync();
        ArchivedSheepIds = [.. archived.Select(s => s.Id)];
    }
}
