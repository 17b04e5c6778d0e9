using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Sponsorship.Core.Demo;
using Sponsorship.Core.Payouts;
using Sponsorship.Testing;

namespace Sponsorship.E2E.Payouts;

[Collection(BrowserJourneys.Name)]
public sealed class PayoutDeskJourneys(BrowserApp app)
{
    static PayoutDeskJourneys() => Assertions.SetDefaultExpectTimeout(15_000);

    [Fact]
    public async Task An_admin_fails_a_line_with_the_banks_reason_marks_the_rest_paid_at_once_and_downloads_the_lines()
    {
        // Three households' lines exported (drafted by one admin, approved and exported by the other, as the pages do).
        int batchId;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var money = MoneyTestData.For(scope.ServiceProvider);
            var sponsor = await money.UserIdAsync(DemoAccounts.Sponsor.Email);
            var now = scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow();
            foreach (var household in new[] { 41, 42, 43 })
            {
                await money.AdoptAndPayAsync(await money.FreeSheepAsync(household), sponsor, 180_000, now.AddDays(-40));
            }

            var batches = scope.ServiceProvider.GetRequiredService<PayoutBatches>();
            var checker = await money.UserIdAsync(DemoAccounts.SecondAdmin.Email);
            var (drafted, outcome) = await batches.DraftAsync(new DateOnly(2026, 11, 30), 1, await money.UserIdAsync(DemoAccounts.Admin.Email));
            Assert.Equal(PayoutOutcome.Done, outcome);
            batchId = drafted!.Value;
            Assert.Equal(PayoutOutcome.Done, await batches.ApproveAsync(batchId, checker));
            Assert.Equal(PayoutOutcome.Done, await batches.ExportAsync(batchId, checker));
        }

        var page = await app.NewPageAsync(1440, 900);
        await Journeys.SignInAsync(page, DemoAccounts.SecondAdmin.Email);
        await page.GotoAsync($"/admin/payouts/{batchId}");
        await Journeys.WaitUntilInteractiveAsync(page);
        var lines = page.Locator("[data-testid=batch-line]");
        var failing = lines.Filter(new() { Has = page.Locator("[data-testid=line-fail]") }).First;
        var reference = await failing.GetAttributeAsync("data-reference");

        // "Failed" asks for the bank's reason: an empty one is refused by name, the one typed shows on the line.
        await failing.Locator("[data-testid=line-fail]").ClickAsync();
        var dialog = page.Locator("[data-testid=fail-dialog]");
        await Assertions.Expect(dialog).ToBeVisibleAsync();
        await page.ClickAsync("[data-testid=fail-submit]");
        await Assertions.Expect(page.Locator("[data-testid=fail-error]")).ToContainTextAsync("请填写失败原因");
        await BrowserApp.ScreenshotAsync(page, "payout-fail-reason-required-zh");
        await page.FillAsync("input[data-testid=fail-reason]", "账户已销户");
        await page.ClickAsync("[data-testid=fail-submit]");
        await Assertions.Expect(dialog).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator(".mud-overlay")).ToHaveCountAsync(0);
        var failed = page.Locator($"[data-testid=batch-line][data-reference='{reference}']");
        await Assertions.Expect(failed).ToHaveAttributeAsync("data-status", "Failed");
        await Assertions.Expect(failed.Locator("[data-testid=line-reason]")).ToHaveTextAsync("账户已销户");

        // The rest, ticked all at once, are marked paid after one question; the page says how many and how much.
        var inTransit = await page.Locator("[data-testid=line-select]").CountAsync();
        Assert.True(inTransit >= 2, $"{inTransit} lines in transit");
        await page.ClickAsync("[data-testid=select-all]");
        var bulk = page.Locator("[data-testid=bulk-paid]");
        await Assertions.Expect(bulk).ToContainTextAsync($"标记 {inTransit} 行已到账（¥");
        await BrowserApp.ScreenshotAsync(page, "payout-bulk-selected-zh");
        await bulk.ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "确认已到账" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=batch-message]")).ToContainTextAsync($"已标记 {inTransit} 行已到账");
        await Assertions.Expect(page.Locator("[data-testid=batch-line][data-status=InTransit]")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator(".mud-overlay")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("[data-testid=batch-status]").First).ToHaveAttributeAsync("data-status", "Completed");
        await BrowserApp.ScreenshotAsync(page, "payout-bulk-paid-zh");

        // The lines as a spreadsheet: UTF-8 with its mark, the headers in Chinese, the reason and the words for the states.
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("[data-testid=batch-lines-csv]"));
        var bytes = await File.ReadAllBytesAsync(await download.PathAsync());
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        var text = Encoding.UTF8.GetString(bytes.AsSpan(3));
        Assert.StartsWith("参考号,牧户,", text, StringComparison.Ordinal);
        Assert.Contains($"{reference},", text, StringComparison.Ordinal);
        Assert.Contains(",失败,", text, StringComparison.Ordinal);
        Assert.Contains("账户已销户", text, StringComparison.Ordinal);
        Assert.Contains(",已到账,", text, StringComparison.Ordinal);

        // The ledger's entries, filtered in the database by the failed line's reference, say what happened in words.
        await page.GotoAsync("/admin/ledger");
        await Journeys.WaitUntilInteractiveAsync(page);
        await page.FillAsync("input[data-testid=ledger-entries-filter]", reference!);
        var entries = page.Locator("[data-testid=ledger-entries]");
        await Assertions.Expect(entries).ToContainTextAsync("发放退回");
        await Assertions.Expect(entries.Locator("tbody tr")).ToHaveCountAsync(4);
        await BrowserApp.ScreenshotAsync(page, "admin-ledger-entries-filtered-zh");
    }
}
