using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Playwright;
using Sponsorship.Testing;

namespace Sponsorship.E2E;

/// <summary>
/// The real app on a real Kestrel port with the demo data, and Debian's Chromium driven by Playwright.
/// Playwright never downloads a browser here: it launches /usr/bin/chromium (tests/run.sh installs it). The port is
/// chosen before the app starts so that its public address (App:PublicBaseUrl, the base of every link in mail, PDFs and
/// QR codes) is the one it serves on, and a link followed from a mail arrives back here.
/// </summary>
public sealed class BrowserApp : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private readonly BrowserAppFactory factory = new(FreeLoopbackPort());
    private IPlaywright? playwright;

    public IBrowser Browser { get; private set; } = null!;

    public string BaseUrl => factory.BaseUrl;

    public IServiceProvider Services => factory.Services;

    public SponsorshipAppFactory Factory => factory;

    public static string ArtifactsDirectory { get; } = Path.Combine(RepositoryRoot(), "artifacts", "screenshots");

    public async Task InitializeAsync()
    {
        factory.UseKestrel(factory.Port);
        factory.StartServer();

        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--disable-quic",
            ],
        });
        Directory.CreateDirectory(ArtifactsDirectory);
    }

    /// <summary>A fresh browser context (its own cookies) at a phone or desktop size.</summary>
    public async Task<IPage> NewPageAsync(int width = 1280, int height = 900)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseUrl,
            ViewportSize = new ViewportSize { Width = width, Height = height },
            Locale = "zh-CN",
        });
        context.SetDefaultTimeout(20_000);
        return await context.NewPageAsync();
    }

    public static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ArtifactsDirectory, $"{name}.png"), FullPage = true });

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        playwright?.Dispose();
        await factory.DisposeAsync();
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Sponsorship.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Sponsorship.sln not found above the test folder.");
    }
}

/// <summary>The demo app whose public base address is its own Kestrel port.</summary>
public sealed class BrowserAppFactory(int port) : SponsorshipAppFactory
{
    public int Port { get; } = port;

    public string BaseUrl => $"http://127.0.0.1:{Port}";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("App:PublicBaseUrl", BaseUrl);
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserJourneys : ICollectionFixture<BrowserApp>
{
    public const string Name = "browser";
}
