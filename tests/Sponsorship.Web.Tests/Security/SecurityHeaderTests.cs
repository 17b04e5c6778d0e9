using System.Net;
using System.Text.RegularExpressions;
using Sponsorship.Testing;

namespace Sponsorship.Web.Tests.Security;

[Collection(SharedApp.Name)]
public sealed partial class SecurityHeaderTests(SponsorshipAppFactory app)
{
    [Theory]
    [InlineData("/")]
    [InlineData("/sheep")]
    [InlineData("/Account/Login")]
    [InlineData("/no-such-page")]
    public async Task Every_page_carries_the_security_headers(string path)
    {
        var response = await HttpTestClient.Anonymous(app).GetAsync(path);

        var csp = Header(response, "Content-Security-Policy");
        Assert.Contains("default-src 'self'", csp);
        Assert.Matches("script-src 'self' 'nonce-[0-9a-f]{32}'(;|$)", csp);
        Assert.Contains("style-src 'self' 'unsafe-inline'", csp);
        Assert.Contains("img-src 'self' data: blob:", csp);
        Assert.Contains("connect-src 'self' ws://localhost wss://localhost", csp);
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.Contains("object-src 'none'", csp);
        Assert.Contains("base-uri 'self'", csp);
        Assert.Contains("form-action 'self'", csp);
        Assert.DoesNotContain("unsafe-eval", csp);
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.Equal("DENY", Header(response, "X-Frame-Options"));
        Assert.Equal("strict-origin-when-cross-origin", Header(response, "Referrer-Policy"));
        Assert.Contains("camera=(self)", Header(response, "Permissions-Policy"));
        Assert.Contains("geolocation=()", Header(response, "Permissions-Policy"));
    }

    [Fact]
    public async Task The_import_map_carries_the_nonce_of_its_own_response_and_each_response_gets_a_new_one()
    {
        var client = HttpTestClient.Anonymous(app);

        // A page that runs scripts (public pages run none and carry no import map, so their cached copies hold no nonce).
        var first = await client.GetAsync("/Account/Login");
        var second = await client.GetAsync("/Account/Login");

        var nonce = PolicyNonce().Match(Header(first, "Content-Security-Policy")).Groups[1].Value;
        var html = await first.Content.ReadAsStringAsync();
        Assert.Contains($"<script type=\"importmap\" nonce=\"{nonce}\"", html);
        Assert.NotEqual(nonce, PolicyNonce().Match(Header(second, "Content-Security-Policy")).Groups[1].Value);
        // No other inline script: everything else is a file from this origin.
        Assert.Single(InlineScript().Matches(html));
    }

    [Fact]
    public async Task Development_sends_no_HSTS()
    {
        var response = await HttpTestClient.Anonymous(app).GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("Strict-Transport-Security"));
    }

    internal static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? string.Join(", ", values)
            : throw new Xunit.Sdk.XunitException($"No {name} header on {response.RequestMessage?.RequestUri}");

    [GeneratedRegex("'nonce-([^']+)'")]
    private static partial Regex PolicyNonce();

    [GeneratedRegex("<script(?![^>]*\\bsrc=)[^>]*>")]
    private static partial Regex InlineScript();
}
