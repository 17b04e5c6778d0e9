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
