using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Sponsorship.Core.Data;
using Sponsorship.Core.Demo;
using Sponsorship.Core.Payments;
using Sponsorship.Web.Tests.Operations;

namespace Sponsorship.Web.Tests.Security;

/// <summary>A Production instance with the demo seeded (<c>--seed-demo</c>), asked as the public host does over HTTPS.</summary>
public sealed class ProductionInstance : IDisposable
{
    public ProductionInstance() => App = new ConfiguredApp(ConfiguredApp.ProductionSettings(new() { ["App:SeedDemo"] = "true" }), "Production");

    public ConfiguredApp App { get; }

    public HttpClient Client() => App.CreateClient(new WebApplicationFactoryClientOptions
    {
        BaseAddress = new Uri(ConfiguredApp.ProductionBaseUrl), AllowAutoRedirect = false, HandleCookies = true,
    });

    public void Dispose() => App.Dispose();
}

public sealed partial class ProductionInstanceTests(ProductionInstance production) : IClassFixture<ProductionInstance>
{
    [Fact]
    public async Task A_request_for_another_host_gets_400_and_the_public_host_and_loopback_are_served()
    {
        var client = production.Client();
        using var forged = new HttpRequestMessage(HttpMethod.Get, "/healthz");
        forged.Headers.Host = "evil.example";
        using var probe = new HttpRequestMessage(HttpMethod.Get, "/healthz");
        probe.Headers.Host = "127.0.0.1:8080";

        Assert.Equal(HttpStatusCode.BadRequest, (await client.SendAsync(forged)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(probe)).StatusCode);
    }

    [Fact]
    public async Task The_sandbox_webhook_does_not_exist_and_stores_nothing()
    {
        var sandbox = new SandboxPayments(Microsoft.Extensions.Options.Options.Create(new PaymentOptions()), TimeProvider.System);
        var (body, signature) = sandbox.Event("payment.captured", "TB-FORGED", 180_000, "CNY");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/payments/sandbox") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add(SandboxPayments.SignatureHeader, signature);

        var response = await production.Client().SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        await using var scope = production.App.Services.CreateAsyncScope();
        await using var db = await Db(scope);
        Assert.Equal(0, await db.ProviderEvents.CountAsync(e => e.Provider == SandboxPayments.ProviderName && e.Payload.Contains("TB-FORGED")));
    }

    [Fact]
    public async Task The_sign_in_cookie_is_secure()
    {
        var client = production.Client();

        var response = await HttpTestClient.PostFormAsync(client, "/Account/Login", "login", new()
        {
            ["Input.Email"] = DemoAccounts.Sponsor.Email,
            ["Input.Password"] = DemoAccounts.Password,
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("sponsorship.auth=", StringComparison.Ordinal));
        Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task An_admin_without_an_authenticator_is_sent_to_set_one_up_and_then_the_admin_pages_open()
    {
        var client = production.Client();
        var signIn = await HttpTestClient.PostFormAsync(client, "/Account/Login", "login", new()
        {
            ["Input.Email"] = DemoAccounts.SecondAdmin.Email,
            ["Input.Password"] = DemoAccounts.Password,
        });
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);

        var admin = await client.GetAsync("/admin");
        Assert.Equal(HttpStatusCode.Redirect, admin.StatusCode);
        var denied = await client.GetAsync(admin.Headers.Location);
        Assert.Equal(HttpStatusCode.Redirect, denied.StatusCode);
        Assert.Contains("Account/Manage/EnableAuthenticator", denied.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.NotEqual(HttpStatusCode.OK, (await client.GetAsync("/admin/payouts/1/bank-file")).StatusCode);

        // The admin scans the key into an authenticator app and types its code.
        var setup = await client.GetStringAsync("/Account/Manage/EnableAuthenticator");
        var key = SharedKey().Match(setup).Groups[1].Value.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
        var enabled = await HttpTestClient.PostFormAsync(client, "/Account/Manage/EnableAuthenticator", "send-code", new() { ["Input.Code"] = Totp(key) });
        Assert.True(enabled.StatusCode is HttpStatusCode.OK or HttpStatusCode.Redirect, $"{(int)enabled.StatusCode}");

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/admin")).StatusCode);
    }

    [Fact]
    public async Task Data_protection_keys_are_stored_encrypted()
    {
        Assert.Equal(HttpStatusCode.OK, (await production.Client().GetAsync("/Account/Login")).StatusCode);

        await using var scope = production.App.Services.CreateAsyncScope();
        await using var db = await Db(scope);
        var keys = await db.DataProtectionKeys.Select(k => k.Xml).ToListAsync();
        Assert.NotEmpty(keys);
        Assert.All(keys, xml =>
        {
            Assert.Contains("EncryptedXml", xml ?? "", StringComparison.Ordinal);
            Assert.DoesNotContain("<masterKey", xml ?? "", StringComparison.Ordinal);
        });
    }

    /// <summary>The six-digit code an authenticator app shows now (RFC 6238: HMAC-SHA1 over 30-second steps).</summary>
    private static string Totp(string base32Key)
    {
        var key = FromBase32(base32Key);
        var step = DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 30;
        var counter = BitConverter.GetBytes(IPAddress.HostToNetworkOrder(step));
#pragma warning disable CA5350 // RFC 6238 authenticator codes are HMAC-SHA1, as every authenticator app computes them.
        var hash = HMACSHA1.HashData(key, counter);
#pragma warning restore CA5350
        var offset = hash[^1] & 0xf;
        var binary = ((hash[offset] & 0x7f) << 24) | (hash[offset + 1] << 16) | (hash[offset + 2] << 8) | hash[offset + 3];
        return (binary % 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
    }

    private static byte[] FromBase32(string text)
    {
        const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var bytes = new List<byte>();
        int buffer = 0, bits = 0;
        foreach (var c in text.TrimEnd('='))
        {
            buffer = (buffer << 5) | Alphabet.IndexOf(c, StringComparison.Ordinal);
            bits += 5;
            if (bits >= 8)
            {
                bytes.Add((byte)(buffer >> (bits - 8)));
                bits -= 8;
            }
        }

        return [.. bytes];
    }

    private static Task<SponsorshipDbContext> Db(AsyncServiceScope scope) =>
        scope.ServiceProvider.GetRequiredService<IDbContextFactory<SponsorshipDbContext>>().CreateDbContextAsync();

    [GeneratedRegex("data-testid=\"shared-key\">([^<]+)<")]
    private static partial Regex SharedKey();
}
