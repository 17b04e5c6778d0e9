using Microsoft.Playwright;
using Sponsorship.Core.Demo;

namespace Sponsorship.E2E.Security;

/// <summary>
/// The Content-Security-Policy must not break the app: an interactive admin page (circuit over WebSocket, MudBlazor
/// dialog and styles), a static page reached by enhanced navigation, and sign-in all run with no violation reported.
/// </summary>
[Collection(BrowserJourneys.Name)]
public sealed class ContentSecurityPolicyJourneys(BrowserApp app)
{
    [Fact]
    public async Task Interactive_and_static_pages_work_under_the_policy_with_no_violation_in_the_console()
    {
        var page = await app.NewPageAsync();
        var violations = new List<string>();
        var reported = new TaskCompletionSource();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
            {
                violations.Add(message.Text);
                reported.TrySetResult();
            }
        };
        page.PageError += (_, error) => violations.Add("page error: " + error);

        await Journeys.SignInAsync(page, DemoAccounts.Admin.Email);
        await page.GotoAsync("/admin/villages");
        await Journeys.WaitUntilInteractiveAsync(page);
        await page.ClickAsync("[data-testid=village-new]");
        await Assertions.Expect(page.Locator("[data-testid=village-name]")).ToBeVisibleAsync();
        await BrowserApp.ScreenshotAsync(page, "csp-interactive-dialog-zh");
        await page.Keyboard.PressAsync("Escape");
        await page.GotoAsync("/");
        await page.ClickAsync("[data-testid=cta-catalogue]");
        await Assertions.Expect(page.Locator("[data-testid=sheep-card]").First).ToBeVisibleAsync();

        Assert.Empty(violations);

        // The listener does hear a violation: an injected inline script is refused and reported.
        await page.EvaluateAsync("() => { const s = document.createElement('script'); s.textContent = 'window.injected = 1'; document.body.appendChild(s); }");
        await reported.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Null(await page.EvaluateAsync<int?>("() => window.injected ?? null"));
    }
}
