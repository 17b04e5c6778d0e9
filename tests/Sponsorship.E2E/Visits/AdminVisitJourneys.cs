using System.Globalization;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Sponsorship.Core.Adoptions;
using Sponsorship.Core.Data;
using Sponsorship.Core.Demo;
using Sponsorship.Core.Identity;
using Sponsorship.Core.Programme;
using Sponsorship.Core.Visits;

namespace Sponsorship.E2E.Visits;

/// <summary>The cooperative office's view of the visits: every household's, by date, narrowed to one household.</summary>
[Collection(BrowserJourneys.Name)]
public sealed class AdminVisitJourneys(BrowserApp app)
{
    private const string HerderEmail = "office-visits-herder@example.com";

    [Fact]
    public async Task An_administrator_finds_a_households_visits_by_date_from_the_console()
    {
        var today = app.Services.GetRequiredService<ProgrammeCalendar>().Today;
        var august = new DateOnly(today.Month < 8 ? today.Year : today.Year + 1, 8, 1);
        var saturday = august.AddDays(((int)DayOfWeek.Saturday - (int)august.DayOfWeek + 7) % 7);
        var (household, headName) = await AVisitRequestedAsync(august, saturday);

        var admin = await app.NewPageAsync();
        await Journeys.SignInAsync(admin, DemoAccounts.Admin.Email);
        await admin.GotoAsync("/admin");
        await admin.ClickAsync("[data-testid=console-group-sponsors]");
        await admin.ClickAsync("[data-testid=nav-admin-visits]");
        await admin.WaitForURLAsync(url => url.EndsWith("/admin/visits", StringComparison.Ordinal));
        await Assertions.Expect(admin.Locator("h1")).ToHaveTextAsync("牧户来访");

        // From the Saturday on: the request is listed with its household, guests, price and state.
        await admin.FillAsync("[data-testid=admin-visits-from]", saturday.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await admin.SelectOptionAsync("[data-testid=admin-visits-household]", household.ToString(CultureInfo.InvariantCulture));
        await admin.ClickAsync("[data-testid=admin-visits-filter]");
        await admin.WaitForURLAsync(url => url.Contains($"household={household}", StringComparison.Ordinal));
        var row = admin.Locator("[data-testid=admin-visit]");
        await Assertions.Expect(row).ToHaveCountAsync(1);
        await Assertions.Expect(row).ToContainTextAsync(headName);
        await Assertions.Expect(row).ToContainTextAsync("王芳 · 成人3位，儿童1位");
        await Assertions.Expect(row).ToContainTextAsync("¥680.00");
        await Assertions.Expect(row).ToContainTextAsync("等待牧户回复");
        await Assertions.Expect(admin.Locator("[data-testid=admin-visits-total]")).ToHaveTextAsync("共1次来访，预计4位客人");
        await BrowserApp.ScreenshotAsync(admin, "admin-visits-zh");

        await admin.GotoAsync($"/language?culture=en&returnUrl=%2Fadmin%2Fvisits%3Ffrom%3D{saturday:yyyy-MM-dd}%26household%3D{household}");
        await Assertions.Expect(admin.Locator("h1")).ToHaveTextAsync("Visits to households");
        await Assertions.Expect(row).ToContainTextAsync("3 adults, 1 child");
        await Assertions.Expect(row).ToContainTextAsync("Waiting for the herders' answer");
        await Assertions.Expect(admin.Locator("[data-testid=admin-visits-total]")).ToHaveTextAsync("1 visit, guests expected: 4");
        await BrowserApp.ScreenshotAsync(admin, "admin-visits-en");

        // The day after, nothing is left for that household.
        await admin.GotoAsync($"/admin/visits?from={saturday.AddDays(1):yyyy-MM-dd}&household={household}");
        await Assertions.Expect(admin.Locator("[data-testid=admin-visits-empty]")).ToHaveTextAsync("No visits from this day on.");
    }

    /// <summary>
    /// Through the Core use cases: a household raising a sponsor's sheep offers August weekends, and that
    /// sponsor asks for three adults and a child on the first Saturday.
    /// </summary>
    private async Task<(int Household, string HeadName)> AVisitRequestedAsync(DateOnly august, DateOnly saturday)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        int householdId, adoptionId;
        string headName, sponsorId;
        await using (var db = await services.GetRequiredService<IDbContextFactory<SponsorshipDbContext>>().CreateDbContextAsync())
        {
            // Another sponsor than the one the herder's visit journey uses, so the two never share a household.
            var adoption = await db.Adoptions
                .Where(a => a.Sponsor.Email != DemoAccounts.Sponsor.Email && a.Status == AdoptionStatus.Active && a.OrganisationOrderId == null)
                .Where(a => !db.Users.Any(u => u.HerderHouseholdId == a.Sheep.HouseholdId))
                .OrderByDescending(a => a.Id)
                .Select(a => new { a.Id, a.SponsorUserId, a.Sheep.HouseholdId, a.Sheep.Household.HeadName }).FirstAsync();
            sponsorId = adoption.SponsorUserId;
            (householdId, adoptionId, headName) = (adoption.HouseholdId, adoption.Id, adoption.HeadName);
        }

        var herder = new ApplicationUser
        {
            UserName = HerderEmail, Email = HerderEmail, EmailConfirmed = true, DisplayName = "来访办公室测试牧民", HerderHouseholdId = householdId,
        };
        var users = services.GetRequiredService<UserManager<ApplicationUser>>();
        Assert.True((await users.CreateAsync(herder, DemoAccounts.Password)).Succeeded);
        Assert.True((await users.AddToRoleAsync(herder, Roles.Herder)).Succeeded);
        var offer = new VisitOfferInput(
            august, august.AddDays(30), VisitWeekdays.Weekend, 8, VisitInclusions.FlockVisit | VisitInclusions.Meal,
            20_000, 8_000, "看羊群，吃手把肉", "宝昌镇", PickUpOffered: false);
        Assert.True((await services.GetRequiredService<VisitOffers>().SaveAsync(herder.Id, offer)).Saved);
        var request = new VisitRequestInput(adoptionId, saturday, 3, 1, "王芳", "13900139000", Guid.NewGuid().ToString("N"));
        Assert.True((await services.GetRequiredService<VisitRequests>().RequestAsync(request, sponsorId)).Succeeded);
        return (householdId, headName);
    }
}
