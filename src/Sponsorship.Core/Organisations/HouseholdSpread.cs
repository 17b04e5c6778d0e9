namespace Sponsorship.Core.Organisations;

/// <summary>A free sheep as the spread sees it: where it lives, and how many adoptions its household has already.</summary>
public sealed record SpreadCandidate(int SheepId, int HouseholdId, int VillageId, int HouseholdAdoptions);

/// <summary>
/// Picks the sheep of a large order so that as many herder families as possible benefit: each pick goes to the
/// household with the fewest sheep picked so far, so every household gets one before any gets two (and no household
/// ever gets two more than another that still has free sheep); among those, to the village with the fewest picks (so the
/// first picks reach every village), then to the household with the fewest adoptions already (the least supported
/// first), then by id, so the same flock always gives the same order.
/// </summary>
public static class HouseholdSpread
{
    public static IReadOnlyList<SpreadCandidate> Pick(IEnumerable<SpreadCandidate> candidates, int count)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        var households = candidates
            .GroupBy(c => c.HouseholdId)
            .Select(g => new Household(g.Key, g.First().VillageId, g.First().HouseholdAdoptions, new Queue<SpreadCandidate>(g.OrderBy(c => c.SheepId))))
            .ToList();
        var villagePicks = new Dictionary<int, int>();
        var picked = new List<SpreadCandidate>(Math.Max(0, count));
        while (picked.Count < count)
        {
            Household? best = null;
            foreach (var household in households)
            {
                if (household.Free.Count > 0 && (best is null || Before(household, best, villagePicks)))
                {
                    best = household;
                }
            }

            if (best is null)
            {
                break;
            }

            picked.Add(best.Free.Dequeue());
            best.Picked++;
            villagePicks[best.VillageId] = villagePicks.GetValueOrDefault(best.VillageId) + 1;
        }

        return picked;
    }

    private static bool Before(Household a, Household b, Dictionary<int, int> villagePicks)
    {
        if (a.Picked != b.Picked)
        {
            return a.Picked < b.Picked;
        }

        var (villageA, villageB) = (villagePicks.GetValueOrDefault(a.VillageId), villagePicks.GetValueOrDefault(b.VillageId));
        if (villageA != villageB)
        {
            return villageA < villageB;
        }

        return a.Adoptions != b.Adoptions ? a.Adoptions < b.Adoptions : a.Id < b.Id;
    }

    private sealed class Household(int id, int villageId, int adoptions, Queue<SpreadCandidate> free)
    {
        public int Id { get; } = id;
        public int VillageId { get; } = villageId;
        public int Adoptions { get; } = adoptions;
        public Queue<SpreadCandidate> Free { get; } = free;
        public int Picked { get; set; }
    }
}
