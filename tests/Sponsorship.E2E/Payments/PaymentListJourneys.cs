using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Sponsorship.Core.Data;
using Sponsorship.Core.Demo;
using Sponsorship.Core.Payments;
using Sponsorship.Core.Programme;

namespace Sponsorship.E2E.Payments;

/// <summary>The list of every payment on the payments page: paged, filtered and searched on the server.</summary>
[Collection(BrowserJourneys.Name)]
public sealed class PaymentListJourneys(BrowserApp app)
{
    static PaymentListJourneys() => Assertions.SetDefaultExpectTimeout(15_000);

    [Fact]
    public async Task An_administrator_pages_through_all_payments_and_narrows_them_by_state_method_day_and_reference()
    {
        List<Payment> all;
        DateOnly today;
        await using (var scope = app.Services.CreateAsyncScope())
        await using (var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<SponsorshipDbContext>>().CreateDbContextAsync())
        {
            all = await db.Payments.AsNoTracking().Where(p => p.AdoptionId != null).ToListAsync();
            today = scope.ServiceProvider.GetRequiredService<ProgrammeCalendar>().Today;
        }

        Assert.True(all.Count > 25, $"The demo has {all.Count} payments: too few for a second page.");
        var newestFirst = all.OrderByDescending(p => p.CreatedAt).ThenByDescending(p => p.Id).ToList();

        var page = await app.NewPageAsync(width: 1440, height: 900);
        await Journeys.SignInAsync(page, DemoAccounts.Admin.Email);
        await page.GotoAsync("/admin/payments");
        await Journeys.WaitUntilInteractiveAsync(page);
        var table = page.Locator("[data-testid=payments-all]");
        var rows = table.Locator("tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(25);
        await Assertions.Expect(rows.First.Locator("[data-testid=payment-reference]")).ToHaveTextAsync(newestFirst[0].ProviderReference);
        await Assertions.Expect(rows.First.Locator("[data-testid=payment-amount]")).ToHaveCSSAsync("text-align", "right");
        await Assertions.Expect(rows.First.Locator("[data-testid=payment-amount]")).ToHaveCSSAsync("font-variant-numeric", "tabular-nums");
        await Assertions.Expect(page.Locator("#all-payments")).ToHaveTextAsync("全部付款");
        await BrowserApp.ScreenshotAsync(page, "admin-payments-all-zh");

        // Page two starts with the 26th newest payment.
        await table.Locator(".mud-table-pagination-actions button").Nth(2).ClickAsync();
        await Assertions.Expect(rows.First.Locator("[data-testid=payment-reference]")).ToHaveTextAsync(newestFirst[25].ProviderReference);
        await Assertions.Expect(rows).ToHaveCountAsync(Math.Min(25, all.Count - 25));

        // Captured bank transfers only.
        await Journeys.ChooseAsync(page, "payments-status", "已到账");
        await Journeys.ChooseAsync(page, "payments-method", "银行转账");
        var capturedBank = all.Count(p => p.Status == PaymentStatus.Captured && p.Provider == BankTransferPayments.ProviderName);
        await Assertions.Expect(rows.Locator($"[data-testid=payment-status]:not([data-status={PaymentStatus.Captured}])")).ToHaveCountAsync(0);
        await Assertions.Expect(rows.Locator($"[data-testid=payment-method]:not([data-provider={BankTransferPayments.ProviderName}])")).ToHaveCountAsync(0);
        await Assertions.Expect(rows.Locator("[data-testid=payment-status]")).ToHaveCountAsync(Math.Min(25, capturedBank));

        await Journeys.ChooseAsync(page, "payments-status", "不限");
        await Journeys.ChooseAsync(page, "payments-method", "不限");

        // Nothing was paid tomorrow; a piece of one reference finds that payment.
        await page.FillAsync("input[data-testid=payments-from]", today.AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await Assertions.Expect(table).ToContainTextAsync("没有符合这些条件的付款。");
        await page.FillAsync("input[data-testid=payments-from]", "");
        var wanted = newestFirst[30 % all.Count].ProviderReference;
        await page.FillAsync("input[data-testid=payments-reference]", wanted[^8..].ToLowerInvariant());
        await Assertions.Expect(rows.First.Locator("[data-testid=payment-reference]")).ToHaveTextAsync(wanted);
        await Assertions.Expect(rows).ToHaveCountAsync(all.Count(p => p.ProviderReference.Contains(wanted[^8..], StringComparison.OrdinalIgnoreCase)));
        await BrowserApp.ScreenshotAsync(page, "admin-payments-all-found-zh");

        await page.ClickAsync("[data-culture=en]");
        await Assertions.Expect(page.Locator("#all-payments")).ToHaveTextAsync("All payments");
        await Journeys.WaitUntilInteractiveAsync(page);
        await Assertions.Expect(rows).ToHaveCountAsync(25);
        await BrowserApp.ScreenshotAsync(page, "admin-payments-all-en");
    }
}
