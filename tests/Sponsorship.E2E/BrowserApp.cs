using Microsoft.Playwright;
using Sponsorship.Testing;

namespace Sponsorship.E2E;

/// <summary>
/// The real app on a real Kestrel port with the demo data, and Debian's Chromium driven by Playwright.
/// Playwright never downloads a browser here: it launches /usr/bin/chromium (tests/run.sh installs it).
/// </summary>
public sealed class BrowserApp : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    /// <summary>
    /// A port picked before the app starts, so that <c>App:PublicBaseUrl</c> names the address the app really listens on
    /// (the payment emulators post their notifications there, as a real gateway would).
    /// </summary>
    private static readonly int Port = FreePort();

    /// <summary>What a phone browser says it is: the payment pages send it to the providers' mobile pages.</summary>
    public const string PhoneUserAgent =
        "Mozilla/5.0 (Linux; Android 14; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36";

    private readonly SponsorshipAppFactory factory = new() { PublicBaseUrl = $"http://127.0.0.1:{Port}", SeedDemoMoneyCycle = true };
    private IPlaywright? playwright;

    public IBrowser Browser { get; private set; } = null!;

    public string BaseUrl { get; private set; } = "";

    public IServiceProvider Services => factory.Services;

    public SponsorshipAppFactory Factory => factory;

    public static string ArtifactsDirectory { get; } = Path.Combine(RepositoryRoot(), "artifacts", "screenshots");

    public async Task InitializeAsync()
    {
        factory.UseKestrel(Port);
        factory.StartServer();
        BaseUrl = factory.PublicBaseUrl!;

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

    /// <summary>
    /// A fresh browser context (its own cookies) at a phone or desktop size; <paramref name="phone"/> also says so in its
    /// user agent, <paramref name="locale"/> is the language the browser asks for (Accept-Language).
    /// </summary>
    public async Task<IPage> NewPageAsync(int width = 1280, int height = 900, bool phone = false, string locale = "zh-CN")
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseUrl,
            ViewportSize = new ViewportSize { Width = width, Height = height },
            Locale = locale,
            UserAgent = phone ? PhoneUserAgent : null,
            IsMobile = phone,
            HasTouch = phone,
        });
        context.SetDefaultTimeout(20_000);
        return await context.NewPageAsync();
    }

    /// <summary>
    /// The whole page, checked by axe first: every page a journey pictures has no serious or critical barrier. A phone
    /// keeps the herder's tab bar at the bottom of the screen; a picture of the whole page would draw it where the first
    /// screen ends, over the form, so it is drawn in its place above the footer.
    /// </summary>
    /// <param name="scriptRuns">False for a page opened with script switched off, where axe (a script) cannot run.</param>
    public static async Task ScreenshotAsync(IPage page, string name, bool scriptRuns = true)
    {
        if (scriptRuns)
        {
            await Accessibility.AssertNoSeriousViolationsAsync(page, name);
        }

        await page.ScreenshotAsync(new PageScreenshotOptions
        {
            Path = Path.Combine(ArtifactsDirectory, $"{name}.png"),
            FullPage = true,
            Style = ".herder-tabbar { position: static !important; }",
        });
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        playwright?.Dispose();
        await factory.DisposeAsync();
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Sponsorship.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Sponsorship.sln not found above the test folder.");
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserJourneys : ICollectionFixture<BrowserApp>
{
    public const string Name = "browser";
}
