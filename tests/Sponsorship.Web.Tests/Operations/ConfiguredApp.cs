using Microsoft.AspNetCore.Hosting;
using Sponsorship.Testing;

namespace Sponsorship.Web.Tests.Operations;

/// <summary>The app with settings of a test's choosing, without the demo data (nothing here needs it).</summary>
public sealed class ConfiguredApp(Dictionary<string, string> settings, string environment = "Development") : SponsorshipAppFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseEnvironment(environment);
        builder.UseSetting("App:SeedDemo", "false");
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }
    }

    public const string ProductionBaseUrl = "https://sheep.example.org";

    /// <summary>
    /// Everything an instance outside Development needs to start: the public address, a certificate key, and a
    /// certificate this test made that encrypts the data-protection keys at rest.
    /// </summary>
    public static Dictionary<string, string> ProductionSettings(Dictionary<string, string>? more = null)
    {
        var settings = new Dictionary<string, string>
        {
            ["App:PublicBaseUrl"] = ProductionBaseUrl,
            ["Certificates:HmacKey"] = "a-production-key-of-at-least-thirty-two-characters",
            ["DataProtection:Certificate"] = KeyCertificate.Value,
            ["Privacy:AccountNumberKey"] = Sponsorship.Core.Privacy.AccountNumberProtector.NewKey(),
        };
        foreach (var (key, value) in more ?? [])
        {
            settings[key] = value;
        }

        return settings;
    }

    private static readonly Lazy<string> KeyCertificate = new(() =>
    {
        using var rsa = System.Security.Cryptography.RSA.Create(2048);
        var request = new System.Security.Cryptography.X509Certificates.CertificateRequest(
            "CN=sponsorship-test-keys", rsa, System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        return Convert.ToBase64String(certificate.Export(System.Security.Cryptography.X509Certificates.X509ContentType.Pfx));
    });

    /// <summary>Starts the app and returns every message of the exception that stopped it.</summary>
    public static string StartupFailure(Dictionary<string, string> settings, string environment = "Development")
    {
        using var app = new ConfiguredApp(settings, environment);
        var failure = Record.Exception(() => app.CreateClient());
        Assert.NotNull(failure);
        var messages = new List<string>();
        for (var e = failure; e is not null; e = e.InnerException)
        {
            messages.Add(e.Message);
        }

        return string.Join(" | ", messages);
    }
}
