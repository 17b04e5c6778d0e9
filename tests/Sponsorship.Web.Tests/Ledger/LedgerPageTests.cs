using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Sponsorship.Core.Data;
using Sponsorship.Core.Demo;
using Sponsorship.Core.Ledger;
using Sponsorship.Testing;

namespace Sponsorship.Web.Tests.Ledger;

/// <summary>The money pages over real HTTP: who may open which, and that nobody sees another's earnings or money trail.</summary>
[Collection(SharedApp.Name)]
public sealed partial class LedgerPageTests(SponsorshipAppFactory app)
{
    private async Task<PaidAdoption> PaidAdoptionAsync(int household)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var money = MoneyTestData.For(scope.ServiceProvider);
        return await money.AdoptAndPayAsync(await money.FreeSheepAsync(household), await money.UserIdAsync(DemoAccounts.Sponsor.Email), 180_000,
            DateTimeOffset.UtcNow.AddDays(-3));
    }

    [Theory]
    [InlineData("/admin/ledger")]
    [InlineData("/admin/split-rules")]
    [InlineData("/admin/payouts")]
    [InlineData("/admin/payouts/reconciliation")]
    [InlineData("/admin/payouts/1/bank-file")]
    public async Task Money_admin_pages_are_for_admins_only(string path)
    {
        HttpTestClient.AssertSentToSignIn(await HttpTestClient.Anonymous(app).GetAsync(path), path);
        foreach (var account in new[] { DemoAccounts.Sponsor, DemoAccounts.Herder })
        {
            var response = await (await HttpTestClient.SignedInAsync(app, account.Email, DemoAccounts.Password)).GetAsync(path);
            HttpTestClient.AssertAccessDenied(response, path);
        }

        var admin = await HttpTestClient.SignedInAsync(app, DemoAccounts.Admin.Email, DemoAccounts.Password);
        var expected = path.EndsWith("bank-file", StringComparison.Ordinal) ? HttpStatusCode.NotFound : HttpStatusCode.OK;
        Assert.Equal(expected, (await admin.GetAsync(path)).StatusCode);
    }

    [Fact]
    public async Task The_ledger_page_shows_the_last_integrity_report_and_starts_a_full_check_in_the_background()
    {
        await PaidAdoptionAsync(5);
        LedgerCheck check;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            check = await scope.ServiceProvider.GetRequiredService<LedgerVerification>().RunAsync(full: false);
        }

        Assert.True(check.Intact, check.Detail);
        var admin = await HttpTestClient.SignedInAsync(app, DemoAccounts.Admin.Email, DemoAccounts.Password);
        var html = await admin.GetStringAsync("/admin/ledger");
        var start = html.IndexOf("ledger-integrity", StringComparison.Ordinal);
        Assert.True(html.Contains("data-intact=\"true\"", StringComparison.Ordinal), html[Math.Max(0, start - 300)..Math.Min(html.Length, start + 700)]);
        Assert.True(ReportId().Match(html) is { Success: true } shown && long.Parse(shown.Groups[1].Value, CultureInfo.InvariantCulture) >= check.Id);
        Assert.Contains("capture:payment:", html, StringComparison.Ordinal);

        var posted = await HttpTestClient.PostFormAsync(admin, "/admin/ledger", "ledger-full-check", []);
        HttpTestClient.AssertRedirectedTo(posted, "/admin/ledger?check=started");
        // The request only queued it: the job runner's host runs the full check and the page shows its report.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        long lastFull = 0;
        while (lastFull <= check.Id && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
            var full = LastFullId().Match(await admin.GetStringAsync("/admin/ledger"));
            lastFull = full.Success ? long.Parse(full.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
        }

        Assert.True(lastFull > check.Id, "no full check was reported within a minute of asking for one");
        await using var reading = app.Services.CreateAsyncScope();
        await using var db = await reading.ServiceProvider.GetRequiredService<IDbContextFactory<SponsorshipDbContext>>().CreateDbContextAsync();
        var report = await db.LedgerChecks.SingleAsync(c => c.Id == lastFull);
        Assert.True(report is { Full: true, Intact: true, FromTransactionId: 0 }, report.Detail);
        Assert.True(await db.JobRuns.AnyAsync(r => r.Job == LedgerFullCheckJob.JobName && r.StartedByUserId != null && r.FinishedAt != null));
    }

    [GeneratedRegex("data-testid=\"ledger-integrity\"[^>]*data-check-id=\"(\\d+)\"")]
    private static partial Regex ReportId();

    [GeneratedRegex("data-testid=\"ledger-last-full\"[^>]*data-check-id=\"(\\d+)\"")]
    private static partial Regex LastFullId();

    [Fact]
    public async Task A_herder_sees_their_own_earnings_and_not_another_households()
    {
        await PaidAdoptionAsync(1);
        var herderA = await (await HttpTestClient.SignedInAsync(app, DemoAccounts.Herder.Email, DemoAccounts.Password)).GetStringAsync("/herder/earnings");
        var herderB = await (await HttpTestClient.SignedInAsync(app, DemoAccounts.SecondHerder.Email, DemoAccounts.Password)).GetStringAsync("/herder/earnings");
        Assert.Contains("巴特尔家", herderA, StringComparison.Ordinal);
        Assert.Contains("¥324.00", herderA, StringComparison.Ordinal);
        Assert.Contains("其木格家", herderB, StringComparison.Ordinal);
        Assert.DoesNotContain("巴特尔家", herderB, StringComparison.Ordinal);
        var sponsor = await HttpTestClient.SignedInAsync(app, DemoAccounts.Sponsor.Email, DemoAccounts.Password);
        HttpTestClient.AssertAccessDenied(await sponsor.GetAsync("/herder/earnings"), "/herder/earnings");
    }

    [Fact]
    public async Task A_sponsor_sees_their_money_trail_and_another_sponsor_gets_404()
    {
        var paid = await PaidAdoptionAsync(4);
        var path = $"/my/adoptions/{paid.AdoptionId}/money";
        var sponsorA = await HttpTestClient.SignedInAsync(app, DemoAccounts.Sponsor.Email, DemoAccounts.Password);
        var html = await sponsorA.GetStringAsync(path);
        Assert.Contains("data-testid=\"money-trail\"", html, StringComparison.Ordinal);
        Assert.Contains("¥1,800.00", html, StringComparison.Ordinal);

        var sponsorB = await HttpTestClient.SignedInAsync(app, DemoAccounts.SecondSponsor.Email, DemoAccounts.Password);
        Assert.Equal(HttpStatusCode.NotFound, (await sponsorB.GetAsync(path)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await sponsorB.GetAsync($"/my/adoptions/{paid.AdoptionId + 100_000}/money")).StatusCode);
        var herder = await HttpTestClient.SignedInAsync(app, DemoAccounts.Herder.Email, DemoAccounts.Password);
        Assert.Equal(HttpStatusCode.NotFound, (await herder.GetAsync(path)).StatusCode);
    }

    [Fact]
    public async Task The_impact_page_is_public_and_shows_the_published_figures_beside_the_ledger()
    {
        await PaidAdoptionAsync(6);
        var html = await HttpTestClient.Anonymous(app).GetStringAsync("/impact");

        // Each row: the ledger's figure (ImpactReportTests pins how it is computed), then the programme's published one.
        await using var scope = app.Services.CreateAsyncScope();
        var figures = await scope.ServiceProvider.GetRequiredService<Sponsorship.Core.Impact.ImpactReport>().ComputeAsync();
        Assert.Contains($"<td class=\"num\">{figures.SheepAdopted.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)}</td><td class=\"num\">1,096</td>", html, StringComparison.Ordinal);
        Assert.Contains($"<td class=\"num\">{Sponsorship.Web.Components.Common.Text.Yuan(figures.SalesFen)}</td><td class=\"num\">¥1,973,500.00</td>", html, StringComparison.Ordinal);
        Assert.NotEqual(1_096, figures.SheepAdopted);
        Assert.Contains("data-testid=\"impact-chart\"", html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"impact-sales\"", html, StringComparison.Ordinal);
    }
}
