using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Sponsorship.Core.Adoptions;
using Sponsorship.Core.Data;
using Sponsorship.Core.Demo;
using Sponsorship.Core.Flock;

namespace Sponsorship.E2E.Adoptions;

[Collection(BrowserJourneys.Name)]
public sealed class AdoptionJourneys(BrowserApp app)
{
    static AdoptionJourneys() => Assertions.SetDefaultExpectTimeout(15_000);

    [Fact]
    public async Task A_sponsor_adopts_a_sheep_through_the_sandbox_and_sees_it_in_My_sheep()
    {
        var (earTag, name, _) = await FreeSheepAsync(offset: 0);
        var page = await app.NewPageAsync();
        await Journeys.SignInAsync(page, DemoAccounts.Sponsor.Email);

        await page.GotoAsync($"/sheep/{earTag}");
        await page.ClickAsync("[data-testid=adopt-button]");
        await Journeys.WaitUntilInteractiveAsync(page);
        await Assertions.Expect(page.Locator("[data-testid=plan-choice]")).ToHaveCountAsync(3);
        await page.Locator("[data-testid=plan-choice]").Nth(0).ClickAsync();
        await BrowserApp.ScreenshotAsync(page, "adoption-checkout-plan-zh");
        await page.ClickAsync("[data-testid=checkout-next]");
        await Assertions.Expect(page.Locator("input[data-testid=certificate-name]")).ToHaveValueAsync(DemoAccounts.Sponsor.DisplayName);
        await page.ClickAsync("[data-testid=checkout-next]");
        await page.Locator("[data-testid=end-choice]", new() { HasText = "寄送羊肉礼盒" }).ClickAsync();
        await page.ClickAsync("[data-testid=checkout-next]");
        await Assertions.Expect(page.Locator("[data-testid=checkout-error]")).ToContainTextAsync("收货地址");
        await page.FillAsync("textarea[data-testid=delivery-address]", "上海市徐汇区漕溪北路 398 号");
        await page.ClickAsync("[data-testid=checkout-next]");
        await page.Locator("[data-testid=death-choice]", new() { HasText = "退还剩余款项" }).ClickAsync();
        await page.ClickAsync("[data-testid=checkout-next]");
        await Assertions.Expect(page.Locator("[data-testid=checkout-total]")).ToHaveTextAsync("¥1,800.00");
        await Journeys.ChooseProviderAsync(page, "sandbox");
        await BrowserApp.ScreenshotAsync(page, "adoption-checkout-review-zh");

        await page.ClickAsync("[data-testid=checkout-pay]");
        await page.WaitForURLAsync(url => url.Contains("/pay/sandbox/", StringComparison.Ordinal));
        await Assertions.Expect(page.Locator("[data-testid=sandbox-amount]")).ToHaveTextAsync("¥1,800.00");
        await BrowserApp.ScreenshotAsync(page, "adoption-sandbox-zh");
        await page.ClickAsync("[data-testid=sandbox-pay]");

        await page.WaitForURLAsync(url => url.Contains("/my/adoptions/", StringComparison.Ordinal));
        await Assertions.Expect(page.Locator("[data-testid=adoption-welcome]")).ToContainTextAsync(name);
        await Assertions.Expect(page.Locator("[data-testid=adoption-status]")).ToHaveTextAsync("认养中");
        await Assertions.Expect(page.Locator("[data-testid=adoption-days-left]")).ToContainTextAsync("天");
        await Assertions.Expect(page.Locator("[data-testid=certificate-download]")).ToBeVisibleAsync();
        await BrowserApp.ScreenshotAsync(page, "adoption-welcome-zh");

        await page.GotoAsync("/my");
        // Sheep names repeat across households, and the demo sponsor has ended adoptions too: the running one is this.
        var card = page.Locator("[data-testid=my-adoption]", new() { HasText = name }).Filter(new() { HasText = "认养中" });
        await Assertions.Expect(card).ToBeVisibleAsync();
        await Assertions.Expect(card.Locator("[data-testid=adoption-status]")).ToHaveTextAsync("认养中");
        await BrowserApp.ScreenshotAsync(page, "adoption-my-sheep-zh");

        // The profile now says the sheep is adopted, and offers no second adoption.
        await page.GotoAsync($"/sheep/{earTag}");
        await Assertions.Expect(page.Locator("[data-testid=adopted-note]")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=adopt-button]")).ToHaveCountAsync(0);

        // What the sponsor chose is what was saved.
        await using var scope = app.Services.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<SponsorshipDbContext>>().CreateDbContextAsync();
        var saved = await db.Adoptions.Where(a => a.Sheep.Tags.Any(t => t.Value == earTag) && a.Status == AdoptionStatus.Active)
            .Select(a => new { a.Sponsor.Email, a.NameOnCertificate, a.EndOfTermChoice, a.DeliveryAddress, a.DeathPolicy, a.PriceFen, a.TermMonths })
            .SingleAsync();
        Assert.Equal(
            (DemoAccounts.Sponsor.Email, DemoAccounts.Sponsor.DisplayName, EndOfTermOptions.MeatBox, "上海市徐汇区漕溪北路 398 号", DeathPolicy.ProRataRefund, 180_000L, 12),
            (saved.Email, saved.NameOnCertificate, saved.EndOfTermChoice, saved.DeliveryAddress, saved.DeathPolicy, saved.PriceFen, saved.TermMonths));
    }

    [Fact]
    public async Task A_declined_payment_leaves_the_sheep_available()
    {
        var (earTag, name, nameLatin) = await FreeSheepAsync(offset: 1);
        var page = await app.NewPageAsync(width: 360, height: 780);
        await Journeys.SignInAsync(page, DemoAccounts.SecondSponsor.Email);
        await page.GotoAsync("/language?culture=en&returnUrl=/");

        await page.GotoAsync($"/sheep/{earTag}/adopt");
        await Journeys.WaitUntilInteractiveAsync(page);
        for (var step = 1; step <= 4; step++)
        {
            await page.ClickAsync("[data-testid=checkout-next]");
            await page.Locator($"[data-testid=checkout-step-{step}]").WaitForAsync();
        }

        // In English as in Chinese: the real methods first, the one chosen for the sponsor a real one, the sandbox last
        // and labelled as a test; the hold stated once.
        var offered = page.Locator("[data-testid=provider-choice]");
        await Assertions.Expect(offered).ToHaveCountAsync(4);
        Assert.Equal(["wechat", "alipay", "bank", "sandbox"], await offered.EvaluateAllAsync<string[]>("els => els.map(e => e.dataset.provider)"));
        await Assertions.Expect(offered.Locator("strong")).ToHaveTextAsync(["WeChat Pay", "Alipay", "Bank transfer", "Sandbox (test payment)"]);
        await Assertions.Expect(page.Locator("[data-testid=provider-choice][data-provider=wechat]")).ToHaveClassAsync(new Regex("chosen"));
        await Assertions.Expect(page.Locator("[data-testid=checkout-hold]")).ToHaveTextAsync("When you continue, we hold the sheep for you for 15 minutes while you pay.");
        await Assertions.Expect(page.Locator("[data-testid=checkout-review]")).Not.ToContainTextAsync(new Regex(@"[\u4e00-\u9fff]"));
        await BrowserApp.ScreenshotAsync(page, "adoption-checkout-review-en-360");

        await Journeys.ChooseProviderAsync(page, "sandbox");
        await page.ClickAsync("[data-testid=checkout-pay]");
        await page.WaitForURLAsync(url => url.Contains("/pay/sandbox/", StringComparison.Ordinal));
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync($"{name} · {nameLatin} ({earTag})");
        await BrowserApp.ScreenshotAsync(page, "adoption-sandbox-en-360");
        await page.ClickAsync("[data-testid=sandbox-decline]");

        await page.WaitForURLAsync(url => url.Contains("declined=1", StringComparison.Ordinal));
        await Assertions.Expect(page.Locator("[data-testid=payment-declined]")).ToContainTextAsync("declined");
        await Assertions.Expect(page.Locator("[data-testid=adopt-button]")).ToBeVisibleAsync();
        await using var scope = app.Services.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<SponsorshipDbContext>>().CreateDbContextAsync();
        Assert.Equal(SheepStanding.Free, await scope.ServiceProvider.GetRequiredService<CheckoutChoices>().StandingAsync(
            await db.IdTags.Where(t => t.Value == earTag).Select(t => t.SheepId).SingleAsync()));
    }

    /// <summary>A living sheep nobody holds, from households the other journeys leave alone.</summary>
    private async Task<(string EarTag, string Name, string NameLatin)> FreeSheepAsync(int offset)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<SponsorshipDbContext>>().CreateDbContextAsync();
        var held = db.Adoptions.Where(Adoption.HoldsSheep).Select(a => a.SheepId);
        var sheep = await db.Sheep
            .Where(s => s.ArchivedAt == null && s.HouseholdId > 60 && !held.Contains(s.Id))
            .OrderBy(s => s.Id).Skip(offset * 5)
            .Select(s => new { s.Name, s.NameLatin, Tag = s.Tags.AsQueryable().Where(IdTag.IsCurrentEarTag).Select(t => t.Value).First() })
            .FirstAsync();
        return (sheep.Tag, sheep.Name, sheep.NameLatin);
    }
}
