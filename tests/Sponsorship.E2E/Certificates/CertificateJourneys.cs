using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Playwright;
using Sponsorship.Core.Certificates;
using Sponsorship.Core.Data;
using Sponsorship.Core.Demo;
using Sponsorship.Testing;
using Sponsorship.Web;

namespace Sponsorship.E2E.Certificates;

[Collection(BrowserJourneys.Name)]
public sealed class CertificateJourneys(BrowserApp app)
{
    [Fact]
    public async Task A_sponsor_downloads_the_certificate_scans_its_qr_code_and_sees_valid()
    {
        var page = await app.NewPageAsync();
        await Journeys.SignInAsync(page, DemoAccounts.Sponsor.Email);
        await page.GotoAsync("/my");
        await page.Locator("a.sheep-card-link").First.ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("/my/adoptions/", StringComparison.Ordinal));

        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("[data-testid=certificate-download]"));
        Assert.EndsWith(".pdf", download.SuggestedFilename, StringComparison.Ordinal);
        var pdf = await File.ReadAllBytesAsync(await download.PathAsync());

        // What a phone sees: the printed page, as pixels, and the QR code in it.
        var png = await PdfPages.RenderPngAsync(pdf);
        await File.WriteAllBytesAsync(Path.Combine(BrowserApp.ArtifactsDirectory, "certificate-downloaded.png"), png);
        var scanned = PdfPages.DecodeQr(png);
        Assert.NotNull(scanned);
        var publicBaseUrl = app.Services.GetRequiredService<IOptions<AppOptions>>().Value.PublicBaseUrl;
        Assert.StartsWith($"{publicBaseUrl}/verify/", scanned, StringComparison.Ordinal);

        // The printed address is the configured public one, which is this test server's own: open it signed out, as
        // anyone who scans it would.
        var anyone = await app.NewPageAsync(width: 412, height: 900);
        await anyone.GotoAsync(scanned);
        var status = anyone.Locator("[data-testid=verify-status]");
        await Assertions.Expect(status).ToHaveAttributeAsync("data-status", "valid");
        await Assertions.Expect(anyone.Locator("[data-testid=verify-sponsor]")).ToBeVisibleAsync();
        await BrowserApp.ScreenshotAsync(anyone, "verify-valid-phone");

        var desktop = await app.NewPageAsync();
        await desktop.GotoAsync("/language?culture=en&returnUrl=" + Uri.EscapeDataString(new Uri(scanned).PathAndQuery));
        await Assertions.Expect(desktop.Locator("[data-testid=verify-status]")).ToHaveAttributeAsync("data-status", "valid");
        await Assertions.Expect(desktop.Locator("h1")).ToHaveTextAsync("Certificate verification");
        await BrowserApp.ScreenshotAsync(desktop, "verify-valid-en");
    }

    [Fact]
    public async Task A_refunded_adoptions_certificate_shows_revoked_with_its_date()
    {
        // A demo donor's certificate (the demo sponsors' own stay valid for the other journeys).
        await using var scope = app.Services.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<SponsorshipDbContext>>().CreateDbContextAsync();
        var certificate = await db.Certificates
            .Where(c => c.Status == CertificateStatus.Valid && c.Adoption.Sponsor.Email == "donor5@example.com")
            .OrderBy(c => c.Id).FirstAsync();
        await CertificateIssuer.RevokeAsync(db, certificate.AdoptionId, TimeProvider.System.GetUtcNow());
        await db.SaveChangesAsync();
        var code = app.Services.GetRequiredService<CertificateCodes>().CodeFor(certificate.Serial);
        var page = await app.NewPageAsync(width: 412, height: 900);

        await page.GotoAsync($"/verify/{certificate.Serial}?c={code}");

        await Assertions.Expect(page.Locator("[data-testid=verify-status]")).ToHaveAttributeAsync("data-status", "revoked");
        await Assertions.Expect(page.Locator("[data-testid=verify-status]")).ToContainTextAsync("撤销");
        await BrowserApp.ScreenshotAsync(page, "verify-revoked-phone");
    }

    [Fact]
    public async Task A_tampered_link_shows_that_the_certificate_cannot_be_verified()
    {
        var page = await app.NewPageAsync(width: 412, height: 800);

        await page.GotoAsync("/verify/2026-ABCDEFGH?c=0000000000AA");

        await Assertions.Expect(page.Locator("[data-testid=verify-status]")).ToHaveAttributeAsync("data-status", "cannot-verify");
        Assert.Equal(0, await page.Locator("[data-testid=verify-details]").CountAsync());
        await BrowserApp.ScreenshotAsync(page, "verify-cannot-verify");
    }
}
