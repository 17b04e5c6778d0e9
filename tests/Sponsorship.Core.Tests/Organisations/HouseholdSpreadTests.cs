using CsCheck;
using Sponsorship.Core.Organisations;

namespace Sponsorship.Core.Tests.Organisations;

public class HouseholdSpreadTests
{
    /// <summary>A flock: households in villages, each with some free sheep and some adoptions already.</summary>
    private static readonly Gen<List<SpreadCandidate>> Flocks =
        Gen.Select(Gen.Int[1, 6], Gen.Int[1, 4].Array[1, 40], Gen.Int[0, 5].Array[40], (villages, freeSheep, load) =>
        {
            var sheep = new List<SpreadCandidate>();
            var id = 1;
            for (var h = 0; h < freeSheep.Length; h++)
            {
                for (var s = 0; s < freeSheep[h]; s++)
                {
                    sheep.Add(new SpreadCandidate(id++, h + 1, (h % villages) + 1, load[h]));
                }
            }

            return sheep;
        });

    [Fact]
    public void Every_household_gets_a_sheep_before_any_gets_a_second_and_every_village_before_a_second_in_one()
    {
        Gen.Select(Flocks, Gen.Int[1, 120]).Sample((flock, count) =>
        {
            var picked = HouseholdSpread.Pick(flock, count);
            var households = flock.Select(s => s.HouseholdId).Distinct().Count();
            var villages = flock.Select(s => s.VillageId).Distinct().Count();

            Assert.Equal(Math.Min(count, flock.Count), picked.Count);
            Assert.Equal(picked.Count, picked.Select(p => p.SheepId).Distinct().Count());
            Assert.Equal(Math.Min(picked.Count, households), picked.Select(p => p.HouseholdId).Distinct().Count());
            Assert.Equal(Math.Min(picked.Count, villages), picked.Select(p => p.VillageId).Distinct().Count());

            // Fair to the last sheep: a household with sheep left never has two fewer picked than another.
            var perHousehold = picked.GroupBy(p => p.HouseholdId).ToDictionary(g => g.Key, g => g.Count());
            var most = perHousehold.Values.Max();
            foreach (var household in flock.GroupBy(s => s.HouseholdId))
            {
                var got = perHousehold.GetValueOrDefault(household.Key);
                Assert.True(got >= most - 1 || got == household.Count(), $"household {household.Key} got {got} of {household.Count()}, another got {most}");
            }
        }, iter: 3_000);
    }

    [Fact]
    public void The_least_supported_households_are_reached_first_and_the_same_flock_gives_the_same_picks()
    {
        SpreadCandidate[] flock =
        [
            new(1, HouseholdId: 1, VillageId: 1, HouseholdAdoptions: 9),
            new(2, HouseholdId: 2, VillageId: 1, HouseholdAdoptions: 0),
            new(3, HouseholdId: 3, VillageId: 2, HouseholdAdoptions: 4),
            new(4, HouseholdId: 4, VillageId: 2, HouseholdAdoptions: 1),
        ];

        var picked = HouseholdSpread.Pick(flock, 2);

        Assert.Equal([2, 4], picked.Select(p => p.HouseholdId));
        Assert.Equal(picked, HouseholdSpread.Pick([.. flock.Reverse()], 2));
    }

    [Fact]
    public void Asking_for_more_sheep_than_are_free_gives_every_free_one()
    {
        SpreadCandidate[] flock = [new(1, 1, 1, 0), new(2, 1, 1, 0), new(3, 2, 1, 0)];

        Assert.Equal([1, 2, 3], HouseholdSpread.Pick(flock, 10).Select(p => p.SheepId).Order());
        Assert.Empty(HouseholdSpread.Pick(flock, 0));
    }
}
