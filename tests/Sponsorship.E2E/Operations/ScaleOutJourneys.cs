using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Sponsorship.Core.Adoptions;
using Sponsorship.Core.Demo;
using Sponsorship.Core.Flock;
using Sponsorship.Core.Mail;
using Sponsorship.Testing;

namespace Sponsorship.E2E.Operations;

/// <summary>
/// Two app processes over one PostgreSQL database and one data folder, driven as people and jobs use them. Needs the
/// server: tests/run.sh runs these in its PostgreSQL pass.
/// </summary>
[Trait("Server", "PostgreSql")]
[Collection(BrowserJourneys.Name)]
public sealed class ScaleOutJourneys(BrowserApp browser, TwoInstances instances) : IClassFixture<TwoInstances>
{
    static ScaleOutJourneys() => Assertions.SetDefaultExpectTimeout(20_000);

    [Fact]
    public async Task A_sponsor_adopts_on_instance_A_the_payment_lands_on_B_and_a_photo_sent_to_B_shows_on_A()
    {
        RequirePostgreSql();
        var (earTag, name) = await FreeSheepAsync();
        var context = await browser.Browser.NewContextAsync(new() { Locale = "zh-CN", ViewportSize = new() { Width = 1280, Height = 900 } });
        context.SetDefaultTimeout(30_000);
        var page = await context.NewPageAsync();

        // Checkout on A (the interactive page keeps its circuit on A).
        await SignInAsync(page, instances.A, DemoAccounts.Sponsor.Email);
        await page.GotoAsync($"{instances.A}/sheep/{earTag}/adopt");
        await Journeys.WaitUntilInteractiveAsync(page);
        for (var step = 1; step <= 4; step++)
        {
            await page.ClickAsync("[data-testid=checkout-next]");
            await page.Locator($"[data-testid=checkout-step-{step}]").WaitForAsync();
        }

        // The sandbox's webhook is what this journey sends to the other instance (WeChat Pay comes first in Development).
        await Journeys.ChooseProviderAsync(page, "sandbox");
        await page.ClickAsync("[data-testid=checkout-pay]");
        await page.WaitForURLAsync(url => url.Contains("/pay/sandbox/", StringComparison.Ordinal));
        var sandboxPath = new Uri(page.Url).PathAndQuery;

        // The provider's page and its webhook are served by B: the sign-in cookie made by A is honoured there (keys in
        // the database), and B's webhook handling activates what A reserved.
        await page.GotoAsync(instances.B + sandboxPath);
        await page.ClickAsync("[data-testid=sandbox-pay]");
        await page.WaitForURLAsync(url => url.StartsWith(instances.B, StringComparison.Ordinal) && url.Contains("/my/adoptions/", StringComparison.Ordinal));
        var adoptionPath = new Uri(page.Url).PathAndQuery;
        await Assertions.Expect(page.Locator("[data-testid=adoption-status]")).ToHaveTextAsync("认养中");

        await page.GotoAsync(instances.A + adoptionPath);
        await Assertions.Expect(page.Locator("[data-testid=adoption-welcome]")).ToContainTextAsync(name);
        await Assertions.Expect(page.Locator("[data-testid=adoption-status]")).ToHaveTextAsync("认养中");
        await BrowserApp.ScreenshotAsync(page, "scale-out-adopted-on-a-paid-on-b-zh");
        await using (var db = instances.CreateDbContext())
        {
            var sheepId = await db.IdTags.Where(t => t.Value == earTag).Select(t => t.SheepId).SingleAsync();
            Assert.Equal(1, await db.Adoptions.CountAsync(a => a.SheepId == sheepId && a.Status == AdoptionStatus.Active));
        }

        // A herder's photo sent to B is stored in the shared folder and served by A.
        var herder = await (await browser.Browser.NewContextAsync(new() { Locale = "zh-CN", ViewportSize = new() { Width = 360, Height = 760 } })).NewPageAsync();
        var herderSheep = await HerderSheepAsync();
        await SignInAsync(herder, instances.B, DemoAccounts.Herder.Email);
        await herder.GotoAsync($"{instances.B}/herder/sheep/{herderSheep}");
        await herder.ClickAsync("[data-testid=entry-photo] summary");
        await herder.SetInputFilesAsync("[data-testid=photo-gallery]", new FilePayload { Name = "IMG_scale.jpg", MimeType = "image/jpeg", Buffer = TestPhotos.Jpeg() });
        await herder.ClickAsync("[data-testid=photo-submit]");
        await herder.WaitForURLAsync(url => url.Contains("saved=Photo", StringComparison.Ordinal));

        await herder.GotoAsync($"{instances.A}/herder/sheep/{herderSheep}");
        var photo = herder.Locator("[data-testid=log-item][data-kind=Photo] [data-testid=log-photo]").First;
        await Assertions.Expect(photo).ToBeVisibleAsync();
        var src = await photo.GetAttributeAsync("src");
        var image = await herder.APIRequest.GetAsync(new Uri(new Uri(instances.A + "/"), src).ToString());
        Assert.Equal(200, image.Status);
        Assert.Equal("image/jpeg", image.Headers["content-type"]);
        Assert.True((await image.BodyAsync()).Length > 1_000);
        await photo.ScrollIntoViewIfNeededAsync();
        await BrowserApp.ScreenshotAsync(herder, "scale-out-photo-sent-to-b-shown-on-a-zh");
    }

    [Fact]
    public async Task A_burst_of_200_mails_is_sent_once_in_total_and_each_job_runs_once_per_period()
    {
        RequirePostgreSql();
        const int Burst = 200;
        var now = TimeProvider.System.GetUtcNow();
        await using (var db = instances.CreateDbContext())
        {
            for (var i = 0; i < Burst; i++)
            {
                Outbox.Queue(db, new ConfirmEmailPayload($"https://example.test/confirm/{i}"), $"burst{i}@example.test", $"Sponsor {i}", "zh-CN", now, dedupeKey: $"burst:{i}");
            }

            await db.SaveChangesAsync();
        }

        // Both instances' dispatchers claim batches under leases; poll until none of the burst is pending.
        var watch = Stopwatch.StartNew();
        List<OutboxMail> burst = [];
        while (watch.Elapsed < TimeSpan.FromMinutes(3))
        {
            await using var db = instances.CreateDbContext();
            burst = await db.OutboxMails.AsNoTracking().Where(m => m.DedupeKey!.StartsWith("burst:")).ToListAsync();
            if (burst.All(m => m.Status != OutboxStatus.Pending))
            {
                break;
            }

            await Task.Delay(250);
        }

        Assert.Equal(Burst, burst.Count);
        Assert.All(burst, m => Assert.Equal(OutboxStatus.Sent, m.Status));
        var caught = Directory.GetFiles(Path.Combine(instances.DataDirectory, "mail"), "*.eml", SearchOption.AllDirectories)
            .Select(f => MimeKit.MimeMessage.Load(f).MessageId).ToList();
        Assert.All(burst, m => Assert.Single(caught, id => id == m.MessageId));

        // Both instances have been running the scheduled jobs every second: each (job, period) ran on one of them.
        await using var check = instances.CreateDbContext();
        var runs = await check.JobRuns.AsNoTracking().ToListAsync();
        Assert.Contains(runs, r => r.Job == "reservation-expiry");
        Assert.All(runs.GroupBy(r => (r.Job, r.Period)), g => Assert.Single(g));
    }

    private static void RequirePostgreSql() => Assert.True(
        PostgreSqlServer.ConnectionString is not null,
        $"These journeys need PostgreSQL: run tests/run.sh, or set {PostgreSqlServer.Variable} to a server's connection string.");

    private static async Task SignInAsync(IPage page, string baseUrl, string email)
    {
        await page.GotoAsync($"{baseUrl}/Account/Login");
        await page.FillAsync("#Input\\.Email", email);
        await page.FillAsync("#Input\\.Password", DemoAccounts.Password);
        await page.ClickAsync("[data-testid=login-submit]");
        await page.WaitForURLAsync(url => !url.Contains("/Account/Login", StringComparison.Ordinal));
    }

    private async Task<(string EarTag, string Name)> FreeSheepAsync()
    {
        await using var db = instances.CreateDbContext();
        var held = db.Adoptions.Where(Adoption.HoldsSheep).Select(a => a.SheepId);
        var sheep = await db.Sheep.Where(s => s.ArchivedAt == null && !held.Contains(s.Id)).OrderByDescending(s => s.Id)
            .Select(s => new { s.Name, Tag = s.Tags.AsQueryable().Where(IdTag.IsCurrentEarTag).Select(t => t.Value).First() })
            .FirstAsync();
        return (sheep.Tag, sheep.Name);
    }

    private async Task<int> HerderSheepAsync()
    {
        await using var db = instances.CreateDbContext();
        var household = await db.Users.Where(u => u.Email == DemoAccounts.Herder.Email).Select(u => u.HerderHouseholdId).SingleAsync();
        return await db.Sheep.Where(s => s.HouseholdId == household && s.ArchivedAt == null).OrderBy(s => s.Id).Select(s => s.Id).FirstAsync();
    }
}
