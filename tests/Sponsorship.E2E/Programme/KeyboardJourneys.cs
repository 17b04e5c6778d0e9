using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Sponsorship.Core.Adoptions;
using Sponsorship.Core.Data;
using Sponsorship.Core.Demo;
using Sponsorship.Core.Flock;
using Sponsorship.Core.Payments;
using Sponsorship.Testing;

namespace Sponsorship.E2E.Programme;

/// <summary>
/// The console without a mouse: an administrator signs in, approves a weighing and confirms a bank transfer from
/// today's work with Tab, Shift+Tab, Enter and Space only, and every control the keyboard lands on shows where it is.
/// </summary>
[Collection(BrowserJourneys.Name)]
public sealed class KeyboardJourneys(BrowserApp app)
{
    /// <summary>
    /// What is wrong with the focused element's ring ('' when it has one): an outline of at least 1 px (on an input's
    /// box, for a search box drawn as one), or, for a MudBlazor text field, the 2 px border its outlined box draws
    /// around the focused input.
    /// </summary>
    private const string FocusRing = """
        () => {
            const e = document.activeElement;
            if (!e || e === document.body) return 'nothing has focus';
            const s = getComputedStyle(e);
            const ringed = x => { const c = getComputedStyle(x); return c.outlineStyle !== 'none' && parseFloat(c.outlineWidth) >= 1; };
            if (ringed(e) || (e.tagName === 'INPUT' && e.parentElement && ringed(e.parentElement))) return '';
            const box = e.closest('.mud-input-outlined')?.querySelector('.mud-input-outlined-border');
            if (box && parseFloat(getComputedStyle(box).borderTopWidth) >= 2) return '';
            const name = e.tagName.toLowerCase() + (e.getAttribute('data-testid') ? '[data-testid=' + e.getAttribute('data-testid') + ']' : '') + '.' + [...e.classList].join('.');
            return name + ' has no focus ring (outline ' + s.outlineStyle + ' ' + s.outlineWidth + ')';
        }
        """;

    static KeyboardJourneys() => Assertions.SetDefaultExpectTimeout(15_000);

    [Fact]
    public async Task An_administrator_approves_a_weighing_and_confirms_a_bank_transfer_from_todays_work_with_the_keyboard_only()
    {
        long logId;
        string reference;
        long amountFen;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var services = scope.ServiceProvider;
            var flock = FlockTestData.For(services);
            var (sheepId, _) = await flock.LivingSheepAsync(await flock.HouseholdIdAsync(4), index: 3);
            logId = (await flock.AddLogAsync(sheepId, LogKind.Weighing, services.GetRequiredService<TimeProvider>().GetUtcNow().AddDays(-40), ReviewStatus.Pending, kg: 41.2m)).LogId;
            (reference, amountFen) = await PlaceBankTransferAsync(services);
        }

        var page = await app.NewPageAsync(width: 1440, height: 900);
        var landed = new List<string>();

        // Signing in.
        await page.GotoAsync("/Account/Login");
        await TabToAsync(page, "#Input\\.Email", landed);
        await page.Keyboard.TypeAsync(DemoAccounts.Admin.Email);
        await TabToAsync(page, "#Input\\.Password", landed);
        await page.Keyboard.TypeAsync(DemoAccounts.Password);
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync(url => !url.Contains("/Account/Login", StringComparison.Ordinal));
        await page.GotoAsync("/admin");
        await Assertions.Expect(page.Locator("[data-testid=admin-title]")).ToHaveTextAsync("今日工作");

        // Today's work → the review queue → approve.
        await TabToAsync(page, "[data-testid=work-review]", landed);
        await BrowserApp.ScreenshotAsync(page, "keyboard-today-focus-zh");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("[data-testid=review-title]")).ToBeVisibleAsync();
        await Journeys.WaitUntilInteractiveAsync(page);
        var item = page.Locator($"[data-testid=review-item][data-log='{logId}']");
        await Assertions.Expect(item).ToBeVisibleAsync();
        await TabToAsync(page, $"[data-testid=review-item][data-log='{logId}'] [data-testid=approve]", landed);
        await BrowserApp.ScreenshotAsync(page, "keyboard-review-focus-zh");
        await page.Keyboard.PressAsync("Space");
        await Assertions.Expect(item).ToHaveCountAsync(0);

        // Back to today's work through the drawer → the transfers to confirm → type the amount → mark it received.
        await TabToAsync(page, "[data-testid=console-home]", landed, backwards: true);
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("[data-testid=admin-title]")).ToHaveTextAsync("今日工作");
        await TabToAsync(page, "[data-testid=work-bank-transfers]", landed);
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("[data-testid=payments-title]")).ToBeVisibleAsync();
        await Journeys.WaitUntilInteractiveAsync(page);
        var row = page.Locator("[data-testid=bank-pending] tbody tr", new() { HasText = reference });
        await Assertions.Expect(row).ToBeVisibleAsync();
        await TabToAsync(page, row.Locator("input[data-testid=received-amount]"), landed);
        await page.Keyboard.TypeAsync((amountFen / 100m).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture));
        await TabToAsync(page, row.Locator("[data-testid=mark-received]"), landed);
        await BrowserApp.ScreenshotAsync(page, "keyboard-payments-focus-zh");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("[data-testid=bank-pending]")).Not.ToContainTextAsync(reference);

        await using (var scope = app.Services.CreateAsyncScope())
        await using (var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<SponsorshipDbContext>>().CreateDbContextAsync())
        {
            Assert.Equal(PaymentStatus.Captured, await db.Payments.Where(p => p.ProviderReference == reference).Select(p => p.Status).SingleAsync());
            Assert.Equal(ReviewStatus.Approved, await db.AnimalLogs.Where(l => l.Id == logId).Select(l => l.Review).SingleAsync());
        }

        // Every control Tab passed on the way showed its ring, not only the ones used.
        var missing = landed.Where(l => l.Length > 0).Distinct().ToList();
        Assert.True(missing.Count == 0, "Controls without a visible focus ring: " + string.Join("; ", missing));
    }

    /// <summary>
    /// Presses Tab (or Shift+Tab) until the control <paramref name="target"/> has focus, noting for every control it
    /// passes whether that control shows a focus ring; the control it stops on must show one.
    /// </summary>
    private static Task TabToAsync(IPage page, string selector, List<string> landed, bool backwards = false) =>
        TabToAsync(page, page.Locator(selector), landed, backwards);

    private static async Task TabToAsync(IPage page, ILocator target, List<string> landed, bool backwards = false, int most = 400)
    {
        for (var press = 0; press < most; press++)
        {
            await page.Keyboard.PressAsync(backwards ? "Shift+Tab" : "Tab");
            var ring = await page.EvaluateAsync<string>(FocusRing);
            landed.Add(ring);
            if (await target.EvaluateAsync<bool>("e => e === document.activeElement"))
            {
                Assert.True(ring.Length == 0, ring);
                return;
            }
        }

        Assert.Fail($"{target} is not reached with {(backwards ? "Shift+Tab" : "Tab")} in {most} presses.");
    }

    private static async Task<(string Reference, long AmountFen)> PlaceBankTransferAsync(IServiceProvider services)
    {
        var dbFactory = services.GetRequiredService<IDbContextFactory<SponsorshipDbContext>>();
        await using var db = await dbFactory.CreateDbContextAsync();
        var held = db.Adoptions.Where(Adoption.HoldsSheep).Select(a => a.SheepId);
        var sheepId = await db.Sheep.Where(s => s.ArchivedAt == null && s.HouseholdId > 10 && s.HouseholdId <= 14 && !held.Contains(s.Id))
            .OrderByDescending(s => s.Id).Select(s => s.Id).FirstAsync();
        var plan = (await services.GetRequiredService<CheckoutChoices>().ActivePlansAsync())[0];
        var sponsor = await db.Users.Where(u => u.Email == DemoAccounts.Sponsor.Email).Select(u => u.Id).SingleAsync();
        var placed = await services.GetRequiredService<Checkout>().PlaceAsync(
            new CheckoutRequest(sheepId, plan.Id, "李喆", EndOfTermOptions.NothingFurther, DeathPolicy.DonateRemainder, BankTransferPayments.ProviderName, "zh-CN",
                Guid.NewGuid().ToString("N")),
            sponsor, "/my");
        Assert.True(placed.Succeeded, placed.Error.ToString());
        return (placed.PaymentReference, plan.PriceFen);
    }
}
