using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Sponsorship.Core.Demo;
using Sponsorship.Core.Programme;
using Sponsorship.Testing;

namespace Sponsorship.E2E.Payouts;

[Collection(BrowserJourneys.Name)]
public sealed class PayoutJourneys(BrowserApp app)
{
    static PayoutJourneys() => Assertions.SetDefaultExpectTimeout(15_000);

    [Fact]
    public async Task Two_admins_pay_herders_reconcile_the_bank_statement_and_the_herder_and_sponsor_see_the_payout()
    {
        // Two herders' sheep adopted and paid (checkout is not built here: the money is posted as checkout will).
        PaidAdoption first;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var money = MoneyTestData.For(scope.ServiceProvider);
            var sponsor = await money.UserIdAsync(DemoAccounts.Sponsor.Email);
            first = await money.AdoptAndPayAsync(await money.FreeSheepAsync(1), sponsor, 180_000, DateTimeOffset.UtcNow.AddDays(-40));
            await money.AdoptAndPayAsync(await money.FreeSheepAsync(2), sponsor, 180_000, DateTimeOffset.UtcNow.AddDays(-40));
        }

        // The first admin drafts the batch and cannot approve it.
        var maker = await app.NewPageAsync();
        await Journeys.SignInAsync(maker, DemoAccounts.Admin.Email);
        await maker.GotoAsync("/admin/payouts");
        await Journeys.WaitUntilInteractiveAsync(maker);
        await maker.ClickAsync("[data-testid=payout-draft]");
        await maker.WaitForURLAsync(url => System.Text.RegularExpressions.Regex.IsMatch(url, @"/admin/payouts/\d+$"));
        await maker.Locator("[data-testid=batch-title]").WaitForAsync();
        await Journeys.WaitUntilInteractiveAsync(maker);
        var batchUrl = maker.Url;
        await Assertions.Expect(maker.Locator("[data-testid=batch-approve]")).ToBeDisabledAsync();
        await Assertions.Expect(maker.Locator("[data-testid=approve-reason]")).ToContainTextAsync("另一位管理员");
        await BrowserApp.ScreenshotAsync(maker, "payouts-maker-cannot-approve-zh");

        // A second admin approves and exports it.
        var checker = await app.NewPageAsync();
        await Journeys.SignInAsync(checker, DemoAccounts.SecondAdmin.Email);
        await checker.GotoAsync(batchUrl);
        await Journeys.WaitUntilInteractiveAsync(checker);
        await checker.ClickAsync("[data-testid=batch-approve]");
        await Assertions.Expect(checker.Locator("[data-testid=batch-status]").First).ToHaveAttributeAsync("data-status", "Approved");
        await checker.ClickAsync("[data-testid=batch-export]");
        await Assertions.Expect(checker.Locator("[data-testid=batch-download]")).ToBeVisibleAsync();
        await BrowserApp.ScreenshotAsync(checker, "payouts-exported-zh");
        var references = await checker.Locator("[data-testid=batch-line]").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.reference)");
        var reference1 = references.Single(r => r.EndsWith("-1", StringComparison.Ordinal));
        var reference2 = references.Single(r => r.EndsWith("-2", StringComparison.Ordinal));

        // The first admin imports the bank's statement: one line matches, one has a different amount.
        var folder = Directory.CreateTempSubdirectory("sponsorship-statement-");
        var statement = Path.Combine(folder.FullName, "bank-statement.csv");
        var today = app.Services.GetRequiredService<ProgrammeCalendar>().Today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        await File.WriteAllTextAsync(statement, $"date,reference,amount,description\n{today},{reference1},324.00,巴特尔\n{today},{reference2},342.00,其木格\n", new UTF8Encoding(false));
        await maker.GotoAsync("/admin/payouts/reconciliation");
        await Journeys.WaitUntilInteractiveAsync(maker);
        await maker.SetInputFilesAsync("[data-testid=statement-file]", statement);
        await Assertions.Expect(maker.Locator("[data-testid=statement-result]")).ToContainTextAsync("匹配 1 行");
        var exception = maker.Locator($"[data-testid=exception][data-reference='{reference2}']");
        await Assertions.Expect(exception).ToContainTextAsync("金额不符");
        await BrowserApp.ScreenshotAsync(maker, "reconciliation-mismatch-zh");

        await exception.GetByLabel("说明").FillAsync("银行电话确认实付 ¥324.00，对账单金额录入有误");
        await exception.Locator("[data-testid=resolve-button]").ClickAsync();
        // The demo's own exception from last month may still wait beside it (the console journey resolves that one).
        await Assertions.Expect(exception).ToHaveCountAsync(0);
        await Assertions.Expect(maker.Locator("[data-testid=resolved]")).ToContainTextAsync(reference2);
        await BrowserApp.ScreenshotAsync(maker, "reconciliation-resolved-zh");

        // The ledger page shows the last integrity report; a full check runs in the background and reports there.
        await maker.GotoAsync("/admin/ledger");
        var lastFull = maker.Locator("[data-testid=ledger-last-full]");
        var before = await lastFull.GetAttributeAsync("data-check-id");
        await maker.ClickAsync("[data-testid=ledger-full-check]");
        await Assertions.Expect(maker.Locator("[data-testid=ledger-full-started], [data-testid=ledger-full-running]").First).ToBeVisibleAsync();
        await BrowserApp.ScreenshotAsync(maker, "admin-ledger-full-check-started-zh");
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (await lastFull.GetAttributeAsync("data-check-id") is var shown && (shown is null || shown == before) && DateTime.UtcNow < deadline)
        {
            await maker.WaitForTimeoutAsync(200);
            await maker.GotoAsync("/admin/ledger");
        }

        Assert.NotEqual(before, await lastFull.GetAttributeAsync("data-check-id"));
        await Assertions.Expect(maker.Locator("[data-testid=ledger-integrity]")).ToHaveAttributeAsync("data-intact", "true");
        await Assertions.Expect(lastFull).ToContainTextAsync("通过");
        await BrowserApp.ScreenshotAsync(maker, "admin-ledger-zh");

        // The herder sees the payout, paid, on the phone.
        var herder = await app.NewPageAsync(390, 844);
        await Journeys.SignInAsync(herder, DemoAccounts.Herder.Email);
        await herder.GotoAsync("/herder/earnings");
        var payout = herder.Locator("[data-testid=earnings-payout]").Filter(new LocatorFilterOptions { HasText = reference1 });
        await Assertions.Expect(payout).ToHaveAttributeAsync("data-status", "Paid");
        await Assertions.Expect(payout).ToContainTextAsync("¥324.00");
        // Last month's payout, from the demo's own batch, was paid too; the page says so in both languages.
        var paid = herder.Locator("[data-testid=earnings-payout][data-status=Paid]");
        Assert.True(await paid.CountAsync() >= 2, "The demo herder sees this batch's payout and last month's, both paid.");
        await Assertions.Expect(paid.Last).ToContainTextAsync("已到账");
        await BrowserApp.ScreenshotAsync(herder, "herder-earnings-zh");
        await herder.GotoAsync("/language?culture=en&returnUrl=%2Fherder%2Fearnings");
        await Assertions.Expect(herder.Locator("[data-testid=earnings-payout][data-status=Paid]").Last).ToContainTextAsync("Paid");
        await BrowserApp.ScreenshotAsync(herder, "herder-earnings-en");

        // The sponsor sees which batch paid the herder.
        var sponsorPage = await app.NewPageAsync(390, 844);
        await Journeys.SignInAsync(sponsorPage, DemoAccounts.Sponsor.Email);
        await sponsorPage.GotoAsync($"/my/adoptions/{first.AdoptionId}/money");
        await Assertions.Expect(sponsorPage.Locator("[data-testid=money-trail-payouts]")).ToContainTextAsync(reference1[..reference1.LastIndexOf('-')]);
        await BrowserApp.ScreenshotAsync(sponsorPage, "sponsor-money-trail-zh");

        var visitor = await app.NewPageAsync();
        await visitor.GotoAsync("/impact");
        await Assertions.Expect(visitor.Locator("[data-testid=impact-paid]")).ToContainTextAsync("¥");
        await BrowserApp.ScreenshotAsync(visitor, "impact-zh");
    }
}
