using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Playwright;

namespace Sponsorship.Benchmarks;

/// <summary>
/// The web app as the whole-system and circuit drivers run it: the build this project was compiled with (Release with
/// <c>-c Release</c>), in this process on a real Kestrel port, Development settings (the sandbox provider, the mail
/// catcher and the demo programme, as the browser journeys have them) in a data folder of its own, and Debian's Chromium
/// driven by Playwright. In this process so that the server's memory can be read after a full collection.
/// </summary>
public sealed class LoadApp : WebApplicationFactory<Sponsorship.Web.AppOptions>
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private readonly string folder = Path.Combine(Path.GetTempPath(), "sponsorship-benchmarks", "load-" + Guid.NewGuid().ToString("N"));
    private readonly int port = FreePort();
    private IPlaywright? playwright;

    public Uri BaseUrl => new($"http://127.0.0.1:{port}");

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>Starts the app and the browser; <paramref name="rendererProcesses"/> caps Chromium's page processes (pages share them).</summary>
    public async Task StartAsync(int rendererProcesses = 4)
    {
        // Run from `dotnet run`, the factory does not find the app's folder on its own (it looks beside the solution).
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_SPONSORSHIP_WEB", Path.Combine(RepositoryRoot(), "src", "Sponsorship.Web"));
        UseKestrel(port);
        StartServer();
        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--disable-quic", $"--renderer-process-limit={rendererProcesses}",
                // Background pages keep their timers and sockets: every open page keeps its circuit alive.
                "--disable-background-timer-throttling", "--disable-renderer-backgrounding", "--disable-backgrounding-occluded-windows",
            ],
        });
    }

    /// <summary>A browser context of its own (its own cookies), in Chinese, at phone or desktop size.</summary>
    public async Task<IBrowserContext> NewContextAsync(int width = 1280, int height = 900)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseUrl.ToString().TrimEnd('/'),
            ViewportSize = new ViewportSize { Width = width, Height = height },
            Locale = "zh-CN",
        });
        context.SetDefaultTimeout(60_000);
        return context;
    }

    /// <summary>This process's memory after a full, compacting collection: the server's, plus the driver's own small share.</summary>
    public static ServerMemory Memory()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        using var process = Process.GetCurrentProcess();
        return new ServerMemory(process.WorkingSet64, GC.GetTotalMemory(forceFullCollection: false), LoadAverage.Now);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("App:DataDirectory", folder);
        builder.UseSetting("App:SeedDemo", "true");
        builder.UseSetting("App:SeedDemoHistory", "false");
        builder.UseSetting("App:PublicBaseUrl", BaseUrl.ToString().TrimEnd('/'));
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        // Every simulated visitor comes from 127.0.0.1: the per-address sign-in limit would refuse the sign-ins.
        builder.UseSetting("RateLimits:SignIn:PermitLimit", "1000000");
        builder.UseSetting("Backup:Nightly", "false");
        builder.ConfigureServices(services => services.TryAddEnumerable(ServiceDescriptor.Scoped<CircuitHandler, CircuitCounter>()));
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Browser?.DisposeAsync().AsTask().GetAwaiter().GetResult();
            playwright?.Dispose();
        }

        base.Dispose(disposing);
        SqliteConnection.ClearAllPools();
        if (disposing && Directory.Exists(folder))
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // A file still held by a finishing background task; the OS temp folder is cleaned later.
            }
        }
    }

    /// <summary>A scope of the running app's services, for reading what the load made.</summary>
    public AsyncServiceScope Scope() => Services.CreateAsyncScope();

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        if (!directory.FullName.Contains("tests", StringComparison.Ordinal))
        {
            // Built elsewhere (-o): the checkout is where the driver was started from.
            directory = new DirectoryInfo(Directory.GetCurrentDirectory());
        }

        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Sponsorship.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Sponsorship.sln not found above " + AppContext.BaseDirectory);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>Working set and managed heap after a full collection, and the load average when read.</summary>
public sealed record ServerMemory(long WorkingSetBytes, long ManagedHeapBytes, string LoadAverage)
{
    public override string ToString() =>
        $"working set {WorkingSetBytes / 1048576.0:0.0} MiB, managed heap {ManagedHeapBytes / 1048576.0:0.0} MiB (load {LoadAverage})";
}
