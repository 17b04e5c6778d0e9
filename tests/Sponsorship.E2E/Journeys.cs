using Microsoft.Playwright;
using Sponsorship.Core.Demo;

namespace Sponsorship.E2E;

/// <summary>Shared steps a person takes in several journeys.</summary>
public static class Journeys
{
    public static async Task SignInAsync(IPage page, string email, string password = DemoAccounts.Password)
    {
        await page.GotoAsync("/Account/Login");
        await page.FillAsync("#Input\\.Email", email);
        await page.FillAsync("#Input\\.Password", password);
        await page.ClickAsync("[data-testid=login-submit]");
        await page.WaitForURLAsync(url => !url.Contains("/Account/Login", StringComparison.Ordinal));

        // A locked-out or half-done (two-factor) sign-in also leaves the login page, but for another account page, signed out.
        Assert.DoesNotContain("/Account/", new Uri(page.Url).AbsolutePath, StringComparison.Ordinal);
        await Assertions.Expect(page.Locator("[data-testid=sign-out]")).ToBeVisibleAsync();
    }

    /// <summary>On the checkout's review step: pay with this provider (the first one offered is chosen by default).</summary>
    public static Task ChooseProviderAsync(IPage page, string provider) =>
        page.ClickAsync($"[data-testid=provider-choice][data-provider={provider}]");

    /// <summary>Waits until an interactive page's circuit is up (InteractiveProviders sets the marker).</summary>
    public static Task WaitUntilInteractiveAsync(IPage page) =>
        page.Locator("[data-interactive=true]").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });

    /// <summary>Opens a MudSelect by its test id and picks the choice with that text.</summary>
    public static async Task ChooseAsync(IPage page, string select, string choice)
    {
        await page.ClickAsync($"[data-testid={select}]");
        await page.Locator(".mud-popover-open .mud-list-item", new PageLocatorOptions { HasText = choice }).First.ClickAsync();
        await Assertions.Expect(page.Locator(".mud-popover-open .mud-list-item")).ToHaveCountAsync(0);
    }
}
