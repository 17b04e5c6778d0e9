using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Sponsorship.Core.Data;
using Sponsorship.Core.Demo;
using Sponsorship.Core.Flock;
using Sponsorship.Core.Payouts;
using Sponsorship.Testing;

namespace Sponsorship.E2E.Programme;

[Collection(BrowserJourneys.Name)]
public sealed class ConsoleJourneys(BrowserApp app)
{
    static ConsoleJourneys() => Assertions.SetDefaultExpectTimeout(15_000);

    [Fact]
    public async Task An_administrator_starts_from_todays_work_follows_a_count_finds_a_sheep_by_its_tag_and_reads_the_audit_trail()
    {
        // A herder's weighing waits for review.
        int sheepId;
        string earTag;
        long logId;
        string sheepName;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var flock = FlockTestData.For(scope.ServiceProvider);
            (sheepId, earTag) = await flock.LivingSheepAsync(await flock.HouseholdIdAsync(3), index: 2);
            logId = (await flock.AddLogAsync(sheepId, LogKind.Weighing, scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow().AddDays(-2), ReviewStatus.Pending, kg: 43.5m)).LogId;
            var register = scope.ServiceProvider.GetRequiredService<SheepRegister>();
            sheepName = (await register.DetailAsync(sheepId))!.Sheep.Name;
        }

        var page = await app.NewPageAsync(width: 1440, height: 900);
        await Journeys.SignInAsync(page, DemoAccounts.Admin.Email);
        await page.GotoAsync("/admin");

        await Assertions.Expect(page.Locator("[data-testid=admin-title]")).ToHaveTextAsync("今日工作");
        var review = page.Locator("[data-testid=work-review]");
        Assert.True(int.Parse(await review.GetAttributeAsync("data-count") ?? "0", System.Globalization.CultureInfo.InvariantCulture) >= 1);
        await Assertions.Expect(review).ToContainTextAsync("最早一条等待自");
        await Assertions.Expect(page.Locator("[data-testid=month-money]")).ToContainTextAsync("收到认养款");
        await Assertions.Expect(page.Locator("[data-testid=console-group-money]")).ToContainTextAsync("收款");
        await Assertions.Expect(page.Locator("[data-testid=console-group-money]")).ToContainTextAsync("打款");
        await BrowserApp.ScreenshotAsync(page, "console-today-1440-zh");

        // The count opens its list, where the weighing is approved.
        await review.ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=review-title]")).ToBeVisibleAsync();
        await Journeys.WaitUntilInteractiveAsync(page);
        await page.Locator($"[data-testid=review-item][data-log='{logId}'] [data-testid=approve]").ClickAsync();
        await Assertions.Expect(page.Locator($"[data-testid=review-item][data-log='{logId}']")).ToHaveCountAsync(0);

        // The search box finds the sheep by the last digits of its tag, and the result opens it in the register.
        await page.FillAsync("[data-testid=console-search-input]", earTag[^6..]);
        await page.ClickAsync("[data-testid=console-search-submit]");
        await Assertions.Expect(page.Locator("[data-testid=search-title]")).ToBeVisibleAsync();
        var found = page.Locator("[data-testid=found-sheep-link]", new PageLocatorOptions { HasText = earTag });
        await Assertions.Expect(found).ToContainTextAsync(sheepName);
        await BrowserApp.ScreenshotAsync(page, "console-search-1440-zh");
        await found.ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=register] tbody tr").First).ToContainTextAsync(earTag);

        // The audit trail says in words who approved what.
        await page.ClickAsync("[data-testid=nav-admin-audit]");
        await Assertions.Expect(page.Locator("[data-testid=audit-title]")).ToHaveTextAsync("操作记录");
        await page.FillAsync("[data-testid=audit-person]", "admin@example.com");
        await page.SelectOptionAsync("[data-testid=audit-entity]", "AnimalLog");
        await page.ClickAsync("[data-testid=audit-filter]");
        var approved = page.Locator("[data-testid=audit-row]", new PageLocatorOptions { HasText = sheepName }).First;
        await Assertions.Expect(approved).ToContainTextAsync($"管理员 Admin 修改了 动态：羊 {sheepName} 的审核结果");
        await Assertions.Expect(page.Locator("[data-testid=audit-rows]")).Not.ToContainTextAsync("IdentityUserRole");
        await BrowserApp.ScreenshotAsync(page, "console-audit-1440-zh");

        // The same console in English.
        await page.ClickAsync("[data-culture=en]");
        await Assertions.Expect(page.Locator("[data-testid=audit-title]")).ToHaveTextAsync("Audit trail");
        await Assertions.Expect(approved).ToContainTextAsync($"管理员 Admin changed the review of an update on {sheepName}");
        await BrowserApp.ScreenshotAsync(page, "console-audit-1440-en");
        await page.GotoAsync("/admin");
        await Assertions.Expect(page.Locator("[data-testid=admin-title]")).ToHaveTextAsync("Today's work");
        await Assertions.Expect(page.Locator("[data-testid=console-group-money]")).ToContainTextAsync("Customer payments");
        await BrowserApp.ScreenshotAsync(page, "console-today-1440-en");
    }

    [Fact]
    public async Task An_administrator_resolves_the_demos_reconciliation_exception_from_todays_work()
    {
        // The demo's last month: the bank debited one line of its batch with a fee, and the line waits in transit.
        string reference;
        int lineId;
        await using (var scope = app.Services.CreateAsyncScope())
        await using (var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<SponsorshipDbContext>>().CreateDbContextAsync())
        {
            var demoBatch = await db.PayoutBatches.OrderBy(b => b.Id).Select(b => b.Id).FirstAsync();
            var line = await db.PayoutLines.SingleAsync(l => l.BatchId == demoBatch && l.Status == PayoutLineStatus.InTransit);
            (reference, lineId) = (line.Reference, line.Id);
        }

        var page = await app.NewPageAsync(width: 1440, height: 900);
        await Journeys.SignInAsync(page, DemoAccounts.Admin.Email);
        await page.GotoAsync("/admin");
        var exceptions = page.Locator("[data-testid=work-exceptions]");
        var waiting = int.Parse(await exceptions.GetAttributeAsync("data-count") ?? "0", System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(waiting >= 1, "Today's work shows the demo's reconciliation exception.");
        await Assertions.Expect(page.Locator("[data-testid=all-done]")).ToHaveCountAsync(0);

        await exceptions.ClickAsync();
        await Journeys.WaitUntilInteractiveAsync(page);
        var exception = page.Locator($"[data-testid=exception][data-reference='{reference}']");
        await Assertions.Expect(exception).ToContainTextAsync("金额不符");
        await Assertions.Expect(exception).ToContainTextAsync("含手续费 2.00");
        await BrowserApp.ScreenshotAsync(page, "console-demo-exception-zh");

        // The bank confirms the herder got the whole amount; the extra ¥2.00 was its fee. Matched by hand, with the note.
        await exception.GetByLabel("说明").FillAsync("银行回单：牧民全额到账，多扣的 ¥2.00 是跨行手续费");
        await exception.Locator("[data-testid=resolve-button]").ClickAsync();
        await Assertions.Expect(exception).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("[data-testid=resolved]")).ToContainTextAsync(reference);
        await BrowserApp.ScreenshotAsync(page, "console-demo-exception-resolved-zh");

        await page.GotoAsync("/admin");
        await Assertions.Expect(page.Locator("[data-testid=work-exceptions]")).ToHaveAttributeAsync("data-count", (waiting - 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
        await BrowserApp.ScreenshotAsync(page, "console-today-after-reconciliation-zh");
        await using (var scope = app.Services.CreateAsyncScope())
        await using (var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<SponsorshipDbContext>>().CreateDbContextAsync())
        {
            Assert.Equal(PayoutLineStatus.Paid, await db.PayoutLines.Where(l => l.Id == lineId).Select(l => l.Status).SingleAsync());
        }
    }

    [Theory]
    [InlineData("zh-CN", "今日工作", "收款")]
    [InlineData("en", "Today's work", "Customer payments")]
    public async Task On_a_phone_the_console_drawer_folds_behind_its_menu_button_and_the_page_does_not_scroll_sideways(
        string culture, string title, string paymentsLabel)
    {
        // Not in phone mode: a phone widens its layout viewport to fit what is too wide, which would hide the overflow.
        var page = await app.NewPageAsync(width: 360, height: 760);
        await Journeys.SignInAsync(page, DemoAccounts.SecondAdmin.Email);
        await page.GotoAsync("/admin");
        if (culture == "en")
        {
            await page.ClickAsync("[data-culture=en]");
        }

        await Assertions.Expect(page.Locator("[data-testid=admin-title]")).ToHaveTextAsync(title);
        var payments = page.Locator("[data-testid=nav-admin-payments]");
        await Assertions.Expect(payments).ToBeHiddenAsync();
        await AssertFitsAsync(page, "today's work");
        await BrowserApp.ScreenshotAsync(page, $"console-today-360-{culture}");

        await page.Locator("[data-testid=console-menu][data-ready=true]").ClickAsync();

        await Assertions.Expect(payments).ToBeVisibleAsync();
        await Assertions.Expect(payments).ToHaveTextAsync(paymentsLabel);
        await BrowserApp.ScreenshotAsync(page, $"console-menu-360-{culture}");
        await payments.ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=payments-title]")).ToBeVisibleAsync();

        // The money pages a phone is most likely to open: the batches and the reconciliation with its exceptions.
        await page.GotoAsync("/admin/payouts");
        await Journeys.WaitUntilInteractiveAsync(page);
        await Assertions.Expect(page.Locator("[data-testid=payout-batches]")).ToBeVisibleAsync();
        await AssertFitsAsync(page, "payouts");
        await BrowserApp.ScreenshotAsync(page, $"console-payouts-360-{culture}");
        await page.GotoAsync("/admin/payouts/reconciliation");
        await Journeys.WaitUntilInteractiveAsync(page);
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync(culture == "en" ? "Reconciliation" : "对账");
        await AssertFitsAsync(page, "reconciliation");
        await BrowserApp.ScreenshotAsync(page, $"console-reconciliation-360-{culture}");
    }

    /// <summary>Nothing sticks out of the screen sideways, leaving out what scrolls inside its own box (the public links' strip, a wide table).</summary>
    private static async Task AssertFitsAsync(IPage page, string what)
    {
        var tooWide = await page.EvaluateAsync<string[]>(
            "(() => { const Scrolls = p => p !== null && p !== document.body && (['auto', 'scroll', 'hidden'].includes(getComputedStyle(p).overflowX) || Scrolls(p.parentElement)); return [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > window.innerWidth + 1 && !Scrolls(e.parentElement)).slice(0, 5).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right)); })()");
        Assert.True(tooWide.Length == 0, $"The console's {what} scrolls sideways at 360 px: " + string.Join("; ", tooWide));
        Assert.True(
            await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= document.documentElement.clientWidth"),
            $"The console's {what} is wider than the screen.");
    }
}
