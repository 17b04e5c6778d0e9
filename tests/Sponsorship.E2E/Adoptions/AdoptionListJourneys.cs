using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Sponsorship.Core.Adoptions;
using Sponsorship.Core.Data;
using Sponsorship.Core.Demo;

namespace Sponsorship.E2E.Adoptions;

/// <summary>The office's list of adoptions, reached from the drawer: paged, filtered and searched on the server.</summary>
[Collection(BrowserJourneys.Name)]
public sealed class AdoptionListJourneys(BrowserApp app)
{
    static AdoptionListJourneys() => Assertions.SetDefaultExpectTimeout(15_000);

    [Fact]
    public async Task An_administrator_pages_through_the_adoptions_and_finds_the_demo_sponsors_active_ones()
    {
        int total;
        int sponsorsActive;
        await using (var scope = app.Services.CreateAsyncScope())
        await using (var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<SponsorshipDbContext>>().CreateDbContextAsync())
        {
            total = await db.Adoptions.CountAsync();
            sponsorsActive = await db.Adoptions.CountAsync(a => a.Status == AdoptionStatus.Active && a.Sponsor.Email == DemoAccounts.Sponsor.Email);
        }

        Assert.True(total > 25, $"The demo has {total} adoptions: too few for a second page.");
        var page = await app.NewPageAsync(width: 1440, height: 900);
        await Journeys.SignInAsync(page, DemoAccounts.Admin.Email);
        await page.GotoAsync("/admin");
        await page.ClickAsync("[data-testid=nav-admin-adoptions]");
        await Assertions.Expect(page.Locator("[data-testid=adoptions-title]")).ToHaveTextAsync("认养记录");
        await Journeys.WaitUntilInteractiveAsync(page);
        var table = page.Locator("[data-testid=adoptions]");
        var rows = table.Locator("tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(25);
        await Assertions.Expect(table).ToContainTextAsync($"共 {total} 条");

        await table.Locator(".mud-table-pagination-actions button").Nth(2).ClickAsync();
        await Assertions.Expect(table).ToContainTextAsync($"第 26–{Math.Min(50, total)} 条");

        await Journeys.ChooseAsync(page, "adoptions-status", "认养中");
        await page.FillAsync("input[data-testid=adoptions-search]", DemoAccounts.Sponsor.Email);
        await Assertions.Expect(table).ToContainTextAsync($"共 {sponsorsActive} 条");
        await Assertions.Expect(rows.Locator("[data-testid=adoption-row-status]:not([data-status=Active])")).ToHaveCountAsync(0);
        await Assertions.Expect(rows).ToHaveCountAsync(Math.Min(25, sponsorsActive));
        await BrowserApp.ScreenshotAsync(page, "admin-adoptions-filtered-zh");

        await page.ClickAsync("[data-culture=en]");
        await Assertions.Expect(page.Locator("[data-testid=adoptions-title]")).ToHaveTextAsync("Adoptions");
        await Journeys.WaitUntilInteractiveAsync(page);
        await Assertions.Expect(rows).ToHaveCountAsync(25);
        await BrowserApp.ScreenshotAsync(page, "admin-adoptions-en");
    }
}
