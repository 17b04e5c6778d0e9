using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Sponsorship.Core.Data;
using Sponsorship.Core.Demo;
using Sponsorship.Core.Identity;
using Sponsorship.Core.Programme;
using Sponsorship.Core.Storage;

namespace Sponsorship.Benchmarks;

/// <summary>
/// A temp SQLite file prepared as the app prepares its database on start (WAL, migrations, roles, the demo programme
/// without histories, its adoptions and their books), with the app's audit interceptor; set <see cref="CurrentUser"/> to
/// measure audited writes.
/// </summary>
public sealed class DemoDatabase : IDisposable
{
    private static readonly Lazy<Task<string>> Template = new(CreateTemplateAsync);

    /// <summary>One key per process: the template's payout account numbers are encrypted under it, and every copy reads them.</summary>
    private static readonly string AccountNumberKey = Sponsorship.Core.Privacy.AccountNumberProtector.NewKey();

    private readonly string folder;

    private DemoDatabase(string folder, ServiceProvider services)
    {
        this.folder = folder;
        Services = services;
    }

    public ServiceProvider Services { get; }

    /// <summary>Encrypts account numbers under a key generated for this process (the template and its copies share it).</summary>
    public Sponsorship.Core.Privacy.AccountNumberProtector AccountNumbers => Services.GetRequiredService<Sponsorship.Core.Privacy.AccountNumberProtector>();

    public IDbContextFactory<SponsorshipDbContext> DbFactory => Services.GetRequiredService<IDbContextFactory<SponsorshipDbContext>>();

    public BenchmarkUser CurrentUser => Services.GetRequiredService<BenchmarkUser>();

    /// <summary>The SQL commands the contexts have sent so far (drivers print them per step).</summary>
    public long Commands => Services.GetRequiredService<CommandCounter>().Count;

    /// <summary>
    /// A fresh copy of the demo database. The first call in a process migrates and seeds a template file (tens of seconds on
    /// a busy machine); later calls copy it, so drivers that each need their own database start in a moment.
    /// </summary>
    public static async Task<DemoDatabase> CreateAsync()
    {
        var template = await Template.Value;
        var folder = NewFolder();
        File.Copy(template, Path.Combine(folder, "sponsorship.db"));
        return Open(folder);
    }

    private static async Task<string> CreateTemplateAsync()
    {
        using var database = Open(NewFolder());
        await using (var db = await database.DbFactory.CreateDbContextAsync())
        {
            await db.Database.OpenConnectionAsync();
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
            await db.Database.MigrateAsync();
        }

        await using (var scope = database.Services.CreateAsyncScope())
        {
            await RoleSetup.EnsureRolesAsync(scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>());
            await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedAsync(withHistory: false);
        }

        await using (var db = await database.DbFactory.CreateDbContextAsync())
        {
            // Everything into the main file (the copy takes only that file; WAL mode is recorded in its header).
            await db.Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(TRUNCATE);");
        }

        var template = Path.Combine(Path.GetTempPath(), "sponsorship-benchmarks", $"demo-template-{Environment.ProcessId}-{Guid.NewGuid():N}.db");
        SqliteConnection.ClearAllPools();
        File.Copy(Path.Combine(database.folder, "sponsorship.db"), template);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => File.Delete(template);
        return template;
    }

    private static string NewFolder()
    {
        var folder = Path.Combine(Path.GetTempPath(), "sponsorship-benchmarks", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        return folder;
    }

    private static DemoDatabase Open(string folder)
    {
        var connectionString = new SqliteConnectionStringBuilder { DataSource = Path.Combine(folder, "sponsorship.db"), Pooling = true }.ToString();
        var collection = new ServiceCollection();
        collection.AddLogging();
        collection.AddSingleton(TimeProvider.System);
        collection.AddSingleton(sp => ProgrammeCalendar.Beijing(sp.GetRequiredService<TimeProvider>()));
        collection.AddSingleton<IFileStore>(new LocalFileStore(Path.Combine(folder, "files")));
        collection.AddSingleton<BenchmarkUser>();
        collection.AddSingleton<ICurrentUser>(sp => sp.GetRequiredService<BenchmarkUser>());
        collection.AddSingleton<AuditInterceptor>();
        collection.AddSingleton<CommandCounter>();
        collection.AddSingleton(Sponsorship.Core.Privacy.AccountNumberProtector.FromBase64(AccountNumberKey, "benchmark key"));
        collection.AddDbContextFactory<SponsorshipDbContext>((sp, options) => options
            .Use(DatabaseProvider.Sqlite, connectionString)
            .AddInterceptors(sp.GetRequiredService<AuditInterceptor>(), sp.GetRequiredService<CommandCounter>()));
        collection.AddIdentityCore<ApplicationUser>(IdentitySettings.Apply)
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<SponsorshipDbContext>();
        collection.Configure<PasswordHasherOptions>(IdentitySettings.Apply);
        collection.AddScoped<DemoSeeder>();
        collection.AddScoped<DemoAdoptions>();
        collection.AddScoped<DemoOrganisations>();
        collection.AddScoped<DemoMoneyCycle>();
        return new DemoDatabase(folder, collection.BuildServiceProvider());
    }

    public void Dispose()
    {
        Services.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }
}

/// <summary>Who the audit trail records as acting; null for nobody.</summary>
public sealed class BenchmarkUser : ICurrentUser
{
    public string? UserId { get; set; }
}

/// <summary>Counts the SQL commands EF Core sends: how a driver sees whether a step is a few statements or one per row.</summary>
public sealed class CommandCounter : Microsoft.EntityFrameworkCore.Diagnostics.DbCommandInterceptor
{
    private long count;

    public long Count => Interlocked.Read(ref count);

    public override System.Data.Common.DbCommand CommandInitialized(
        Microsoft.EntityFrameworkCore.Diagnostics.CommandEndEventData eventData, System.Data.Common.DbCommand result)
    {
        Interlocked.Increment(ref count);
        return result;
    }
}
