using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace Sponsorship.Testing;

/// <summary>
/// The real app (Program.cs) on its own SQLite file in a temporary data folder, seeded with the demo programme.
/// Shared by the HTTP tests and the browser journeys (linked into both projects).
/// </summary>
public class SponsorshipAppFactory : WebApplicationFactory<Program>
{
    public SponsorshipAppFactory()
        : this(Path.Combine(Path.GetTempPath(), "sponsorship-tests", Guid.NewGuid().ToString("N")))
    {
    }

    /// <summary>
    /// An app on the given data folder: two of them on one folder are two instances of one deployment. Protected, as
    /// xunit wants one public constructor on a fixture.
    /// </summary>
    protected SponsorshipAppFactory(string dataDirectory)
    {
        DataDirectory = dataDirectory;
        Directory.CreateDirectory(DataDirectory);
    }

    public string DataDirectory { get; }

    /// <summary>The server's last warnings and errors, for a failing test to report.</summary>
    public ServerLog ServerLog { get; } = new();

    public string DatabasePath => Path.Combine(DataDirectory, "sponsorship.db");

    /// <summary>
    /// The app's <c>App:PublicBaseUrl</c> when a test serves it on a real port: links that leave the app, and the
    /// Development payment emulators' calls and notifications, go there.
    /// </summary>
    public string? PublicBaseUrl { get; init; }

    /// <summary>
    /// Whether the demo closes last month's payouts at seeding (<c>App:SeedDemoMoneyCycle</c>). Off by default: the
    /// HTTP tests of payouts start from an empty payout book; the browser journeys see the demo as people do.
    /// </summary>
    public bool SeedDemoMoneyCycle { get; init; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("App:DataDirectory", DataDirectory);
        builder.UseSetting("App:SeedDemo", "true");
        // Sheep start with no history, so each test sees exactly what it records (the seeder's own tests cover it).
        builder.UseSetting("App:SeedDemoHistory", "false");
        builder.UseSetting("App:SeedDemoMoneyCycle", SeedDemoMoneyCycle ? "true" : "false");
        builder.UseSetting("Jobs:Run:ledger-releases", "false");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.ConfigureLogging(logging => logging.AddProvider(ServerLog));
        // Mail goes to the app's own SMTP catcher (Development); look for due mail every second, not every five.
        builder.UseSetting("Mail:PollSeconds", "1");
        // Every test signs in from the same address: the per-address sign-in limit (100 a minute) would refuse a fast
        // run. The limits have tests of their own, each with an app of its own.
        builder.UseSetting("RateLimits:SignIn:PermitLimit", "100000");
        // Tests write rows straight into the database and read the pages back at once; the shared page cache is
        // evicted by the use cases only, so it is off here and on in the tests of the cache itself (CachedPagesApp).
        builder.UseSetting("PublicPages:Cache", "false");
        if (PublicBaseUrl is not null)
        {
            builder.UseSetting("App:PublicBaseUrl", PublicBaseUrl);
        }
        // The nightly backup would archive the test's data folder when a test runs at its hour.
        builder.UseSetting("Backup:Nightly", "false");
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(DataDirectory, recursive: true);
            }
            catch (IOException)
            {
                // A file still held by a finishing background task; the OS temp folder is cleaned later.
            }
        }
    }
}
