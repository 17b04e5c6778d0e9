using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Demo;
using Sponsorship.Core.Flock;
using Sponsorship.Core.Identity;

namespace Sponsorship.Core.Tests.Demo;

public class DemoSeederTests(SeededDatabase database) : IClassFixture<SeededDatabase>
{
    [Fact]
    public async Task The_first_run_creates_the_Taibus_programme()
    {
        await using var db = await database.CreateDbContextAsync();

        Assert.InRange(await db.Sheep.CountAsync(), 1_000, 1_500);
        Assert.Equal(DemoSeeder.HouseholdCount, await db.Households.CountAsync());
        Assert.Equal(10, await db.Villages.CountAsync());
        Assert.Contains("边墙村", await db.Villages.Select(v => v.Name).ToListAsync());
        Assert.True(await db.Households.AllAsync(h => db.Sheep.Any(s => s.HouseholdId == h.Id)), "Every household raises sheep.");
        Assert.Equal(3, await db.Sheep.Select(s => s.Breed).Distinct().CountAsync());
        Assert.Equal(0, await db.Sheep.CountAsync(s => s.ArchivedAt != null));
        Assert.Equal(0, await db.AuditEntries.CountAsync());

        var today = DateOnly.FromDateTime(database.Clock.GetUtcNow().UtcDateTime);
        var births = await db.Sheep.Select(s => s.BirthDate).ToListAsync();
        Assert.All(births, b => Assert.InRange(b, today.AddYears(-3), today.AddDays(-60)));
    }

    [Fact]
    public async Task Every_sheep_wears_one_valid_unique_ear_tag()
    {
        await using var db = await database.CreateDbContextAsync();
        var tags = await db.IdTags.Select(t => new { t.SheepId, t.Type, t.Value, t.ValidTo }).ToListAsync();

        Assert.Equal(await db.Sheep.CountAsync(), tags.Count);
        Assert.Equal(tags.Count, tags.Select(t => t.SheepId).Distinct().Count());
        Assert.Equal(tags.Count, tags.Select(t => t.Value).Distinct().Count());
        Assert.All(tags, t =>
        {
            Assert.Equal(IdTagType.NationalEarTag, t.Type);
            Assert.Null(t.ValidTo);
            Assert.True(EarTag.TryParse(t.Value, out var tag, out var error), $"{t.Value}: {error}");
            Assert.Equal(EarTag.TaibusCountyCode, tag.Value.CountyCode);
        });
    }

    [Fact]
    public async Task The_six_demo_accounts_exist_with_their_roles()
    {
        await using var db = await database.CreateDbContextAsync();
        var accounts = await (
            from user in db.Users
            join userRole in db.UserRoles on user.Id equals userRole.UserId
            join role in db.Roles on userRole.RoleId equals role.Id
            select new { user.Email, Role = role.Name, user.EmailConfirmed }).ToListAsync();

        Assert.Equal(6, await db.Users.CountAsync());
        Assert.Equal(DemoAccounts.All.Count, accounts.Count);
        foreach (var demo in DemoAccounts.All)
        {
            var account = Assert.Single(accounts, a => a.Email == demo.Email);
            Assert.Equal(demo.Role, account.Role);
            Assert.True(account.EmailConfirmed);
        }

        Assert.Equal(Roles.All.Order(), (await db.Roles.Select(r => r.Name!).ToListAsync()).Order());
    }

    [Fact]
    public async Task The_demo_herders_belong_to_households_1_and_2()
    {
        await using var db = await database.CreateDbContextAsync();
        var households = await db.Households.OrderBy(h => h.Id).Select(h => h.Id).Take(2).ToListAsync();
        var herder = await db.Users.SingleAsync(u => u.Email == DemoAccounts.Herder.Email);
        var secondHerder = await db.Users.SingleAsync(u => u.Email == DemoAccounts.SecondHerder.Email);

        Assert.Equal(households[0], herder.HerderHouseholdId);
        Assert.Equal(households[1], secondHerder.HerderHouseholdId);
        Assert.Equal(0, await db.Users.CountAsync(u => u.HerderHouseholdId != null && u.Email != herder.Email && u.Email != secondHerder.Email));
    }

    [Fact]
    public async Task A_second_run_adds_nothing()
    {
        var before = await CountAllAsync();

        await database.SeedDemoAsync();

        Assert.Equal(before, await CountAllAsync());
    }

    private async Task<(int Villages, int Households, int Sheep, int Tags, int Users, int UserRoles, int Roles)> CountAllAsync()
    {
        await using var db = await database.CreateDbContextAsync();
        return (await db.Villages.CountAsync(), await db.Households.CountAsync(), await db.Sheep.CountAsync(),
            await db.IdTags.CountAsync(), await db.Users.CountAsync(), await db.UserRoles.CountAsync(), await db.Roles.CountAsync());
    }
}
