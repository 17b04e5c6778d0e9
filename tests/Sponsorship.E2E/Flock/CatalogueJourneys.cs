using Microsoft.Playwright;

namespace Sponsorship.E2E.Flock;

[Collection(BrowserJourneys.Name)]
public sealed class CatalogueJourneys(BrowserApp app)
{
    [Fact]
    public async Task A_visitor_filters_the_catalogue_by_breed_and_shares_the_page()
    {
        var page = await app.NewPageAsync();
        await page.GotoAsync("/");
        await page.ClickAsync("[data-testid=cta-catalogue]");

        await page.SelectOptionAsync("select[name=breed]", "Ujimqin");
        await page.ClickAsync("[data-testid=catalogue-filters] button[type=submit]");

        await page.WaitForURLAsync(url => url.Contains("breed=Ujimqin", StringComparison.Ordinal));
        var chips = await page.Locator("[data-testid=sheep-card] .mud-chip").AllTextContentsAsync();
        Assert.NotEmpty(chips);
        Assert.All(chips, chip => Assert.Equal("乌珠穆沁羊", chip.Trim()));
        await BrowserApp.ScreenshotAsync(page, "catalogue-ujimqin-zh");

        await page.ClickAsync("[data-testid=pager-next]");
        await page.WaitForURLAsync(url => url.Contains("page=2", StringComparison.Ordinal) && url.Contains("breed=Ujimqin", StringComparison.Ordinal));
        await Assertions.Expect(page.Locator("[data-testid=pager-position]")).ToContainTextAsync("第 2 页");
    }
}
