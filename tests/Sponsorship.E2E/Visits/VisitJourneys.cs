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

namespace Sponsorship.E2E.Visits;

/// <summary>Visits to a herder household: the herder offers them on a phone, a sponsor asks, the herder accepts, the sponsor pays, and withdraws a second request.</summary>
[Collection(BrowserJourneys.Name)]
public sealed class VisitJourneys(BrowserApp app)
{
    private const int PhoneWidth = 360;
    private const int PhoneHeight = 760;
    private const string HerderEmail = "visits-herder@example.com";

    [Fact]
    public async Task A_herder_on_a_phone_offers_July_weekends_a_sponsor_asks_for_two_adults_on_a_Saturday_the_herder_accepts_and_the_sponsor_pays_then_withdraws_a_second_request()
    {
        var (adoptionId, herderPhone) = await HerderForASponsorsSheepAsync();
        var today = app.Services.GetRequiredService<ProgrammeCalendar>().Today;
        var july = new DateOnly(today.Month < 7 ? today.Year : today.Year + 1, 7, 1);
        var saturday = july.AddDays(((int)DayOfWeek.Saturday - (int)july.DayOfWeek + 7) % 7);

        // The herder sets up the offer from the tab bar: July, Saturdays and Sundays, six guests, ¥200 and ¥80.
        var herder = await app.NewPageAsync(PhoneWidth, PhoneHeight, phone: true);
        await Journeys.SignInAsync(herder, HerderEmail);
        await herder.ClickAsync("[data-testid=tab-visits]");
        await herder.WaitForURLAsync(url => url.EndsWith("/herder/visits", StringComparison.Ordinal));
        await Assertions.Expect(herder.Locator("[data-testid=tab-visits]")).ToHaveAttributeAsync("aria-current", "page");
        await Assertions.Expect(herder.Locator("h1")).ToHaveTextAsync("来访");
        await herder.FillAsync("[data-testid=offer-starts]", Iso(july));
        await herder.FillAsync("[data-testid=offer-ends]", Iso(july.AddDays(30)));
        await herder.CheckAsync("[data-testid=offer-day-Saturday]");
        await herder.CheckAsync("[data-testid=offer-day-Sunday]");
        await herder.FillAsync("[data-testid=offer-guests]", "6");
        await herder.CheckAsync("[data-testid=offer-meal]");
        await herder.FillAsync("[data-testid=offer-adult-price]", "200");
        await herder.FillAsync("[data-testid=offer-child-price]", "80");
        await herder.FillAsync("[data-testid=offer-description]", "看羊群，吃手把肉");
        await herder.FillAsync("[data-testid=offer-town]", "宝昌镇");
        await herder.CheckAsync("[data-testid=offer-pick-up]");
        await herder.ClickAsync("[data-testid=visit-offer-save]");
        await herder.WaitForURLAsync(url => url.Contains("saved=1", StringComparison.Ordinal));
        await Assertions.Expect(herder.Locator("[data-testid=visit-offer-saved]")).ToHaveTextAsync("接待安排已保存。");
        await Assertions.Expect(herder.Locator("[data-testid=visit-offer-summary]")).ToContainTextAsync("周六、周日，每天最多6位客人");
        await AssertNoSidewaysScrollAsync(herder, "visits page");
        await BrowserApp.ScreenshotAsync(herder, "herder-visits-offer-zh");

        // The sponsor goes from the adoption page to the visit page and asks for two adults on the first Saturday.
        var sponsor = await app.NewPageAsync();
        await Journeys.SignInAsync(sponsor, DemoAccounts.Sponsor.Email);
        await sponsor.GotoAsync($"/my/adoptions/{adoptionId}");
        await Assertions.Expect(sponsor.Locator("[data-testid=visit-my-sheep]")).ToHaveTextAsync("去看我的羊");
        await sponsor.ClickAsync("[data-testid=visit-my-sheep]");
        await sponsor.WaitForURLAsync(url => url.EndsWith($"/my/adoptions/{adoptionId}/visit", StringComparison.Ordinal));
        await Assertions.Expect(sponsor.Locator("[data-testid=visit-prices]")).ToHaveTextAsync("成人每位¥200.00，儿童每位¥80.00");
        await Assertions.Expect(sponsor.Locator("[data-testid=visit-inclusions]")).ToHaveTextAsync("看羊群、在牧民家吃饭");
        // Only the July weekends are offered: nine or ten days, each a Saturday or a Sunday.
        var days = await sponsor.Locator("[data-testid=visit-day] option").EvaluateAllAsync<string[]>("options => options.map(o => o.value)");
        Assert.InRange(days.Length, 8, 10);
        Assert.All(days, d => Assert.True(DateOnly.ParseExact(d, "yyyy-MM-dd", CultureInfo.InvariantCulture).DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday, d));
        await sponsor.SelectOptionAsync("[data-testid=visit-day]", Iso(saturday));
        await sponsor.FillAsync("[data-testid=visit-adults]", "2");
        await sponsor.FillAsync("[data-testid=visit-children]", "0");
        await sponsor.FillAsync("[data-testid=visit-name]", "李喆");
        await sponsor.FillAsync("[data-testid=visit-phone]", "13800138000");
        await BrowserApp.ScreenshotAsync(sponsor, "sponsor-visit-request-zh");
        await sponsor.ClickAsync("[data-testid=visit-request-send]");
        await sponsor.WaitForURLAsync(url => url.Contains("sent=1", StringComparison.Ordinal));
        await Assertions.Expect(sponsor.Locator("[data-testid=visit-request-sent]")).ToContainTextAsync("申请已发送");
        var mine = sponsor.Locator("[data-testid=my-visit]");
        await Assertions.Expect(mine).ToHaveCountAsync(1);
        await Assertions.Expect(mine.Locator("[data-testid=my-visit-status]")).ToHaveTextAsync("等待牧户回复");
        await Assertions.Expect(mine).ToContainTextAsync("成人2位，儿童0位 · 共¥400.00");

        // The herder sees the request with the guests' name and phone, and accepts it in one tap.
        await herder.GotoAsync("/herder/visits");
        var request = herder.Locator("[data-testid=visit-requests] [data-testid=visit-card]");
        await Assertions.Expect(request).ToHaveCountAsync(1);
        await Assertions.Expect(request).ToContainTextAsync("成人2位，儿童0位");
        await Assertions.Expect(request.Locator("[data-testid=visit-phone]")).ToHaveTextAsync("13800138000");
        await BrowserApp.ScreenshotAsync(herder, "herder-visit-request-zh");
        await request.Locator("[data-testid=visit-accept]").ClickAsync();
        await herder.WaitForURLAsync(url => url.Contains("answered=Accepted", StringComparison.Ordinal));
        await Assertions.Expect(herder.Locator("[data-testid=visit-answered]")).ToContainTextAsync("已接受");
        await Assertions.Expect(herder.Locator("[data-testid=visit-requests] [data-testid=visit-card]")).ToHaveCountAsync(0);
        var coming = herder.Locator("[data-testid=visits-coming] [data-testid=visit-card]");
        await Assertions.Expect(coming).ToHaveAttributeAsync("data-status", "Accepted");
        await Assertions.Expect(coming).ToContainTextAsync("李喆");
        await AssertNoSidewaysScrollAsync(herder, "visits page with a coming visit");
        await BrowserApp.ScreenshotAsync(herder, "herder-visits-coming-zh");

        // The sponsor sees it accepted, in both languages.
        await sponsor.ReloadAsync();
        await Assertions.Expect(sponsor.Locator("[data-testid=my-visit-status]")).ToHaveTextAsync("已接受，待付款");
        await sponsor.GotoAsync($"/language?culture=en&returnUrl=%2Fmy%2Fadoptions%2F{adoptionId}%2Fvisit");
        await Assertions.Expect(sponsor.Locator("[data-testid=my-visit-status]")).ToHaveTextAsync("Accepted, to be paid");
        await Assertions.Expect(sponsor.Locator("[data-testid=my-visit]")).ToContainTextAsync("2 adults, 0 children · total ¥400.00");
        await BrowserApp.ScreenshotAsync(sponsor, "sponsor-visit-accepted-en");
        await herder.GotoAsync("/language?culture=en&returnUrl=%2Fherder%2Fvisits");
        await Assertions.Expect(herder.Locator("[data-testid=visits-coming] h2")).ToHaveTextAsync("Coming visits");
        await Assertions.Expect(herder.Locator("[data-testid=visit-offer-summary]")).ToContainTextAsync("Sat, Sun, up to 6 guests a day");
        await BrowserApp.ScreenshotAsync(herder, "herder-visits-en");

        // The sponsor pays the ¥400 through the sandbox and is back on the visit page, which says it is paid.
        await Assertions.Expect(sponsor.Locator("[data-testid=my-visit-pay]")).ToContainTextAsync("Pay ¥400.00 by");
        await Assertions.Expect(sponsor.Locator("[data-testid=my-visit-herder-phone]")).ToHaveCountAsync(0);
        await sponsor.ClickAsync("[data-testid=my-visit-pay-sandbox]");
        await sponsor.WaitForURLAsync(url => url.Contains("/pay/sandbox/", StringComparison.Ordinal));
        await Assertions.Expect(sponsor.Locator("[data-testid=sandbox-amount]")).ToHaveTextAsync("¥400.00");
        await Assertions.Expect(sponsor.Locator("[data-testid=sandbox-for]")).ToContainTextAsync($"Household visit on {saturday.ToString("ddd", CultureInfo.InvariantCulture)}");
        await BrowserApp.ScreenshotAsync(sponsor, "sponsor-visit-sandbox-en");
        await sponsor.ClickAsync("[data-testid=sandbox-pay]");
        await sponsor.WaitForURLAsync(url => url.EndsWith($"/my/adoptions/{adoptionId}/visit?paid=1", StringComparison.Ordinal));
        await Assertions.Expect(sponsor.Locator("[data-testid=visit-paid]")).ToContainTextAsync("Paid. Your visit is confirmed");
        await Assertions.Expect(sponsor.Locator("[data-testid=my-visit-status]")).ToHaveTextAsync("Paid");
        await Assertions.Expect(sponsor.Locator("[data-testid=my-visit]")).ToContainTextAsync($"The herders' phone: {herderPhone}");
        await Assertions.Expect(sponsor.Locator("[data-testid=my-visit-pay]")).ToHaveCountAsync(0);
        await Assertions.Expect(sponsor.Locator("[data-testid=my-visit-cancel]")).ToHaveCountAsync(0);
        await BrowserApp.ScreenshotAsync(sponsor, "sponsor-visit-paid-en");
        await sponsor.GotoAsync($"/language?culture=zh-CN&returnUrl=%2Fmy%2Fadoptions%2F{adoptionId}%2Fvisit%3Fpaid%3D1");
        await Assertions.Expect(sponsor.Locator("[data-testid=visit-paid]")).ToContainTextAsync("已付款。探访已确认");
        await Assertions.Expect(sponsor.Locator("[data-testid=my-visit-status]")).ToHaveTextAsync("已付款");
        await Assertions.Expect(sponsor.Locator("[data-testid=my-visit]")).ToContainTextAsync($"牧户电话： {herderPhone}");
        await Assertions.Expect(sponsor.Locator("[data-testid=my-visit-herder-phone]")).ToHaveAttributeAsync("href", $"tel:{herderPhone}");
        await BrowserApp.ScreenshotAsync(sponsor, "sponsor-visit-paid-zh");
        await herder.ReloadAsync();
        await Assertions.Expect(herder.Locator("[data-testid=visits-coming] [data-testid=visit-card]")).ToHaveAttributeAsync("data-status", "Paid");

        // Plans change for a second day: the sponsor asks for the Sunday too, then withdraws that request.
        await sponsor.SelectOptionAsync("[data-testid=visit-day]", Iso(saturday.AddDays(1)));
        await sponsor.FillAsync("[data-testid=visit-adults]", "1");
        await sponsor.FillAsync("[data-testid=visit-children]", "0");
        await sponsor.FillAsync("[data-testid=visit-name]", "李喆");
        await sponsor.FillAsync("[data-testid=visit-phone]", "13800138000");
        await sponsor.ClickAsync("[data-testid=visit-request-send]");
        await sponsor.WaitForURLAsync(url => url.Contains("sent=1", StringComparison.Ordinal));
        await Assertions.Expect(sponsor.Locator("[data-testid=my-visit]")).ToHaveCountAsync(2);
        await sponsor.GotoAsync($"/language?culture=en&returnUrl=%2Fmy%2Fadoptions%2F{adoptionId}%2Fvisit");
        await sponsor.ClickAsync("[data-testid=my-visit-cancel]");
        await sponsor.WaitForURLAsync(url => url.Contains("cancelled=1", StringComparison.Ordinal));
        await Assertions.Expect(sponsor.Locator("[data-testid=visit-cancelled]")).ToContainTextAsync("Your request is withdrawn");
        await Assertions.Expect(sponsor.Locator("[data-testid=my-visit-status]")).ToHaveTextAsync(["Cancelled", "Paid"]);
        await Assertions.Expect(sponsor.Locator("[data-testid=my-visit-cancel]")).ToHaveCountAsync(0);
        await herder.ReloadAsync();
        await Assertions.Expect(herder.Locator("[data-testid=visit-requests] [data-testid=visit-card]")).ToHaveCountAsync(0);
        await Assertions.Expect(herder.Locator("[data-testid=visits-coming] [data-testid=visit-card]")).ToHaveCountAsync(1);
    }

    /// <summary>
    /// A herder account for the household raising one of the demo sponsor's running adoptions (one no other account
    /// herds); returns that adoption and the household's phone number.
    /// </summary>
    private async Task<(int AdoptionId, string HerderPhone)> HerderForASponsorsSheepAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<SponsorshipDbContext>>().CreateDbContextAsync();
        await using (db)
        {
            var sponsor = await db.Users.Where(u => u.Email == DemoAccounts.Sponsor.Email).Select(u => u.Id).SingleAsync();
            var adoption = await db.Adoptions
                .Where(a => a.SponsorUserId == sponsor && a.Status == AdoptionStatus.Active && a.OrganisationOrderId == null)
                .Where(a => !db.Users.Any(u => u.HerderHouseholdId == a.Sheep.HouseholdId))
                .OrderBy(a => a.Id).Select(a => new { a.Id, a.Sheep.HouseholdId, a.Sheep.Household.Phone }).FirstAsync();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            var herder = new ApplicationUser
            {
                UserName = HerderEmail, Email = HerderEmail, EmailConfirmed = true, DisplayName = "来访测试牧民", HerderHouseholdId = adoption.HouseholdId,
            };
            Assert.True((await users.CreateAsync(herder, DemoAccounts.Password)).Succeeded);
            Assert.True((await users.AddToRoleAsync(herder, Roles.Herder)).Succeeded);
            Assert.NotEmpty(adoption.Phone);
            return (adoption.Id, adoption.Phone);
        }
    }

    private static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static async Task AssertNoSidewaysScrollAsync(IPage page, string where)
    {
        var widths = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, window.innerWidth]");
        Assert.True(widths[0] <= widths[1], $"{where}: the page is {widths[0]} px wide on a {widths[1]} px screen");
    }
}
