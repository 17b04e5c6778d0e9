using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Sponsorship.Core.Adoptions;
using Sponsorship.Core.Data;
using Sponsorship.Core.Demo;
using Sponsorship.Core.Flock;

namespace Sponsorship.Benchmarks;

/// <summary>What the load and circuit drivers read from the running app's demo before they start, and the steps a person takes in the browser.</summary>
public static class LoadFacts
{
    /// <summary>Ear tags of living sheep nobody holds, in id order.</summary>
    public static async Task<IReadOnlyList<string>> FreeSheepTagsAsync(LoadApp app, int count)
    {
        ArgumentNullException.ThrowIfNull(app);
        await using var scope = app.Scope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<SponsorshipDbContext>>().CreateDbContextAsync();
        var held = db.Adoptions.Where(a => a.Status == AdoptionStatus.PendingPayment || a.Status == AdoptionStatus.Active).Select(a => a.SheepId);
        var tags = await db.Sheep
            .Where(s => s.ArchivedAt == null && !held.Contains(s.Id))
            .OrderBy(s => s.Id)
            .Select(s => s.Tags.Where(t => t.Type == IdTagType.NationalEarTag && t.ValidTo == null).Select(t => t.Value).FirstOrDefault())
            .Where(t => t != null)
            .Take(count)
            .ToListAsync();
        return tags.Select(t => t!).ToList();
    }

    /// <summary>The living sheep of this demo herder's household, the ones the herder's pages let them record for.</summary>
    public static async Task<IReadOnlyList<int>> HerderSheepAsync(LoadApp app, DemoAccount herder)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(herder);
        await using var scope = app.Scope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<SponsorshipDbContext>>().CreateDbContextAsync();
        var household = await db.Users.Where(u => u.Email == herder.Email).Select(u => u.HerderHouseholdId).SingleAsync();
        return await db.Sheep.Where(s => s.HouseholdId == household && s.ArchivedAt == null).OrderBy(s => s.Id).Select(s => s.Id).ToListAsync();
    }

    /// <summary>The demo's organisation (the Changping district office), whose contact is <see cref="DemoAccounts.OrganisationContact"/>.</summary>
    public static async Task<int> OrganisationAsync(LoadApp app)
    {
        ArgumentNullException.ThrowIfNull(app);
        await using var scope = app.Scope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<SponsorshipDbContext>>().CreateDbContextAsync();
        return await db.Organisations.Where(o => o.ContactUser.Email == DemoAccounts.OrganisationContact.Email).Select(o => o.Id).SingleAsync();
    }

    /// <summary>Signs in through the login form, as a person does, and checks the sign-in took.</summary>
    public static async Task SignInAsync(IPage page, string email)
    {
        ArgumentNullException.ThrowIfNull(page);
        await page.GotoAsync("/Account/Login");
        await page.FillAsync("#Input\\.Email", email);
        await page.FillAsync("#Input\\.Password", DemoAccounts.Password);
        await page.ClickAsync("[data-testid=login-submit]");
        try
        {
            await page.WaitForURLAsync(url => !url.Contains("/Account/Login", StringComparison.Ordinal));
            await page.Locator("[data-testid=sign-out]").WaitForAsync();
        }
        catch (TimeoutException e)
        {
            var text = await page.Locator("main").InnerTextAsync(new LocatorInnerTextOptions { Timeout = 5_000 });
            throw new InvalidOperationException($"{email} was not signed in: {page.Url} says {text[..Math.Min(text.Length, 300)]}", e);
        }
    }

    /// <summary>Waits until an interactive page's circuit is up (InteractiveProviders sets the marker once it renders interactively).</summary>
    public static Task WaitUntilInteractiveAsync(IPage page) =>
        page.Locator("[data-interactive=true]").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });
}
