using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Sponsorship.Core.Data;
using Sponsorship.Core.Demo;
using Sponsorship.Core.Mail;

namespace Sponsorship.E2E.Mail;

/// <summary>The mail page's outbox list: every queued mail, paged and filtered on the server, kinds and states in words.</summary>
[Collection(BrowserJourneys.Name)]
public sealed class OutboxListJourneys(BrowserApp app)
{
    static OutboxListJourneys() => Assertions.SetDefaultExpectTimeout(15_000);

    [Fact]
    public async Task An_administrator_pages_through_the_outbox_and_narrows_it_by_state_kind_and_address()
    {
        // Thirty digests that went out last night, to readers of a list nobody else writes to.
        int total;
        await using (var scope = app.Services.CreateAsyncScope())
        await using (var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<SponsorshipDbContext>>().CreateDbContextAsync())
        {
            var now = scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow();
            for (var i = 0; i < 30; i++)
            {
                db.OutboxMails.Add(new OutboxMail
                {
                    Kind = MailKinds.MonthlyDigest, ToEmail = $"digest-reader{i:00}@example.com", Culture = "zh-CN", MessageId = $"{Guid.NewGuid():N}@sponsorship.local",
                    Status = OutboxStatus.Sent, Attempts = 1, CreatedAt = now.AddHours(-10), NextAttemptAt = now.AddHours(-10), SentAt = now.AddHours(-10),
                    Subject = $"十一月月度简报 {i:00}",
                });
            }

            await db.SaveChangesAsync();
            total = await db.OutboxMails.CountAsync();
        }

        var page = await app.NewPageAsync(width: 1440, height: 900);
        await Journeys.SignInAsync(page, DemoAccounts.Admin.Email);
        await page.GotoAsync("/admin/mail");
        await Journeys.WaitUntilInteractiveAsync(page);
        var table = page.Locator("[data-testid=outbox-all]");
        var rows = table.Locator("tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(25);
        await Assertions.Expect(table).ToContainTextAsync($"共 {total} 条");

        // Page two holds the rest of the newest mails.
        await table.Locator(".mud-table-pagination-actions button").Nth(2).ClickAsync();
        await Assertions.Expect(table).ToContainTextAsync($"第 26–{Math.Min(50, total)} 条");

        // Sent digests whose address has "reader0": the first ten readers, shown in words.
        await Journeys.ChooseAsync(page, "outbox-status", "已发送");
        await Journeys.ChooseAsync(page, "outbox-kind", "月度简报");
        await page.FillAsync("input[data-testid=outbox-search]", "READER0");
        await Assertions.Expect(rows).ToHaveCountAsync(10);
        await Assertions.Expect(rows.Locator("[data-testid=outbox-mail-to]:not(:text-matches('^digest-reader0\\\\d@example.com$'))")).ToHaveCountAsync(0);
        await Assertions.Expect(rows.Locator("[data-testid=outbox-mail-kind]").First).ToHaveTextAsync("月度简报");
        await Assertions.Expect(rows.Locator("[data-testid=outbox-mail-status]").First).ToHaveTextAsync("已发送");
        await BrowserApp.ScreenshotAsync(page, "mail-admin-outbox-filtered-zh");

        await Journeys.ChooseAsync(page, "outbox-status", "发送失败");
        await Assertions.Expect(table).ToContainTextAsync("没有符合这些条件的邮件。");

        await page.ClickAsync("[data-culture=en]");
        await Journeys.WaitUntilInteractiveAsync(page);
        await Assertions.Expect(page.Locator("#outbox-all")).ToHaveTextAsync("All mail in the outbox");
        await Assertions.Expect(rows).ToHaveCountAsync(25);
        await BrowserApp.ScreenshotAsync(page, "mail-admin-outbox-en");
    }
}
