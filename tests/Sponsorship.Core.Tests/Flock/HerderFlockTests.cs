using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Demo;
using Sponsorship.Core.Flock;

namespace Sponsorship.Core.Tests.Flock;

public class HerderFlockTests(FlockDatabase database) : IClassFixture<FlockDatabase>
{
    private readonly HerderFlock flock = new(database.DbFactory, database.Calendar);

    [Fact]
    public async Task A_herder_sees_exactly_the_living_sheep_of_their_own_household()
    {
        await using var db = await database.CreateDbContextAsync();
        var herder = await db.Users.SingleAsync(u => u.Email == DemoAccounts.Herder.Email);
        Assert.NotNull(herder.HerderHouseholdId);
        var householdId = herder.HerderHouseholdId.Value;

        var result = await flock.GetForUserAsync(herder.Id);

        Assert.NotNull(result);

        var expected = await db.Sheep.Where(s => s.HouseholdId == householdId && s.ArchivedAt == null).OrderBy(s => s.Id).Select(s => s.Id).ToListAsync();
        Assert.Equal(householdId, result.HouseholdId);
        Assert.NotEmpty(expected);
        Assert.Equal(expected, result.Sheep.Select(s => s.Id));
        Assert.All(result.Sheep, s => Assert.True(EarTag.TryParse(s.EarTag, out _, out _), s.EarTag));

        var household = await db.Households.Include(h => h.Village).SingleAsync(h => h.Id == householdId);
        Assert.Equal(household.HeadName, result.HeadName);
        Assert.Equal(household.Village.Name, result.VillageName);
    }

    [Fact]
    public async Task An_archived_sheep_leaves_the_herders_list()
    {
        await using var db = await database.CreateDbContextAsync();
        var herder = await db.Users.SingleAsync(u => u.Email == DemoAccounts.Herder.Email);
        var archivedOfHousehold = await db.Sheep
            .Where(s => s.HouseholdId == herder.HerderHouseholdId && s.ArchivedAt != null)
            .Select(s => s.Id).ToListAsync();

        var result = await flock.GetForUserAsync(herder.Id);

        Assert.NotNull(result);
        Assert.NotEmpty(archivedOfHousehold);
        Assert.Empty(result.Sheep.Select(s => s.Id).Intersect(archivedOfHousehold));
    }

    [Fact]
    public async Task Two_herders_never_see_each_others_sheep()
    {
        await using var db = await database.CreateDbContextAsync();
        var first = await db.Users.SingleAsync(u => u.Email == DemoAccounts.Herder.Email);
        var second = await db.Users.SingleAsync(u => u.Email == DemoAccounts.SecondHerder.Email);

        var a = await flock.GetForUserAsync(first.Id);
        var b = await flock.GetForUserAsync(second.Id);

        Assert.NotNull(a);
        Assert.NotNull(b);
        Assert.NotEqual(a.HouseholdId, b.HouseholdId);
        Assert.NotEmpty(b.Sheep);
        Assert.Empty(a.Sheep.Select(s => s.Id).Intersect(b.Sheep.Select(s => s.Id)));
        var bHouseholds = await db.Sheep.Where(s => b.Sheep.Select(x => x.Id).Contains(s.Id)).Select(s => s.HouseholdId).Distinct().ToListAsync();
        Assert.Equal([b.HouseholdId], bHouseholds);
    }

    [Theory]
    [InlineData("sponsor@example.com")]
    [InlineData("admin@example.com")]
    public async Task Accounts_without_a_household_have_no_flock(string email)
    {
        await using var db = await database.CreateDbContextAsync();
        var user = await db.Users.SingleAsync(u => u.Email == email);

        Assert.Null(await flock.GetForUserAsync(user.Id));
    }

    [Fact]
    public async Task Unknown_users_and_households_have_no_flock()
    {
        Assert.Null(await flock.GetForUserAsync("no-such-user"));
        Assert.Null(await flock.GetAsync(int.MaxValue));
    }
}
