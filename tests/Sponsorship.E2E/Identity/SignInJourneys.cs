using Microsoft.Playwright;
using Sponsorship.Core.Demo;
using Sponsorship.E2E.Mail;

namespace Sponsorship.E2E.Identity;

[Collection(BrowserJourneys.Name)]
public sealed class SignInJourneys(BrowserApp app)
{
    [Fact]
    public async Task An_administrator_signs_in_and_lands_on_the_programme_overview()
    {
        var page = await app.NewPageAsync();

        await Journeys.SignInAsync(page, DemoAccounts.Admin.Email);

        Assert.EndsWith("/admin", page.Url, StringComparison.Ordinal);
        await Assertions.Expect(page.Locator("[data-testid=admin-title]")).ToHaveTextAsync("今日工作");
        await Assertions.Expect(page.Locator("[data-testid=work-review]")).ToContainTextAsync("待审核动态");
        await Assertions.Expect(page.Locator("[data-testid=nav-admin-users]")).ToBeVisibleAsync();
        await BrowserApp.ScreenshotAsync(page, "admin-start-zh");
    }

    [Fact]
    public async Task A_sponsor_signs_in_and_lands_on_My_sheep()
    {
        var page = await app.NewPageAsync();

        await Journeys.SignInAsync(page, DemoAccounts.Sponsor.Email);

        Assert.EndsWith("/my", page.Url, StringComparison.Ordinal);
        await Assertions.Expect(page.Locator("[data-testid=my-sheep-title]")).ToHaveTextAsync("我的羊");
        await Assertions.Expect(page.Locator(".account-name")).ToContainTextAsync("李喆");
        await Assertions.Expect(page.Locator("[data-testid=nav-admin]")).ToHaveCountAsync(0);
        await BrowserApp.ScreenshotAsync(page, "sponsor-start-zh");
    }

    [Fact]
    public async Task A_herder_on_a_phone_signs_in_and_sees_their_flock()
    {
        var page = await app.NewPageAsync(width: 360, height: 760);

        await Journeys.SignInAsync(page, DemoAccounts.Herder.Email);

        Assert.EndsWith("/herder", page.Url, StringComparison.Ordinal);
        await Assertions.Expect(page.Locator("[data-testid=my-flock-title]")).ToHaveTextAsync("我的羊群");
        await Assertions.Expect(page.Locator(".flock-item").First).ToContainTextAsync("3152527");
        var overflow = await page.EvaluateAsync<bool>("document.documentElement.scrollWidth > window.innerWidth");
        Assert.False(overflow, "The herder page scrolls sideways at 360 px.");
        await BrowserApp.ScreenshotAsync(page, "herder-start-360px-zh");
    }

    [Fact]
    public async Task A_new_sponsor_registers_confirms_the_address_and_signs_in()
    {
        var page = await app.NewPageAsync();
        var email = $"new-{Guid.NewGuid():N}"[..12] + "@example.com";
        await page.GotoAsync("/");
        await page.ClickAsync("a[href='Account/Register'] >> nth=0");

        await page.FillAsync("#Input\\.DisplayName", "张燊 Peña");
        await page.FillAsync("#Input\\.Email", email);
        await page.FillAsync("#Input\\.Password", "short");
        await page.FillAsync("#Input\\.ConfirmPassword", "short");
        await page.ClickAsync("[data-testid=register-submit]");
        await Assertions.Expect(page.Locator(".validation-message").First).ToContainTextAsync("12");
        await BrowserApp.ScreenshotAsync(page, "register-error-zh");

        await page.FillAsync("#Input\\.Password", "three sheep on a hill");
        await page.FillAsync("#Input\\.ConfirmPassword", "three sheep on a hill");
        await page.CheckAsync("[data-testid=register-privacy-accept]");
        await page.ClickAsync("[data-testid=register-submit]");
        await page.WaitForURLAsync(url => url.Contains("RegisterConfirmation", StringComparison.Ordinal));
        // The mail's link is built from App:PublicBaseUrl, not this test server's port: follow its path here.
        await page.GotoAsync(new Uri(await MailJourneys.LinkInMailAsync(app, email, "Account/ConfirmEmail")).PathAndQuery);
        await Journeys.SignInAsync(page, email, "three sheep on a hill");

        Assert.EndsWith("/my", page.Url, StringComparison.Ordinal);
        await Assertions.Expect(page.Locator(".account-name")).ToContainTextAsync("张燊 Peña");
    }

    [Fact]
    public async Task Signing_out_returns_to_the_public_site()
    {
        var page = await app.NewPageAsync();
        await Journeys.SignInAsync(page, DemoAccounts.SecondSponsor.Email);

        await page.ClickAsync("[data-testid=sign-out]");

        await Assertions.Expect(page.Locator("[data-testid=sign-in]")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task An_administrator_creates_a_herder_account_for_a_household()
    {
        var page = await app.NewPageAsync();
        await Journeys.SignInAsync(page, DemoAccounts.Admin.Email);
        await page.ClickAsync("[data-testid=nav-admin-users]");
        await Journeys.WaitUntilInteractiveAsync(page);
        var email = $"herder-{Guid.NewGuid():N}"[..15] + "@example.com";

        await page.Locator("[data-testid=new-email]").FillAsync(email);
        await page.Locator("[data-testid=new-name]").FillAsync("乌兰 Ulaan");
        await page.Locator("[data-testid=new-household]").ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item").Nth(2).ClickAsync();
        await page.Locator("[data-testid=new-password]").FillAsync("a long enough password");
        await page.ClickAsync("[data-testid=create-account]");

        await Assertions.Expect(page.Locator("[data-testid=accounts]")).ToContainTextAsync(email);
        await Assertions.Expect(page.Locator(".mud-snackbar")).ToContainTextAsync(email);
        await BrowserApp.ScreenshotAsync(page, "admin-accounts-created-zh");

        await page.ClickAsync("[data-testid=nav-admin]");
        await Assertions.Expect(page.Locator("[data-testid=recent-changes]")).ToContainTextAsync($"{DemoAccounts.Admin.DisplayName} 新建了 账户 乌兰 Ulaan");
        await Assertions.Expect(page.Locator("[data-testid=recent-changes]")).Not.ToContainTextAsync("ApplicationUser");
        await Assertions.Expect(page.Locator("[data-testid=recent-changes]")).Not.ToContainTextAsync("IdentityUserRole");
    }
}
