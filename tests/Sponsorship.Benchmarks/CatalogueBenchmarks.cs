using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Sponsorship.Core.Data;
using Sponsorship.Core.Demo;
using Sponsorship.Core.Flock;
using Sponsorship.Core.Identity;
using Sponsorship.Core.Storage;

namespace Sponsorship.Benchmarks;

/// <summary>
/// The public catalogue (/sheep) over the demo programme (~1,200 sheep) in a real SQLite file, as the app runs by
/// default: one context per call from the factory, one COUNT and one paged projection.
/// </summary>
[MemoryDiagnoser]
public class CatalogueBenchmarks
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "sponsorship-benchmarks", Guid.NewGuid().ToString("N"));
    private ServiceProvider? services;
    private SheepCatalogue catalogue = null!;
    private CatalogueFilter breedAndVillage = new();

    private static DateOnly Today => DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime);

    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    [Benchmark(Baseline = true)]
    public Task<CataloguePage> FirstPage() => catalogue.ListAsync(new CatalogueFilter(), page: 1, Today);

    [Benchmark]
    public Task<CataloguePage> TenthPage() => catalogue.ListAsync(new CatalogueFilter(), page: 10, Today);

    [Benchmark]
    public Task<CataloguePage> BreedAndVillageFirstPage() => catalogue.ListAsync(breedAndVillage, page: 1, Today);

    [GlobalCleanup]
    public void Cleanup()
    {
        services?.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }

    private async Task SetupAsync()
    {
        Directory.CreateDirectory(folder);
        var connectionString = new SqliteConnectionStringBuilder { DataSource = Path.Combine(folder, "sponsorship.db"), Pooling = true }.ToString();
        var collection = new ServiceCollection();
        collection.AddLogging();
        collection.AddSingleton(TimeProvider.System);
        collection.AddSingleton<IFileStore>(new LocalFileStore(Path.Combine(folder, "files")));
        collection.AddDbContextFactory<SponsorshipDbContext>(options => options.Use(DatabaseProvider.Sqlite, connectionString));
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

        catalogue = new SheepCatalogue(dbFactory);
        var village = (await catalogue.VillagesAsync())[0];
        breedAndVillage = new CatalogueFilter(Breed: Breed.Ujimqin, VillageId: village.Id);

        var total = (await catalogue.ListAsync(new CatalogueFilter(), 1, Today)).Total;
        if (total < 1_000)
        {
            throw new InvalidOperationException($"The demo programme should have about 1,200 sheep, found {total}.");
        }
    }
}
