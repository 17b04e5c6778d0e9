using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Sponsorship.Core.Data;
using Sponsorship.Core.Demo;
using Sponsorship.Core.Privacy;
using Sponsorship.Testing;

namespace Sponsorship.E2E.Security;

/// <summary>What one administrator cannot do alone: make another administrator, or change where a household is paid.</summary>
[Collection(BrowserJourneys.Name)]
public sealed partial class TwoAdminJourneys(BrowserApp app)
{
    static TwoAdminJourneys() => Assertions.SetDefaultExpectTimeout(15_000);

    [Fact]
    public async Task An_administrator_made_by_one_admin_opens_admin_pages_only_after_a_second_admin_confirms_it()
    {
        var email = $"x-{Guid.NewGuid():N}"[..14] + "@example.com";
        const string Password = "a long enough password";

        // Admin A makes an administrator account with a password A chose.
        var adminA = await app.NewPageAsync();
        await Journeys.SignInAsync(adminA, DemoAccounts.Admin.Email);
        await adminA.GotoAsync("/admin/users");
        await Journeys.WaitUntilInteractiveAsync(adminA);
        await adminA.Locator("[data-testid=new-role]").ClickAsync();
        await adminA.Locator(".mud-popover-open .mud-list-item").Nth(1).ClickAsync();
        await adminA.Locator("[data-testid=new-email]").FillAsync(email);
        await adminA.Locator("[data-testid=new-name]").FillAsync("新管理员 X");
        await adminA.Locator("[data-testid=new-password]").FillAsync(Password);
        await adminA.ClickAsync("[data-testid=create-account]");
        var grant = adminA.Locator($"[data-testid=admin-grant][data-email='{email}']");
        await Assertions.Expect(grant.Locator("[data-testid=admin-grant-own]")).ToBeVisibleAsync();
        await Assertions.Expect(grant.Locator("[data-testid=admin-grant-confirm]")).ToHaveCountAsync(0);
        await BrowserApp.ScreenshotAsync(adminA, "two-admins-created-waits-zh");

        // X signs in: a plain account, refused at the admin pages.
        var x = await app.NewPageAsync();
        await Journeys.SignInAsync(x, email, Password);
        await x.GotoAsync("/admin/payouts");
        await x.WaitForURLAsync(url => url.Contains("/Account/AccessDenied", StringComparison.Ordinal));
        await BrowserApp.ScreenshotAsync(x, "two-admins-unconfirmed-refused-zh");

        // Admin B confirms; X, signing in again, now lands on the admin start page.
        var adminB = await app.NewPageAsync();
        await Journeys.SignInAsync(adminB, DemoAccounts.SecondAdmin.Email);
        await adminB.GotoAsync("/admin/users");
        await Journeys.WaitUntilInteractiveAsync(adminB);
        await adminB.Locator($"[data-testid=admin-grant][data-email='{email}'] [data-testid=admin-grant-confirm]").ClickAsync();
        await Assertions.Expect(adminB.Locator($"[data-testid=admin-grant][data-email='{email}']")).ToHaveCountAsync(0);
        await BrowserApp.ScreenshotAsync(adminB, "two-admins-confirmed-zh");

        var again = await app.NewPageAsync();
        await Journeys.SignInAsync(again, email, Password);
        await again.GotoAsync("/admin/payouts");
        await Assertions.Expect(again.Locator("h1")).ToContainTextAsync("付款");
        await BrowserApp.ScreenshotAsync(again, "two-admins-confirmed-admin-opens-payouts-zh");
    }

    [Fact]
    public async Task The_bank_file_pays_the_account_the_approver_saw_even_after_the_household_account_changes()
    {
        int householdId;
        string headName, frozen;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var money = MoneyTestData.For(scope.ServiceProvider);
            await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<SponsorshipDbContext>>().CreateDbContextAsync();
            var household = await db.Households.OrderBy(h => h.Id).Skip(45).FirstAsync();
            (householdId, headName, frozen) = (household.Id, household.HeadName, scope.ServiceProvider.GetRequiredService<AccountNumberProtector>().Reveal(household.PayoutAccountEncrypted));
            await money.AdoptAndPayAsync(await money.FreeSheepAsync(householdId), await money.UserIdAsync(DemoAccounts.Sponsor.Email), 180_000, DateTimeOffset.UtcNow.AddDays(-40));
        }

        // Admin A drafts; admin B sees each line's full account on the approval screen and approves.
        var adminA = await app.NewPageAsync();
        await Journeys.SignInAsync(adminA, DemoAccounts.Admin.Email);
        await adminA.GotoAsync("/admin/payouts");
        await Journeys.WaitUntilInteractiveAsync(adminA);
        await adminA.ClickAsync("[data-testid=payout-draft]");
        try
        {
            await adminA.WaitForURLAsync(url => BatchUrl().IsMatch(url), new PageWaitForURLOptions { Timeout = 60_000 });
        }
        catch (TimeoutException)
        {
            Assert.Fail(await WhyNoBatchAsync(adminA));
        }

        var batchUrl = adminA.Url;
        var adminB = await app.NewPageAsync();
        await Journeys.SignInAsync(adminB, DemoAccounts.SecondAdmin.Email);
        await adminB.GotoAsync(batchUrl);
        await Journeys.WaitUntilInteractiveAsync(adminB);
        var line = adminB.Locator($"[data-testid=batch-line][data-reference$='-{householdId}']");
        await Assertions.Expect(line.Locator("[data-testid=line-account]")).ToHaveTextAsync(frozen);
        await BrowserApp.ScreenshotAsync(adminB, "frozen-account-approval-shows-full-account-zh");
        await adminB.ClickAsync("[data-testid=batch-approve]");
        await Assertions.Expect(adminB.Locator("[data-testid=batch-export]")).ToBeVisibleAsync();

        // Admin A asks to pay the household somewhere else; admin B confirms the change.
        await adminA.GotoAsync("/admin/households");
        await Journeys.WaitUntilInteractiveAsync(adminA);
        await adminA.Locator("[data-testid=household-search]").FillAsync(headName);
        var row = adminA.Locator("[data-testid=households] tbody tr", new PageLocatorOptions { Has = adminA.Locator($"td:text-is('{householdId}')") });
        await Assertions.Expect(row).ToHaveCountAsync(1);
        await row.Locator("[data-testid=household-edit]").ClickAsync();
        await adminA.Locator("[data-testid=household-account]").WaitForAsync();
        await adminA.Locator("[data-testid=household-account]").FillAsync("6222 0000 1111 2222");
        await adminA.Locator("[data-testid=household-account-holder]").FillAsync(headName);
        await adminA.Locator("[data-testid=household-bank]").FillAsync("工商银行 宝昌支行");
        await adminA.ClickAsync("[data-testid=household-save]");
        var change = adminA.Locator($"[data-testid=account-change][data-household='{householdId}']");
        await Assertions.Expect(change.Locator("[data-testid=account-change-own]")).ToBeVisibleAsync();
        await BrowserApp.ScreenshotAsync(adminA, "frozen-account-change-waits-zh");

        await adminB.GotoAsync("/admin/households");
        await Journeys.WaitUntilInteractiveAsync(adminB);
        await adminB.Locator($"[data-testid=account-change][data-household='{householdId}'] [data-testid=account-change-confirm]").ClickAsync();
        await Assertions.Expect(adminB.Locator($"[data-testid=account-change][data-household='{householdId}']")).ToHaveCountAsync(0);

        // Exported after the change: the bank is told to pay the frozen account.
        await adminB.GotoAsync(batchUrl);
        await Journeys.WaitUntilInteractiveAsync(adminB);
        await Assertions.Expect(line.Locator("[data-testid=line-account]")).ToHaveTextAsync(frozen);
        await adminB.ClickAsync("[data-testid=batch-export]");
        await Assertions.Expect(adminB.Locator("[data-testid=batch-download]")).ToBeVisibleAsync();
        await BrowserApp.ScreenshotAsync(adminB, "frozen-account-exported-zh");
        var file = await (await adminB.APIRequest.GetAsync(batchUrl + "/bank-file")).TextAsync();
        Assert.Contains(frozen, file, StringComparison.Ordinal);
        Assert.DoesNotContain("6222000011112222", file, StringComparison.Ordinal);
    }

    /// <summary>
    /// What the page, the payout book and the server say when a draft did not open its batch: it failed that way twice
    /// in full runs, with nothing on the page to say why.
    /// </summary>
    private async Task<string> WhyNoBatchAsync(IPage page)
    {
        var shown = await page.Locator("[data-testid=payouts-message]").AllTextContentsAsync();
        var crashed = await page.Locator("#blazor-error-ui").IsVisibleAsync();
        await using var scope = app.Services.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<SponsorshipDbContext>>().CreateDbContextAsync();
        var batches = await db.PayoutBatches.Select(b => b.Reference + " " + b.Status).ToListAsync();
        return $"""
            No batch opened after the draft (page at {page.Url}).
            Message shown: {string.Join(" | ", shown)}; error banner visible: {crashed}; batches: {string.Join(", ", batches)}.
            The server's last warnings and errors:
            {app.Factory.ServerLog.Recent()}
            """;
    }

    [GeneratedRegex(@"/admin/payouts/\d+$")]
    private static partial Regex BatchUrl();
}
