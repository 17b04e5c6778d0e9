using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Sponsorship.Testing;

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
    public async Task Production_with_its_settings_starts_and_answers_health()
    {
        using var app = new ProductionApp(new() { ["App:PublicBaseUrl"] = PublicBaseUrl });

        // HSTS goes only over HTTPS and never to localhost: ask as the public host does.
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri(PublicBaseUrl) });

        var response = await client.GetAsync("/healthz");

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("max-age=31536000", Security.SecurityHeaderTests.Header(response, "Strict-Transport-Security"));
    }

    private static string StartupFailure(Dictionary<string, string> settings)
    {
        using var app = new ProductionApp(settings);
        var failure = Record.Exception(() => app.CreateClient());
        Assert.NotNull(failure);
        var messages = new List<string>();
        for (var e = failure; e is not null; e = e.InnerException)
        {
            messages.Add(e.Message);
        }

        return string.Join(" | ", messages);
    }

    private sealed class ProductionApp(Dictionary<string, string> settings) : SponsorshipAppFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseEnvironment("Production");
            builder.UseSetting("App:SeedDemo", "false");
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }
        }
    }
}
