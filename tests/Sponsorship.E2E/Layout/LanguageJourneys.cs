using Microsoft.Playwright;
using Sponsorship.Core.Demo;

namespace Sponsorship.E2E.Layout;

[Collection(BrowserJourneys.Name)]
public sealed class LanguageJourneys(BrowserApp app)
{
    [Fact]
    public async Task A_visitor_switches_to_English_and_the_choice_is_remembered()
    {
        var page = await app.NewPageAsync();
        await page.GotoAsync("/");
        await Assertions.Expect(page.Locator(".brand-name")).ToHaveTextAsync("我在草原有只羊");
        await BrowserApp.ScreenshotAsync(page, "home-zh");

        await page.ClickAsync("[data-culture=en]");

        await Assertions.Expect(page.Locator(".brand-name")).ToHaveTextAsync("A Sheep on the Grassland");
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await BrowserApp.ScreenshotAsync(page, "home-en");

        await page.ClickAsync("[data-testid=cta-catalogue]");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Meet the sheep");

        await page.ClickAsync("[data-culture=zh-CN]");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("认识羊儿");
        Assert.Contains("/sheep", page.Url, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_first_visit_from_an_English_browser_is_in_English_until_the_visitor_chooses_Chinese()
    {
        var page = await app.NewPageAsync(locale: "en-US");
        await page.GotoAsync("/sheep");
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Meet the sheep");
        await Assertions.Expect(page.GetByText(new System.Text.RegularExpressions.Regex(@"(^|\D)1 years"))).ToHaveCountAsync(0);
        await BrowserApp.ScreenshotAsync(page, "catalogue-first-visit-en-browser");

        await page.ClickAsync("[data-culture=zh-CN]");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("认识羊儿");

        // The choice outlasts the browser's wish on the next page.
        await page.GotoAsync("/");
        await Assertions.Expect(page.Locator(".brand-name")).ToHaveTextAsync("我在草原有只羊");
    }

    [Theory]
    [InlineData("zh-CN", "草原认养")]
    [InlineData("en", "Adopt a sheep")]
    public async Task The_home_page_fits_a_phone_with_the_short_name_shown_whole(string culture, string shortName)
    {
        var page = await app.NewPageAsync(width: 360, height: 760);

        await page.GotoAsync($"/language?culture={culture}&returnUrl=%2F");

        var overflow = await page.EvaluateAsync<bool>("document.documentElement.scrollWidth > window.innerWidth");
        Assert.False(overflow, $"The home page scrolls sideways at 360 px ({culture}).");
        await Assertions.Expect(page.Locator(".brand-name")).ToBeHiddenAsync();
        var brand = page.Locator(".brand-short");
        await Assertions.Expect(brand).ToBeVisibleAsync();
        await Assertions.Expect(brand).ToHaveTextAsync(shortName);
        Assert.True(await brand.EvaluateAsync<bool>("e => e.scrollWidth <= e.clientWidth"), $"The short name is cut at 360 px ({culture}).");
        await BrowserApp.ScreenshotAsync(page, $"home-360px-{(culture == "en" ? "en" : "zh")}");

        // Signed in, the account and "sign out" share the bar: the short name still fits.
        await Journeys.SignInAsync(page, DemoAccounts.Sponsor.Email);
        await Assertions.Expect(brand).ToHaveTextAsync(shortName);
        Assert.True(await brand.EvaluateAsync<bool>("e => e.scrollWidth <= e.clientWidth"), $"The short name is cut at 360 px when signed in ({culture}).");
        await BrowserApp.ScreenshotAsync(page, $"signed-in-360px-{(culture == "en" ? "en" : "zh")}");
    }
}
