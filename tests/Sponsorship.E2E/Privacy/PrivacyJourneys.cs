using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Sponsorship.Core.Data;
using Sponsorship.Core.Identity;
using Sponsorship.Core.Privacy;
using Sponsorship.Testing;

namespace Sponsorship.E2E.Privacy;

/// <summary>A sponsor uses their rights under the privacy law: a copy of their data, then deleting their account.</summary>
[Collection(BrowserJourneys.Name)]
public sealed class PrivacyJourneys(BrowserApp app)
{
    private const string Password = "my sheep on the grassland";

    static PrivacyJourneys() => Assertions.SetDefaultExpectTimeout(15_000);

    [Fact]
    public async Task A_sponsor_downloads_their_data_then_deletes_their_account_and_can_no_longer_sign_in()
    {
        var email = $"pipl-{Guid.NewGuid():N}"[..17] + "@example.com";
        var adoptionId = await SponsorWithAdoptionAsync(email);
        var page = await app.NewPageAsync();

        // The notice is one click from every page.
        await page.GotoAsync("/");
        await page.ClickAsync("[data-testid=privacy-link]");
        await Assertions.Expect(page.Locator("[data-testid=privacy-notice] h3")).ToHaveCountAsync(6);
        await BrowserApp.ScreenshotAsync(page, "privacy-notice-zh");

        await Journeys.SignInAsync(page, email, Password);
        await page.GotoAsync("/Account/Manage/PersonalData");
        await Assertions.Expect(page.Locator("[data-testid=personal-data-count][data-kind=adoptions]")).ToHaveTextAsync("1");
        await Assertions.Expect(page.Locator("[data-testid=personal-data-consent]")).ToContainTextAsync($"第 {PrivacyNotice.CurrentVersion} 版");
        await BrowserApp.ScreenshotAsync(page, "privacy-personal-data-zh");

        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("[data-testid=download-personal-data]"));
        Assert.Equal("PersonalData.json", download.SuggestedFilename);
        using (var json = JsonDocument.Parse(await File.ReadAllTextAsync((await download.PathAsync())!)))
        {
            Assert.Equal(email, json.RootElement.GetProperty("account").GetProperty("email").GetString());
            Assert.Equal(adoptionId, json.RootElement.GetProperty("adoptions")[0].GetProperty("id").GetInt32());
            Assert.Equal(1, json.RootElement.GetProperty("payments").GetArrayLength());
        }

        await page.ClickAsync("[data-testid=delete-personal-data]");
        await Assertions.Expect(page.Locator("[data-testid=deletion-rules] li")).ToHaveCountAsync(4);
        await page.FillAsync("#Input\\.Password", Password);
        await BrowserApp.ScreenshotAsync(page, "privacy-delete-account-zh");
        await page.ClickAsync("[data-testid=delete-account-submit]");
        await Assertions.Expect(page.Locator("[data-testid=account-deleted]")).ToBeVisibleAsync();
        await BrowserApp.ScreenshotAsync(page, "privacy-account-deleted-zh");

        // The old address and password open nothing any more.
        await page.GotoAsync("/Account/Login");
        await page.FillAsync("#Input\\.Email", email);
        await page.FillAsync("#Input\\.Password", Password);
        await page.ClickAsync("[data-testid=login-submit]");
        await Assertions.Expect(page.Locator("[data-testid=status-message]")).ToBeVisibleAsync();
        Assert.Contains("/Account/Login", page.Url, StringComparison.Ordinal);
        await BrowserApp.ScreenshotAsync(page, "privacy-sign-in-refused-zh");

        // The books keep the adoption, under an anonymous sponsor.
        await using var scope = app.Services.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<SponsorshipDbContext>>().CreateDbContextAsync();
        var sponsor = await db.Adoptions.Where(a => a.Id == adoptionId).Select(a => db.Users.Single(u => u.Id == a.SponsorUserId).DisplayName).SingleAsync();
        Assert.StartsWith("已注销的认养人 #", sponsor, StringComparison.Ordinal);
    }

    private async Task<int> SponsorWithAdoptionAsync(string email)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = new ApplicationUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = "张燊 Peña" };
        PrivacyNotice.Accept(user, newsMail: false, DateTimeOffset.UtcNow);
        Assert.True((await users.CreateAsync(user, Password)).Succeeded);
        Assert.True((await users.AddToRoleAsync(user, Roles.Sponsor)).Succeeded);

        var money = MoneyTestData.For(scope.ServiceProvider);
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<SponsorshipDbContext>>().CreateDbContextAsync();
        var householdId = await db.Households.OrderBy(h => h.Id).Skip(80).Select(h => h.Id).FirstAsync();
        return (await money.AdoptAndPayAsync(await money.FreeSheepAsync(householdId), user.Id, 180_000, DateTimeOffset.UtcNow.AddDays(-20))).AdoptionId;
    }
}
