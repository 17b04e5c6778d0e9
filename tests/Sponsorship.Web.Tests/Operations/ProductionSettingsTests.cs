using Microsoft.AspNetCore.Mvc.Testing;

namespace Sponsorship.Web.Tests.Operations;

/// <summary>Production refuses to start without the settings it cannot run on, and says which one.</summary>
public sealed class ProductionSettingsTests
{
    private const string PublicBaseUrl = "https://sheep.example.org";

    [Fact]
    public void Production_without_a_public_base_url_refuses_to_start_naming_it()
    {
        var message = StartupFailure(new() { ["App:PublicBaseUrl"] = "" });

        Assert.Contains("Missing production setting App:PublicBaseUrl", message);
        Assert.Contains("App__PublicBaseUrl", message);
    }

    [Fact]
    public void A_public_base_url_that_is_not_an_absolute_address_is_refused()
    {
        var message = StartupFailure(new() { ["App:PublicBaseUrl"] = "sheep.example.org" });

        Assert.Contains("App:PublicBaseUrl must be an absolute http(s) address", message);
    }

    [Fact]
    public void Production_on_SQL_Server_without_its_connection_string_refuses_to_start_naming_it()
    {
        var message = StartupFailure(new() { ["App:PublicBaseUrl"] = PublicBaseUrl, ["Database:Provider"] = "SqlServer" });

        Assert.Contains("ConnectionStrings:SqlServer", message);
    }

    [Fact]
    public void Production_offering_Stripe_without_its_keys_refuses_to_start_naming_both()
    {
        var message = StartupFailure(new() { ["App:PublicBaseUrl"] = PublicBaseUrl, ["Payments:Providers:0"] = "stripe" });

        Assert.Contains("Payments:Stripe:SecretKey", message);
        Assert.Contains("Payments:Stripe:WebhookSecret", message);
    }

    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    public void Outside_Development_the_sandbox_is_refused_even_with_a_secret_of_its_own(string environment)
    {
        var message = ConfiguredApp.StartupFailure(
            ConfiguredApp.ProductionSettings(new() { ["Payments:Providers:0"] = "sandbox", ["Payments:Sandbox:WebhookSecret"] = "a-secret-of-its-own-thirty-two-chars" }), environment);

        Assert.Contains("Payments:Providers names sandbox, which exist only in Development", message);
    }

    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    public void Outside_Development_the_embedded_certificate_key_is_refused_and_a_missing_one_is_named(string environment)
    {
        var embedded = ConfiguredApp.StartupFailure(
            ConfiguredApp.ProductionSettings(new() { ["Certificates:HmacKey"] = Sponsorship.Web.Features.Certificates.CertificateSetup.DevelopmentHmacKey }), environment);
        var missing = ConfiguredApp.StartupFailure(ConfiguredApp.ProductionSettings(new() { ["Certificates:HmacKey"] = "" }), environment);

        Assert.Contains("Certificates:HmacKey holds the embedded development value", embedded);
        Assert.Contains("Missing production setting Certificates:HmacKey", missing);
    }

    [Fact]
    public void Staging_without_a_key_certificate_refuses_to_start_naming_it()
    {
        var message = ConfiguredApp.StartupFailure(ConfiguredApp.ProductionSettings(new() { ["DataProtection:Certificate"] = "" }), "Staging");

        Assert.Contains("Missing production setting DataProtection:Certificate", message);
    }

    [Fact]
    public async Task Production_with_its_settings_starts_and_answers_health()
    {
        using var app = new ConfiguredApp(ConfiguredApp.ProductionSettings(), "Production");

        // HSTS goes only over HTTPS and never to localhost: ask as the public host does.
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri(PublicBaseUrl) });

        var response = await client.GetAsync("/healthz");

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("max-age=31536000", Security.SecurityHeaderTests.Header(response, "Strict-Transport-Security"));
    }

    [Fact]
    public void Production_without_an_account_number_key_or_with_the_development_one_refuses_to_start_naming_it()
    {
        var missing = StartupFailure(new() { ["App:PublicBaseUrl"] = PublicBaseUrl });
        var development = StartupFailure(new()
        {
            ["App:PublicBaseUrl"] = PublicBaseUrl, ["Privacy:AccountNumberKey"] = Sponsorship.Web.Features.Privacy.PrivacySetup.DevelopmentAccountNumberKey,
        });

        Assert.Contains("Missing production setting Privacy:AccountNumberKey", missing);
        Assert.Contains("Privacy:AccountNumberKey holds the embedded development value", development);
    }

    private static string StartupFailure(Dictionary<string, string> settings) => ConfiguredApp.StartupFailure(settings, "Production");
}
