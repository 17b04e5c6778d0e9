using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Sponsorship.Core.Certificates;
using Sponsorship.Core.Data;
using Sponsorship.Core.Demo;
using Sponsorship.Testing;

namespace Sponsorship.Web.Tests.Certificates;

[Collection(SharedApp.Name)]
public sealed class CertificateEndpointTests(SponsorshipAppFactory app)
{
    [Fact]
    public async Task The_sponsor_downloads_their_certificate_as_a_pdf()
    {
        var serial = await SerialOfAsync(DemoAccounts.Sponsor.Email);
        var client = await HttpTestClient.SignedInAsync(app, DemoAccounts.Sponsor.Email, DemoAccounts.Password);

        var response = await client.GetAsync($"/my/certificates/{serial}.pdf");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal($"certificate-{serial}.pdf", response.Content.Headers.ContentDisposition!.FileName);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal("%PDF-"u8.ToArray(), bytes[..5]);
        using (var pdf = UglyToad.PdfPig.PdfDocument.Open(bytes))
        {
            var text = pdf.GetPage(1).Text;
            Assert.Contains(DemoAccounts.Sponsor.DisplayName, text, StringComparison.Ordinal);
            Assert.Contains(serial, text, StringComparison.Ordinal);
        }

        // The QR code carries the configured public address of the verification page.
        var publicBaseUrl = app.Services.GetRequiredService<IOptions<AppOptions>>().Value.PublicBaseUrl;
        Assert.Equal(Codes.VerificationUrl(publicBaseUrl, serial), PdfPages.DecodeQr(await PdfPages.RenderPngAsync(bytes)));
    }

    [Fact]
    public async Task Another_sponsor_a_herder_and_an_unknown_serial_get_404_an_admin_gets_the_file()
    {
        var serial = await SerialOfAsync(DemoAccounts.Sponsor.Email);
        var path = $"/my/certificates/{serial}.pdf";

        foreach (var account in new[] { DemoAccounts.SecondSponsor, DemoAccounts.Herder })
        {
            var other = await HttpTestClient.SignedInAsync(app, account.Email, DemoAccounts.Password);
            Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync(path)).StatusCode);
        }

        var sponsor = await HttpTestClient.SignedInAsync(app, DemoAccounts.Sponsor.Email, DemoAccounts.Password);
        Assert.Equal(HttpStatusCode.NotFound, (await sponsor.GetAsync("/my/certificates/2026-NOSUCH00.pdf")).StatusCode);
        var admin = await HttpTestClient.SignedInAsync(app, DemoAccounts.Admin.Email, DemoAccounts.Password);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync(path)).StatusCode);
    }

    [Fact]
    public async Task Anonymous_is_sent_to_sign_in()
    {
        var serial = await SerialOfAsync(DemoAccounts.Sponsor.Email);

        var response = await HttpTestClient.Anonymous(app).GetAsync($"/my/certificates/{serial}.pdf");

        HttpTestClient.AssertSentToSignIn(response, $"/my/certificates/{serial}.pdf");
    }

    [Fact]
    public async Task The_verification_page_says_valid_without_sign_in_and_never_caches()
    {
        var serial = await SerialOfAsync(DemoAccounts.SecondSponsor.Email);
        var client = HttpTestClient.Anonymous(app);
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");

        var response = await client.GetAsync(VerifyPath(serial));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("no-store", response.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
        Assert.Contains("data-status=\"valid\"", html, StringComparison.Ordinal);
        Assert.Contains(serial, html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_code_shows_that_it_cannot_be_verified_and_nothing_else()
    {
        var serial = await SerialOfAsync(DemoAccounts.Sponsor.Email);
        var code = Codes.CodeFor(serial);
        // The last symbol moved one step along the code's own alphabet: a well-formed code that is never the right one
        // (and never one of the look-alikes the check forgives, which are not in the alphabet).
        const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
        var wrong = code[..^1] + Alphabet[(Alphabet.IndexOf(code[^1], StringComparison.Ordinal) + 1) % Alphabet.Length];

        var html = await HttpTestClient.Anonymous(app).GetStringAsync($"/verify/{serial}?c={wrong}");

        Assert.Contains("data-status=\"cannot-verify\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"verify-details\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("verify-sponsor", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_revoked_certificate_shows_revoked_at_once()
    {
        // A certificate of one of the demo donors, so the sponsors' own stay valid for the other tests.
        await using var scope = app.Services.CreateAsyncScope();
        var factory = scope.ServiceProvider.GetRequiredService<IDbContextFactory<SponsorshipDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        var certificate = await db.Certificates.Where(c => c.Status == CertificateStatus.Valid && c.Adoption.Sponsor.Email == "donor1@example.com")
            .OrderBy(c => c.Id).FirstAsync();
        var client = HttpTestClient.Anonymous(app);
        Assert.Contains("data-status=\"valid\"", await client.GetStringAsync(VerifyPath(certificate.Serial)), StringComparison.Ordinal);

        await CertificateIssuer.RevokeAsync(db, certificate.AdoptionId, TimeProvider.System.GetUtcNow());
        await db.SaveChangesAsync();

        Assert.Contains("data-status=\"revoked\"", await client.GetStringAsync(VerifyPath(certificate.Serial)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verification_is_rate_limited_per_client()
    {
        await using var limited = new LimitedApp();
        var serial = await SerialOfAsync(DemoAccounts.Sponsor.Email, limited);
        var client = HttpTestClient.Anonymous(limited);

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(VerifyPath(serial, limited))).StatusCode);
        }

        var refused = await client.GetAsync(VerifyPath(serial, limited));
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(refused.Headers.Contains("Retry-After"));
    }

    private CertificateCodes Codes => app.Services.GetRequiredService<CertificateCodes>();

    private string VerifyPath(string serial, SponsorshipAppFactory? on = null) =>
        $"/verify/{serial}?c={(on ?? app).Services.GetRequiredService<CertificateCodes>().CodeFor(serial)}";

    private async Task<string> SerialOfAsync(string email, SponsorshipAppFactory? on = null)
    {
        await using var scope = (on ?? app).Services.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<SponsorshipDbContext>>().CreateDbContextAsync();
        return await db.Certificates.Where(c => c.Status == CertificateStatus.Valid && c.Adoption.Sponsor.Email == email)
            .OrderBy(c => c.Id).Select(c => c.Serial).FirstAsync();
    }

    private sealed class LimitedApp : SponsorshipAppFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("RateLimits:Verification:PermitLimit", "3");
        }
    }
}
