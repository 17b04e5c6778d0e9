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

    [Fact]
    public void Production_offering_the_sandbox_without_its_own_webhook_secret_refuses_to_start()
    {
        var message = StartupFailure(new() { ["App:PublicBaseUrl"] = PublicBaseUrl, ["Payments:Providers:0"] = "sandbox" });

        Assert.Contains("Payments:Sandbox:WebhookSecret", message);
    }

    [Fact]
    public async Task Production_with_its_settings_starts_and_answers_health()
    {
        using var app = new ConfiguredApp(
            new() { ["App:PublicBaseUrl"] = PublicBaseUrl, ["Certificates:HmacKey"] = "a-production-key-of-at-least-thirty-two-characters" }, "Production");

        // HSTS goes only over HTTPS and never to localhost: ask as the public host does.
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri(PublicBaseUrl) });

        var response = await client.GetAsync("/healthz");

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("max-age=31536000", Security.SecurityHeaderTests.Header(response, "Strict-Transport-Security"));
    }

    private static string StartupFailure(Dictionary<string, string> settings) => ConfiguredApp.StartupFailure(settings, "Production");
}
