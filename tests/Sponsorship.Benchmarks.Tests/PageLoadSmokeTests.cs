using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Sponsorship.Benchmarks.Tests;

/// <summary>The page load driver (wrk) in its smoke mode, against the real app on a real port: every path answers, none fails.</summary>
public sealed class PageLoadSmokeTests : IDisposable
{
    private readonly DemoApp app = new();

    [Fact]
    public async Task The_page_driver_loads_the_stylesheet_and_every_public_page_without_a_failed_request()
    {
        app.UseKestrel(0);
        app.StartServer();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>()
            .Addresses.First().Replace("[::]", "127.0.0.1", StringComparison.Ordinal);

        var rows = await PageLoad.RunAsync(new Uri(address), verifyPath: null, seconds: 1, connections: 4);

        Assert.Equal(["static CSS (the ceiling)", "/", "/sheep", "/sheep?breed=Ujimqin&page=2", "/sheep/{tag}", "/impact", "/healthz"], rows.Select(r => r.Label));
        Assert.All(rows, r => Assert.True(r.Requests > 0 && r.Errors == 0, $"{r.Label}: {r.Requests} requests, {r.Errors} failed"));
        Assert.Contains(PageLoad.Table(rows).Split('\n'), line => line.StartsWith("| /sheep/{tag} |", StringComparison.Ordinal));
    }

    public void Dispose() => app.Dispose();

    /// <summary>
    /// The web app with the demo in its own data folder. Not the shared test factory: this project's own Program (the
    /// benchmarks' entry point) would clash with the app's, so the app is named by one of its other types.
    /// </summary>
    private sealed class DemoApp : WebApplicationFactory<Sponsorship.Web.AppOptions>
    {
        private readonly string folder = Path.Combine(Path.GetTempPath(), "sponsorship-benchmarks", Guid.NewGuid().ToString("N"));

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Development");
            builder.UseSetting("App:DataDirectory", folder);
            builder.UseSetting("App:SeedDemo", "true");
            builder.UseSetting("App:SeedDemoHistory", "false");
            builder.UseSetting("Logging:LogLevel:Default", "Warning");
        }

        protected override void Dispose(bool disposing)
        {
            base.Dispose(disposing);
            SqliteConnection.ClearAllPools();
            if (disposing && Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }
}
