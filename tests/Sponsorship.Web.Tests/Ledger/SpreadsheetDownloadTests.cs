using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Sponsorship.Core.Data;
using Sponsorship.Core.Demo;
using Sponsorship.Core.Payouts;
using Sponsorship.Testing;

namespace Sponsorship.Web.Tests.Ledger;

/// <summary>
/// The office's spreadsheets over real HTTP: administrators only, UTF-8 with its byte order mark first (Excel in China
/// reads Chinese names right only then), headers in the admin's language, codes as words and amounts in yuan.
/// </summary>
[Collection(SharedApp.Name)]
public sealed class SpreadsheetDownloadTests(SponsorshipAppFactory app)
{
    /// <summary>A paid adoption (so the payments and the ledger have rows) and the id of a batch with lines.</summary>
    private async Task<int> BatchWithLinesAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var money = MoneyTestData.For(scope.ServiceProvider);
        await money.AdoptAndPayAsync(await money.FreeSheepAsync(9), await money.UserIdAsync(DemoAccounts.Sponsor.Email), 180_000,
            scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow().AddDays(-3));
        var (drafted, _) = await scope.ServiceProvider.GetRequiredService<PayoutBatches>()
            .DraftAsync(new DateOnly(2026, 11, 30), 1, await money.UserIdAsync(DemoAccounts.Admin.Email));
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<SponsorshipDbContext>>().CreateDbContextAsync();
        return drafted ?? await db.PayoutBatches.Where(b => b.Lines.Any()).OrderByDescending(b => b.Id).Select(b => b.Id).FirstAsync();
    }

    [Fact]
    public async Task Each_spreadsheet_is_refused_to_all_but_admins_and_starts_with_the_UTF8_mark_and_a_header_in_the_admins_language()
    {
        var batchId = await BatchWithLinesAsync();
        (string Path, string Header, string Row)[] sheets =
        [
            ($"/admin/payouts/{batchId}/lines.csv", "参考号,牧户,", "PB-"),
            ("/admin/payments/payments.csv", "付款参考号,创建时间,支付方式,用途,金额（元）,状态,", ",1800.00,"),
            ("/admin/ledger/entries.csv", "交易号,时间,类型,参考号,账户类型,账户,金额（元）", ",收款,"),
        ];
        var admin = await HttpTestClient.SignedInAsync(app, DemoAccounts.Admin.Email, DemoAccounts.Password);
        foreach (var (path, header, row) in sheets)
        {
            HttpTestClient.AssertSentToSignIn(await HttpTestClient.Anonymous(app).GetAsync(path), path);
            foreach (var account in new[] { DemoAccounts.Sponsor, DemoAccounts.Herder })
            {
                HttpTestClient.AssertAccessDenied(await (await HttpTestClient.SignedInAsync(app, account.Email, DemoAccounts.Password)).GetAsync(path), path);
            }

            var response = await admin.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
            Assert.EndsWith(".csv", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName, StringComparison.Ordinal);
            var bytes = await response.Content.ReadAsByteArrayAsync();
            Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
            var text = Encoding.UTF8.GetString(bytes.AsSpan(3));
            Assert.StartsWith(header, text, StringComparison.Ordinal);
            Assert.Contains(row, text, StringComparison.Ordinal);
            Assert.Contains("\r\n", text, StringComparison.Ordinal);
        }
    }
}
