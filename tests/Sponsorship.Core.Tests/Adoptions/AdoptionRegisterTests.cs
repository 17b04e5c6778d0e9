using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Adoptions;
using Sponsorship.Core.Demo;
using Sponsorship.Core.Flock;
using Sponsorship.Testing;

namespace Sponsorship.Core.Tests.Adoptions;

/// <summary>The office's list of adoptions: paged, ordered and filtered in the database, for administrators only.</summary>
public sealed class AdoptionRegisterTests(SeededDatabase database) : IClassFixture<SeededDatabase>
{
    [Fact]
    public async Task Page_two_follows_page_one_in_the_order_asked_for_and_state_sheep_tag_and_sponsor_narrow_the_list()
    {
        var money = new MoneyTestData(database.DbFactory);
        var admin = await money.UserIdAsync(DemoAccounts.Admin.Email);
        await using var db = await database.CreateDbContextAsync();
        var all = await db.Adoptions.AsNoTracking()
            .Select(a => new
            {
                a.Id, a.Status, a.PriceFen, a.EndAt, SheepName = a.Sheep.Name, a.Sponsor.Email,
                Tag = a.Sheep.Tags.AsQueryable().Where(IdTag.IsCurrentEarTag).Select(t => t.Value).First(),
            })
            .ToListAsync();
        Assert.True(all.Count > 10, $"{all.Count} adoptions");
        var register = new AdoptionRegister(database.DbFactory);

        var second = await register.PageAsync(admin, new AdoptionQuery(Page: 2, Size: 5));
        Assert.Equal(all.Count, second!.Total);
        Assert.Equal(all.OrderByDescending(a => a.Id).Skip(5).Take(5).Select(a => a.Id), second.Rows.Select(r => r.Id));

        var cheapest = await register.PageAsync(admin, new AdoptionQuery(Size: 3, Sort: AdoptionSort.Price, Descending: false));
        Assert.Equal(all.OrderBy(a => a.PriceFen).ThenBy(a => a.Id).Take(3).Select(a => a.Id), cheapest!.Rows.Select(r => r.Id));

        var endingFirst = await register.PageAsync(admin, new AdoptionQuery(Size: 4, Sort: AdoptionSort.Ends, Descending: false));
        Assert.Equal(all.Where(a => a.EndAt != null).OrderBy(a => a.EndAt).ThenBy(a => a.Id).Take(4).Select(a => a.Id), endingFirst!.Rows.Select(r => r.Id));

        var active = await register.PageAsync(admin, new AdoptionQuery(Status: AdoptionStatus.Active, Size: 200));
        Assert.Equal(all.Count(a => a.Status == AdoptionStatus.Active), active!.Total);
        Assert.All(active.Rows, r => Assert.Equal(AdoptionStatus.Active, r.Status));

        var one = all[all.Count / 2];
        var byTag = await register.PageAsync(admin, new AdoptionQuery(Search: one.Tag[^7..]));
        Assert.Contains(byTag!.Rows, r => r.Id == one.Id && r.EarTag == one.Tag && r.SheepName == one.SheepName);
        Assert.Equal(all.Count(a => a.Tag.Contains(one.Tag[^7..], StringComparison.Ordinal) || a.SheepName.Contains(one.Tag[^7..], StringComparison.Ordinal)), byTag.Total);

        var bySponsor = await register.PageAsync(admin, new AdoptionQuery(Search: DemoAccounts.Sponsor.Email.ToUpperInvariant(), Size: 200));
        Assert.Equal(all.Count(a => a.Email == DemoAccounts.Sponsor.Email), bySponsor!.Total);
        Assert.NotEqual(0, bySponsor.Total);

        Assert.Null(await register.PageAsync(await money.UserIdAsync(DemoAccounts.Sponsor.Email), new AdoptionQuery()));
    }
}
