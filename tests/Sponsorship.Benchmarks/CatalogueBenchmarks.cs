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
    private DemoDatabase? database;
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
    public void Cleanup() => database?.Dispose();

    private async Task SetupAsync()
    {
        database = await DemoDatabase.CreateAsync();
        catalogue = new SheepCatalogue(database.DbFactory);
        var village = (await catalogue.VillagesAsync())[0];
        breedAndVillage = new CatalogueFilter(Breed: Breed.Ujimqin, VillageId: village.Id);

        var total = (await catalogue.ListAsync(new CatalogueFilter(), 1, Today)).Total;
        if (total < 1_000)
        {
            throw new InvalidOperationException($"The demo programme should have about 1,200 sheep, found {total}.");
        }
    }
}
