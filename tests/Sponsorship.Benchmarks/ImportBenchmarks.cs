using System.Text;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Sponsorship.Core.Data;
using Sponsorship.Core.Demo;
using Sponsorship.Core.Flock;
using Sponsorship.Core.Identity;

namespace Sponsorship.Benchmarks;

/// <summary>
/// The CSV sheep import (SheepCsvImport) with a 10,000-row file against the demo programme in a real SQLite file, as the
/// app runs it for a signed-in administrator (the audit interceptor writes one trail row per sheep and per tag, inside
/// the import's transaction) and, for comparison, with nobody signed in (no trail). Each iteration imports a new file
/// (new tags), so every run saves 10,000 sheep.
/// </summary>
[MemoryDiagnoser]
[InvocationCount(1)]
public class ImportBenchmarks
{
    public const int Rows = 10_000;

    private readonly string folder = Path.Combine(Path.GetTempPath(), "sponsorship-benchmarks", Guid.NewGuid().ToString("N"));
    private ServiceProvider? services;
    private SheepCsvImport importer = null!;
    private int[] householdIds = [];
    private int nextSequence = 30_000_000;
    private byte[] file = [];

    /// <summary>Whether an administrator is signed in, so the audit interceptor writes its trail (it is in the app).</summary>
    [Params(true, false)]
    public bool Audited { get; set; }

    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    [IterationSetup]
    public void NewFile() => file = MakeFile(Rows);

    [Benchmark(Baseline = true)]
    public async Task<int> Preview()
    {
        var preview = await importer.PreviewAsync(file);
        return preview.CanImport ? preview.Rows.Count : throw new InvalidOperationException($"{preview.Errors.Count} errors, first: {preview.Errors[0]}");
    }

    [Benchmark]
    public async Task<int> PreviewThenImport()
    {
        var preview = await importer.PreviewAsync(file);
        var result = await importer.ImportAsync(file);
        return preview.CanImport && result.Succeeded ? result.Imported : throw new InvalidOperationException($"Import failed: {(result.Errors.Count > 0 ? result.Errors[0] : null)}");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        services?.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }

    /// <summary>A file as Excel in China saves it: GB18030, Chinese headers and values, households by number and by name.</summary>
    public byte[] MakeFile(int rows)
    {
        string[] sexes = ["母羊", "公羊"];
        string[] breeds = ["察哈尔羊", "乌珠穆沁羊", "苏尼特羊"];
        var text = new StringBuilder("耳标,名字,性别,出生日期,品种,牧户\r\n");
        for (var i = 0; i < rows; i++)
        {
            text.Append(EarTag.ForTaibus(nextSequence++).Value).Append(",羊").Append(i).Append(',')
                .Append(sexes[i % 2]).Append(',')
                .Append(new DateOnly(2024, 1, 1).AddDays(i % 600).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)).Append(',')
                .Append(breeds[i % 3]).Append(',')
                .Append(householdIds[i % householdIds.Length]).Append("\r\n");
        }

        return Encoding.GetEncoding("GB18030").GetBytes(text.ToString());
    }

    private async Task SetupAsync()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        Directory.CreateDirectory(folder);
        var connectionString = new SqliteConnectionStringBuilder { DataSource = Path.Combine(folder, "sponsorship.db"), Pooling = true }.ToString();
        var collection = new ServiceCollection();
        collection.AddLogging();
        collection.AddSingleton(TimeProvider.System);
        collection.AddSingleton<BenchmarkAdmin>();
        collection.AddSingleton<ICurrentUser>(sp => sp.GetRequiredService<BenchmarkAdmin>());
        collection.AddSingleton<AuditInterceptor>();
        collection.AddDbContextFactory<SponsorshipDbContext>((sp, options) => options
            .Use(DatabaseProvider.Sqlite, connectionString)
            .AddInterceptors(sp.GetRequiredService<AuditInterceptor>()));
        collection.AddIdentityCore<ApplicationUser>(IdentitySettings.Apply)
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<SponsorshipDbContext>();
        collection.Configure<PasswordHasherOptions>(IdentitySettings.Apply);
        collection.AddScoped<DemoSeeder>();
        services = collection.BuildServiceProvider();

        // As the app prepares its database on start: WAL, migrations, roles, demo programme.
        var dbFactory = services.GetRequiredService<IDbContextFactory<SponsorshipDbContext>>();
        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            await db.Database.OpenConnectionAsync();
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
            await db.Database.MigrateAsync();
        }

        await using (var scope = services.CreateAsyncScope())
        {
            await RoleSetup.EnsureRolesAsync(scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>());
            await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedAsync(withHistory: false);
        }

        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            householdIds = [.. await db.Households.OrderBy(h => h.Id).Select(h => h.Id).ToListAsync()];
            services.GetRequiredService<BenchmarkAdmin>().UserId = Audited
                ? await db.Users.Where(u => u.Email == DemoAccounts.Admin.Email).Select(u => u.Id).SingleAsync()
                : null;
        }

        importer = new SheepCsvImport(dbFactory, TimeProvider.System);
    }

    /// <summary>The administrator the audit trail records as acting.</summary>
    private sealed class BenchmarkAdmin : ICurrentUser
    {
        public string? UserId { get; set; }
    }
}
