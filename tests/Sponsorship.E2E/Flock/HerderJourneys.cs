using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Sponsorship.Core.Data;
using Sponsorship.Core.Demo;
using Sponsorship.Testing;

namespace Sponsorship.E2E.Flock;

/// <summary>A herder on a phone (360 × 760) out on the grassland: find a sheep, weigh it, photograph it.</summary>
[Collection(BrowserJourneys.Name)]
public sealed class HerderJourneys(BrowserApp app)
{
    private const int PhoneWidth = 360;
    private const int PhoneHeight = 760;

    [Fact]
    public async Task A_herder_on_a_phone_finds_a_sheep_by_its_last_digits_records_a_weight_and_a_photo()
    {
        var (sheepId, tag) = await SheepOfHerderAAsync(fromEnd: 1);
        var page = await app.NewPageAsync(PhoneWidth, PhoneHeight);
        await Journeys.SignInAsync(page, DemoAccounts.Herder.Email);

        await page.WaitForURLAsync(url => url.EndsWith("/herder", StringComparison.Ordinal));
        await Assertions.Expect(page.Locator("[data-testid=my-flock-title]")).ToHaveTextAsync("我的羊群");
        await AssertNoSidewaysScrollAsync(page, "my flock");
        await Accessibility.AssertNoSeriousViolationsAsync(page, "herder-my-flock-zh-360");
        await ScreenshotAsync(page, "herder-my-flock-zh");

        // On a phone the herder's two places are in the bar at the bottom; the row above fits without scrolling sideways.
        await Assertions.Expect(page.Locator("[data-testid=nav-my-flock]")).ToBeHiddenAsync();
        await Assertions.Expect(page.Locator("[data-testid=tab-flock]")).ToHaveAttributeAsync("aria-current", "page");
        Assert.True(await page.EvaluateAsync<bool>("() => { const row = document.querySelector('.site-nav-inner'); return row.scrollWidth <= row.clientWidth; }"),
            "The navigation row scrolls sideways on a phone.");
        await page.ClickAsync("[data-testid=tab-earnings]");
        await page.WaitForURLAsync(url => url.EndsWith("/herder/earnings", StringComparison.Ordinal));
        await Assertions.Expect(page.Locator("[data-testid=tab-earnings]")).ToHaveAttributeAsync("aria-current", "page");
        await ScreenshotAsync(page, "herder-earnings-tabbar-zh");
        await Accessibility.AssertNoSeriousViolationsAsync(page, "herder-earnings-zh-360");
        await page.ClickAsync("[data-testid=tab-flock]");
        await page.WaitForURLAsync(url => url.EndsWith("/herder", StringComparison.Ordinal));

        // Find it by the digits printed largest on the tag.
        await page.FillAsync("[data-testid=tag-digits]", tag[^4..]);
        await page.ClickAsync("[data-testid=tag-search-submit]");
        await page.WaitForURLAsync(url => url.EndsWith($"/herder/sheep/{sheepId}", StringComparison.Ordinal));
        await Assertions.Expect(page.Locator("[data-testid=sheep-tag]")).ToHaveTextAsync(tag);
        await AssertNoSidewaysScrollAsync(page, "sheep page");
        await Accessibility.AssertNoSeriousViolationsAsync(page, "herder-sheep-zh-360");

        // The day is written as the programme writes dates, beside the phone's own date control, and follows it.
        var today = app.Services.GetRequiredService<Sponsorship.Core.Programme.ProgrammeCalendar>().Today;
        var dayText = page.Locator("[data-testid=weighing-on-text]");
        await Assertions.Expect(dayText).ToHaveTextAsync(today.ToString("yyyy'年'M'月'd'日'", CultureInfo.InvariantCulture) + "（今天）");
        await page.FillAsync("#weighing-on", today.AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await Assertions.Expect(dayText).ToHaveTextAsync(today.AddDays(-1).ToString("yyyy'年'M'月'd'日'", CultureInfo.InvariantCulture));
        await page.FillAsync("#weighing-on", today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await Assertions.Expect(dayText).ToHaveTextAsync(today.ToString("yyyy'年'M'月'd'日'", CultureInfo.InvariantCulture) + "（今天）");

        // The weight section is open: type and save.
        await page.FillAsync("[data-testid=weighing-kg]", "43.5");
        await page.ClickAsync("[data-testid=weighing-submit]");
        await page.WaitForURLAsync(url => url.Contains("saved=Weighing", StringComparison.Ordinal));
        await Assertions.Expect(page.Locator("[data-testid=status-message]")).ToContainTextAsync("体重已记录");
        await Assertions.Expect(page.Locator("[data-testid=last-weight]")).ToHaveTextAsync("43.5 公斤");
        await Assertions.Expect(page.Locator("[data-testid=log-item][data-kind=Weighing] [data-testid=log-value]")).ToHaveTextAsync("43.5 公斤");

        // A photo from the gallery, sent by the page's script (XMLHttpRequest with progress), not a plain post.
        await page.ClickAsync("[data-testid=entry-photo] summary");
        await page.SetInputFilesAsync("[data-testid=photo-gallery]", new FilePayload
        {
            Name = "IMG_20261129_0931.jpg",
            MimeType = "image/jpeg",
            Buffer = TestPhotos.Jpeg(),
        });
        await Assertions.Expect(page.Locator("[data-photo-chosen]")).ToHaveTextAsync("已选择 1 张照片。");
        await Assertions.Expect(page.Locator(".photo-pick.chosen")).ToHaveCountAsync(1);
        await AssertNoSidewaysScrollAsync(page, "photo form");
        await page.Locator("[data-testid=entry-photo]").ScreenshotAsync(new() { Path = Path.Combine(BrowserApp.ArtifactsDirectory, "herder-photo-chosen-zh.png") });
        // One or two bars of signal: the answer is slow to come. Hold it until the progress has been seen.
        var photosUrl = $"**/herder/sheep/{sheepId}/photos";
        var answer = new TaskCompletionSource();
        string? requestedWith = null;
        await page.RouteAsync(photosUrl, async route =>
        {
            requestedWith = route.Request.Headers.GetValueOrDefault("x-requested-with");
            await answer.Task;
            await route.ContinueAsync();
        });
        await page.ClickAsync("[data-testid=photo-submit]");
        await Assertions.Expect(page.Locator("[data-photo-progress]")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-photo-progress-text]")).ToContainTextAsync(new Regex("正在上传|已上传"));
        await Assertions.Expect(page.Locator("[data-testid=photo-submit]")).ToBeDisabledAsync();
        await page.Locator("[data-testid=entry-photo]").ScreenshotAsync(new() { Path = Path.Combine(BrowserApp.ArtifactsDirectory, "herder-photo-uploading-zh.png") });
        Assert.Equal("XMLHttpRequest", requestedWith);
        answer.SetResult();
        await page.WaitForURLAsync(url => url.Contains("saved=Photo", StringComparison.Ordinal));
        await Assertions.Expect(page.Locator("[data-testid=status-message]")).ToContainTextAsync("已添加 1 张照片");
        await Assertions.Expect(page.Locator("[data-testid=status-message]")).ToBeInViewportAsync();
        await Assertions.Expect(page.Locator("[data-testid=log-item][data-kind=Photo] [data-testid=log-photo]")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("[data-testid=log-item]")).ToHaveCountAsync(2);
        await page.UnrouteAsync(photosUrl);
        await AssertNoSidewaysScrollAsync(page, "sheep page after saving");
        await ScreenshotAsync(page, "herder-sheep-zh");

        // Back on the list, the sheep shows its new weight, updated today.
        await page.ClickAsync("[data-testid=back-to-flock]");
        await page.WaitForURLAsync(url => url.EndsWith("/herder", StringComparison.Ordinal));
        var item = page.Locator($"[data-testid=flock-item][data-sheep-id='{sheepId}']");
        await Assertions.Expect(item.Locator("[data-testid=flock-weight]")).ToHaveTextAsync("43.5 公斤");
        await Assertions.Expect(item.Locator("[data-testid=flock-updated]")).ToHaveTextAsync("更新：今天");
        await Assertions.Expect(item.Locator("[data-testid=needs-update]")).ToHaveCountAsync(0);

        // The same pages in English.
        await page.GotoAsync($"/language?culture=en&returnUrl=%2Fherder%2Fsheep%2F{sheepId}");
        await Assertions.Expect(page.Locator("[data-testid=last-weight]")).ToHaveTextAsync("43.5 kg");
        await Assertions.Expect(page.Locator("[data-testid=weighing-on-text]")).ToHaveTextAsync(
            today.ToString("d MMM yyyy", CultureInfo.InvariantCulture) + " (today)");
        await Assertions.Expect(page.Locator("[data-testid=log-item][data-kind=Photo]")).ToContainTextAsync("Photo");
        await Assertions.Expect(page.Locator("[data-testid=log-item][data-kind=Photo]")).ToHaveTextAsync(new Regex(@"1 photo(?!s)"));
        await AssertNoSidewaysScrollAsync(page, "sheep page in English");
        await Accessibility.AssertNoSeriousViolationsAsync(page, "herder-sheep-en-360");
        await ScreenshotAsync(page, "herder-sheep-en");
        await page.GotoAsync("/herder");
        await AssertNoSidewaysScrollAsync(page, "my flock in English");
        await Accessibility.AssertNoSeriousViolationsAsync(page, "herder-my-flock-en-360");
        await ScreenshotAsync(page, "herder-my-flock-en");
    }

    [Fact]
    public async Task Without_script_the_photo_form_is_a_plain_post_and_a_refused_file_is_named()
    {
        var (sheepId, _) = await SheepOfHerderAAsync(fromEnd: 2);
        var context = await app.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = app.BaseUrl,
            ViewportSize = new ViewportSize { Width = PhoneWidth, Height = PhoneHeight },
            Locale = "zh-CN",
            JavaScriptEnabled = false,
        });
        context.SetDefaultTimeout(20_000);
        var page = await context.NewPageAsync();
        await Journeys.SignInAsync(page, DemoAccounts.Herder.Email);
        await page.GotoAsync($"/herder/sheep/{sheepId}");

        await page.ClickAsync("[data-testid=entry-photo] summary");
        await page.SetInputFilesAsync("[data-testid=photo-gallery]", new FilePayload
        {
            Name = "IMG_2033.exe",
            MimeType = "application/octet-stream",
            Buffer = TestPhotos.Executable(),
        });
        await page.ClickAsync("[data-testid=photo-submit]");

        await page.WaitForURLAsync(url => url.Contains("problem=", StringComparison.Ordinal));
        await Assertions.Expect(page.Locator("[data-testid=photo-problems]")).ToBeInViewportAsync();
        await Assertions.Expect(page.Locator("[data-testid=photo-problems]")).ToHaveTextAsync("IMG_2033.exe 不是 JPEG、PNG 或 WebP 格式的照片。");
        await ScreenshotAsync(page, "herder-photo-refused-zh", scriptRuns: false);

        await page.SetInputFilesAsync("[data-testid=photo-camera]", new FilePayload { Name = "camera.jpg", MimeType = "image/jpeg", Buffer = TestPhotos.Jpeg() });
        await page.ClickAsync("[data-testid=photo-submit]");
        await page.WaitForURLAsync(url => url.Contains("saved=Photo", StringComparison.Ordinal));
        await Assertions.Expect(page.Locator("[data-testid=log-item][data-kind=Photo] [data-testid=log-photo]")).ToHaveCountAsync(1);
        await context.CloseAsync();
    }

    [Fact]
    public async Task When_the_answer_is_lost_on_the_way_back_sending_again_saves_the_photo_once()
    {
        var (sheepId, _) = await SheepOfHerderAAsync(fromEnd: 3);
        var page = await app.NewPageAsync(PhoneWidth, PhoneHeight);
        await Journeys.SignInAsync(page, DemoAccounts.Herder.Email);
        await page.GotoAsync($"/herder/sheep/{sheepId}");
        await page.ClickAsync("[data-testid=entry-photo] summary");
        await page.SetInputFilesAsync("[data-testid=photo-gallery]", new FilePayload { Name = "IMG_1.jpg", MimeType = "image/jpeg", Buffer = TestPhotos.Jpeg() });

        // The upload reaches the server (and is saved), but the signal drops before the answer arrives.
        var photosUrl = $"**/herder/sheep/{sheepId}/photos";
        var delivered = 0;
        await page.RouteAsync(photosUrl, async route =>
        {
            await route.FetchAsync();
            delivered++;
            await route.AbortAsync("internetdisconnected");
        });
        await page.ClickAsync("[data-testid=photo-submit]");
        await Assertions.Expect(page.Locator("[data-photo-error]")).ToContainTextAsync("网络中断了");
        await Assertions.Expect(page.Locator("[data-testid=photo-submit]")).ToBeEnabledAsync();
        Assert.Equal(1, delivered);
        Assert.Equal(1, await LogCountAsync(sheepId));
        await ScreenshotAsync(page, "herder-photo-offline-zh");

        // Back in signal: the same form, the same key, tapped again.
        await page.UnrouteAsync(photosUrl);
        await page.ClickAsync("[data-testid=photo-submit]");
        await page.WaitForURLAsync(url => url.Contains("saved=Photo", StringComparison.Ordinal));
        await Assertions.Expect(page.Locator("[data-testid=log-item][data-kind=Photo] [data-testid=log-photo]")).ToHaveCountAsync(1);
        Assert.Equal(1, await LogCountAsync(sheepId));
    }

    private async Task<int> LogCountAsync(int sheepId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<SponsorshipDbContext>>().CreateDbContextAsync();
        return await db.AnimalLogs.CountAsync(l => l.SheepId == sheepId);
    }

    /// <summary>A sheep of the first demo household counted from the end of its list (other journeys use the first ones).</summary>
    private async Task<(int Id, string Tag)> SheepOfHerderAAsync(int fromEnd)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<SponsorshipDbContext>>().CreateDbContextAsync();
        var household = await db.Users.Where(u => u.Email == DemoAccounts.Herder.Email).Select(u => u.HerderHouseholdId).SingleAsync();
        // Tagged sheep only: other journeys add lambs that wait for their ear tag.
        var sheep = await db.Sheep.Where(s => s.HouseholdId == household && s.ArchivedAt == null && s.Tags.Any())
            .OrderByDescending(s => s.Id)
            .Select(s => new { s.Id, Tag = s.Tags.Select(t => t.Value).First() })
            .Skip(fromEnd - 1)
            .FirstAsync();
        return (sheep.Id, sheep.Tag);
    }

    /// <summary>From the top, so the sticky header is where it belongs in the full-page picture.</summary>
    private static async Task ScreenshotAsync(IPage page, string name, bool scriptRuns = true)
    {
        await page.EvaluateAsync("() => window.scrollTo(0, 0)");
        await BrowserApp.ScreenshotAsync(page, name, scriptRuns);
    }

    private static async Task AssertNoSidewaysScrollAsync(IPage page, string where)
    {
        var widths = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, window.innerWidth]");
        Assert.True(widths[0] <= widths[1], $"{where}: the page is {widths[0]} px wide on a {widths[1]} px screen");
    }
}
