using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Sponsorship.Core.Flock;
using Sponsorship.Testing;

namespace Sponsorship.E2E.Flock;

[Collection(BrowserJourneys.Name)]
public sealed class ProfileJourneys(BrowserApp app)
{
    [Fact]
    public async Task A_visitor_filters_the_catalogue_and_opens_a_profile_with_a_chart()
    {
        var sheep = await SeedHistoryAsync();
        var page = await app.NewPageAsync();
        await page.GotoAsync("/sheep");

        await page.SelectOptionAsync("select[name=breed]", sheep.Breed.ToString());
        await page.SelectOptionAsync("select[name=village]", sheep.VillageId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.SelectOptionAsync("select[name=age]", sheep.Age.ToString());
        await page.ClickAsync("[data-testid=catalogue-filters] button[type=submit]");
        await page.WaitForURLAsync(url => url.Contains($"age={sheep.Age}", StringComparison.Ordinal) && url.Contains($"village={sheep.VillageId}", StringComparison.Ordinal));

        var card = page.Locator($"[data-testid=sheep-card-link][href='sheep/{sheep.EarTag}']");
        await Assertions.Expect(card).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator($"img[src^='media/photos/']").First).ToBeVisibleAsync();
        Assert.True(await ImageLoadedAsync(page, "[data-testid=sheep-card] img[src^='media/photos/']"), "The cover thumbnail did not load.");
        await BrowserApp.ScreenshotAsync(page, "catalogue-filtered-zh");

        await card.ClickAsync();
        await page.WaitForURLAsync(url => url.EndsWith($"/sheep/{sheep.EarTag}", StringComparison.Ordinal));

        await Assertions.Expect(page.Locator("[data-testid=profile-name]")).ToHaveTextAsync(sheep.Name);
        await Assertions.Expect(page.Locator("[data-testid=growth-chart] polyline.chart-line")).ToBeVisibleAsync();
        Assert.Equal(5, await page.Locator("[data-testid=growth-chart] circle").CountAsync());
        await Assertions.Expect(page.Locator("[data-testid=current-weight]")).ToContainTextAsync("36.8 公斤");
        Assert.Equal(7, await page.Locator("[data-testid=timeline-entry]").CountAsync());
        await Assertions.Expect(page.Locator("[data-testid=profile-timeline]")).Not.ToContainTextAsync("还在审核");
        await Assertions.Expect(page.Locator("[data-testid=timeline-entry][data-kind=Movement] .timeline-summary")).ToHaveTextAsync("转场到夏季草场");
        Assert.True(await ImageLoadedAsync(page, "[data-testid=profile-photo]"), "The large photo did not load.");
        await BrowserApp.ScreenshotAsync(page, "profile-zh");

        // The second thumbnail shows the older photo large, with no script.
        await page.Locator("[data-testid=profile-thumb]").Nth(1).ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("?photo=", StringComparison.Ordinal));
        await Assertions.Expect(page.Locator("[data-testid=profile-thumb][aria-current=true]")).ToHaveCountAsync(1);

        await page.ClickAsync("[data-culture=en]");
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await Assertions.Expect(page.Locator("[data-testid=current-weight]")).ToContainTextAsync("36.8 kg");
        await Assertions.Expect(page.Locator("[data-testid=profile-timeline] h2")).ToHaveTextAsync("Timeline");
        await Assertions.Expect(page.Locator("[data-testid=timeline-entry][data-kind=Movement] .timeline-summary")).ToHaveTextAsync("Moved to Summer pasture");
        Assert.NotEqual("", sheep.NameLatin);
        await Assertions.Expect(page.Locator("[data-testid=profile-name]")).ToHaveTextAsync($"{sheep.Name} · {sheep.NameLatin}");
        await BrowserApp.ScreenshotAsync(page, "profile-en");

        foreach (var culture in new[] { "zh-CN", "en" })
        {
            var phone = await app.NewPageAsync(width: 360, height: 780);
            await phone.GotoAsync($"/language?culture={culture}&returnUrl=%2Fsheep%2F{sheep.EarTag}");
            await Assertions.Expect(phone.Locator("[data-testid=growth-chart] polyline.chart-line")).ToBeVisibleAsync();
            var overflow = await phone.EvaluateAsync<bool>("document.documentElement.scrollWidth > window.innerWidth");
            Assert.False(overflow, $"The profile scrolls sideways at 360 px ({culture}).");
            await BrowserApp.ScreenshotAsync(phone, $"profile-360px-{(culture == "en" ? "en" : "zh")}");
            await phone.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task A_sheep_with_no_history_shows_the_placeholder_and_the_empty_chart()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var data = FlockTestData.For(scope.ServiceProvider);
        var (_, tag) = await data.LivingSheepAsync(await data.HouseholdIdAsync(40));
        var page = await app.NewPageAsync(width: 360, height: 780);

        await page.GotoAsync($"/sheep/{tag}");

        await Assertions.Expect(page.Locator("[data-testid=profile-placeholder]")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=profile-placeholder] [data-testid=photo-placeholder-caption]")).ToHaveTextAsync("还没有照片，牧民很快会拍照上传。");
        await Assertions.Expect(page.Locator("[data-testid=growth-chart-empty]")).ToBeVisibleAsync();
        await BrowserApp.ScreenshotAsync(page, "profile-empty-360px-zh");

        await page.GotoAsync($"/language?culture=en&returnUrl=/sheep/{tag}");
        await Assertions.Expect(page.Locator("[data-testid=profile-placeholder] [data-testid=photo-placeholder-caption]")).ToHaveTextAsync("No photos yet — the herder will add some soon.");
        await BrowserApp.ScreenshotAsync(page, "profile-empty-360px-en");
    }

    private static Task<bool> ImageLoadedAsync(IPage page, string selector) =>
        page.Locator(selector).First.EvaluateAsync<bool>("img => img.complete && img.naturalWidth > 0");

    /// <summary>One demo sheep with a season of approved updates (and one still in review), as the herder and admin would leave it.</summary>
    private async Task<SeededSheep> SeedHistoryAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var data = FlockTestData.For(scope.ServiceProvider);
        var householdId = await data.HouseholdIdAsync(3);
        var (sheepId, tag) = await data.LivingSheepAsync(householdId);
        var now = TimeProvider.System.GetUtcNow();
        await data.AddLogAsync(sheepId, LogKind.Weighing, now.AddDays(-120), kg: 27.4m, notes: "First weighing after the spring count.");
        await data.AddLogAsync(sheepId, LogKind.Weighing, now.AddDays(-90), kg: 30.1m);
        int summerPasture;
        await using (var pastures = await data.DbFactory.CreateDbContextAsync())
        {
            summerPasture = await pastures.NamedPastures.Where(p => p.Name == "夏季草场").Select(p => p.Id).SingleAsync();
        }

        await data.AddLogAsync(sheepId, LogKind.Movement, now.AddDays(-75), namedPastureId: summerPasture, notes: "Moved with the flock to fresh grass.");
        await data.AddLogAsync(sheepId, LogKind.Weighing, now.AddDays(-60), kg: 32.6m, withPhoto: true);
        await data.AddLogAsync(sheepId, LogKind.Medical, now.AddDays(-40), notes: "Vaccinated against sheep pox; healthy and eating well.");
        await data.AddLogAsync(sheepId, LogKind.Weighing, now.AddDays(-30), kg: 35.0m);
        await data.AddLogAsync(sheepId, LogKind.Weighing, now.AddDays(-6), kg: 36.8m, withPhoto: true, notes: "Thick winter fleece coming in.");
        await data.AddLogAsync(sheepId, LogKind.Note, now.AddDays(-1), ReviewStatus.Pending, notes: "还在审核的记录");

        await using var db = await data.DbFactory.CreateDbContextAsync();
        var sheep = await db.Sheep.Where(s => s.Id == sheepId).Select(s => new { s.Name, s.NameLatin, s.Breed, s.BirthDate, s.Household.VillageId }).SingleAsync();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        return new SeededSheep(tag, sheep.Name, sheep.NameLatin, sheep.Breed, sheep.VillageId, AgeBands.Of(SheepAge.Months(sheep.BirthDate, today)));
    }

    private sealed record SeededSheep(string EarTag, string Name, string NameLatin, Breed Breed, int VillageId, AgeBand Age);
}
