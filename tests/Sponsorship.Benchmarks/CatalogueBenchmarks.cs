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

    /// <summary>Each benchmark once (the demo is already small); throws when the pages do not agree with each other.</summary>
    public static async Task<CatalogueSmoke> SmokeAsync()
    {
        var bench = new CatalogueBenchmarks();
        await bench.SetupAsync();
        try
        {
            var smoke = new CatalogueSmoke(await bench.FirstPage(), await bench.TenthPage(), await bench.BreedAndVillageFirstPage(), bench.breedAndVillage);
            return smoke.IsConsistent ? smoke : throw new InvalidOperationException($"The catalogue pages disagree: {smoke}.");
        }
        finally
        {
            bench.Cleanup();
        }
    }

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

/// <summary>
/// The three pages the benchmark reads. Consistent when both unfiltered pages count the same sheep and are full, no card
/// is on both, and the filtered page is no larger and holds only the breed asked for.
/// </summary>
public sealed record CatalogueSmoke(CataloguePage First, CataloguePage Tenth, CataloguePage Filtered, CatalogueFilter Filter)
{
    public bool IsConsistent =>
        First.Total == Tenth.Total && First.Items.Count == First.PageSize && Tenth.Items.Count == Tenth.PageSize
        && !First.Items.Select(s => s.Id).Intersect(Tenth.Items.Select(s => s.Id)).Any()
        && Filtered.Total <= First.Total && Filtered.Items.Count > 0 && Filtered.Items.All(s => s.Breed == Filter.Breed);
}
