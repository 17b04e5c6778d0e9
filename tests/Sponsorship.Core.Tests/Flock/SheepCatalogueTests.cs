using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Flock;

namespace Sponsorship.Core.Tests.Flock;

public class SheepCatalogueTests(FlockDatabase database) : IClassFixture<FlockDatabase>
{
    private readonly SheepCatalogue catalogue = new(database.DbFactory);

    private DateOnly Today => DateOnly.FromDateTime(database.Clock.GetUtcNow().UtcDateTime);

    [Fact]
    public async Task The_first_page_is_full_and_the_total_counts_every_living_sheep()
    {
        var page = await catalogue.ListAsync(new CatalogueFilter(), page: 1, Today);

        await using var db = await database.CreateDbContextAsync();
        var living = await db.Sheep.CountAsync(s => s.ArchivedAt == null);
        Assert.Equal(SheepCatalogue.DefaultPageSize, page.Items.Count);
        Assert.Equal(living, page.Total);
        Assert.Equal(await db.Sheep.CountAsync() - database.ArchivedSheepIds.Count, page.Total);
        Assert.Equal((living + SheepCatalogue.DefaultPageSize - 1) / SheepCatalogue.DefaultPageSize, page.PageCount);
        Assert.Equal(1, page.Page);
    }

    [Fact]
    public async Task Paging_through_every_page_lists_each_living_sheep_once_with_a_valid_ear_tag()
    {
        var first = await catalogue.ListAsync(new CatalogueFilter(), page: 1, Today, pageSize: 100);
        var all = new List<CatalogueSheep>(first.Items);
        for (var page = 2; page <= first.PageCount; page++)
        {
            var next = await catalogue.ListAsync(new CatalogueFilter(), page, Today, pageSize: 100);
            Assert.Equal(first.Total, next.Total);
            all.AddRange(next.Items);
        }

        Assert.Equal(first.Total, all.Count);
        Assert.Equal(all.Count, all.Select(s => s.Id).Distinct().Count());
        Assert.Equal(all.Select(s => s.Id).Order(), all.Select(s => s.Id));
        Assert.Empty(all.Select(s => s.Id).Intersect(database.ArchivedSheepIds));
        Assert.All(all, s =>
        {
            Assert.Equal(EarTag.Length, s.EarTag.Length);
            Assert.True(EarTag.TryParse(s.EarTag, out _, out var error), $"{s.EarTag}: {error}");
            Assert.False(string.IsNullOrWhiteSpace(s.VillageName));
            Assert.False(string.IsNullOrWhiteSpace(s.HeadNameLatin));
        });
    }

    [Fact]
    public async Task The_last_page_holds_the_remainder_and_pages_past_the_end_are_empty()
    {
        var first = await catalogue.ListAsync(new CatalogueFilter(), page: 1, Today);
        var last = await catalogue.ListAsync(new CatalogueFilter(), page: first.PageCount, Today);
        var beyond = await catalogue.ListAsync(new CatalogueFilter(), page: first.PageCount + 1, Today);

        var remainder = first.Total - ((first.PageCount - 1) * SheepCatalogue.DefaultPageSize);
        Assert.Equal(remainder, last.Items.Count);
        Assert.Empty(beyond.Items);
        Assert.Equal(first.Total, beyond.Total);
    }

    [Fact]
    public async Task Out_of_range_page_numbers_and_sizes_are_clamped()
    {
        var zeroth = await catalogue.ListAsync(new CatalogueFilter(), page: 0, Today, pageSize: 0);
        var huge = await catalogue.ListAsync(new CatalogueFilter(), page: 1, Today, pageSize: 10_000);

        Assert.Equal(1, zeroth.Page);
        Assert.Single(zeroth.Items);
        Assert.Equal(100, huge.Items.Count);
    }

    [Theory]
    [InlineData(Breed.Chahar)]
    [InlineData(Breed.Ujimqin)]
    [InlineData(Breed.Sunit)]
    public async Task Filtering_by_breed_returns_only_that_breed(Breed breed)
    {
        var page = await catalogue.ListAsync(new CatalogueFilter(Breed: breed), page: 1, Today, pageSize: 100);

        await using var db = await database.CreateDbContextAsync();
        Assert.Equal(await db.Sheep.CountAsync(s => s.ArchivedAt == null && s.Breed == breed), page.Total);
        Assert.InRange(page.Total, 1, await db.Sheep.CountAsync(s => s.ArchivedAt == null) - 1);
        Assert.NotEmpty(page.Items);
        Assert.All(page.Items, s => Assert.Equal(breed, s.Breed));
    }

    [Theory]
    [InlineData(Sex.Ewe)]
    [InlineData(Sex.Ram)]
    public async Task Filtering_by_sex_returns_only_that_sex(Sex sex)
    {
        var page = await catalogue.ListAsync(new CatalogueFilter(Sex: sex), page: 1, Today, pageSize: 100);

        await using var db = await database.CreateDbContextAsync();
        Assert.Equal(await db.Sheep.CountAsync(s => s.ArchivedAt == null && s.Sex == sex), page.Total);
        Assert.NotEmpty(page.Items);
        Assert.All(page.Items, s => Assert.Equal(sex, s.Sex));
    }

    [Fact]
    public async Task Filtering_by_village_returns_only_that_villages_sheep()
    {
        var villages = await catalogue.VillagesAsync();
        Assert.Equal(10, villages.Count);

        await using var db = await database.CreateDbContextAsync();
        var totals = 0;
        foreach (var village in villages)
        {
            var page = await catalogue.ListAsync(new CatalogueFilter(VillageId: village.Id), page: 1, Today, pageSize: 100);
            var expectedIds = await db.Sheep
                .Where(s => s.ArchivedAt == null && s.Household.VillageId == village.Id)
                .OrderBy(s => s.Id).Take(100).Select(s => s.Id).ToListAsync();

            Assert.Equal(await db.Sheep.CountAsync(s => s.ArchivedAt == null && s.Household.VillageId == village.Id), page.Total);
            Assert.Equal(expectedIds, page.Items.Select(s => s.Id));
            Assert.All(page.Items, s => Assert.Equal(village.Name, s.VillageName));
            totals += page.Total;
        }

        Assert.Equal(await db.Sheep.CountAsync(s => s.ArchivedAt == null), totals);
    }

    [Fact]
    public async Task Filters_combine()
    {
        var village = (await catalogue.VillagesAsync())[0];
        var filter = new CatalogueFilter(Breed.Ujimqin, village.Id, Sex.Ewe);

        var page = await catalogue.ListAsync(filter, page: 1, Today, pageSize: 100);

        await using var db = await database.CreateDbContextAsync();
        var expected = await db.Sheep.CountAsync(s => s.ArchivedAt == null && s.Breed == Breed.Ujimqin && s.Sex == Sex.Ewe && s.Household.VillageId == village.Id);
        Assert.Equal(expected, page.Total);
        Assert.NotEmpty(page.Items);
        Assert.All(page.Items, s =>
        {
            Assert.Equal(Breed.Ujimqin, s.Breed);
            Assert.Equal(Sex.Ewe, s.Sex);
            Assert.Equal(village.Name, s.VillageName);
        });
    }

    [Fact]
    public async Task Archived_sheep_are_never_listed()
    {
        Assert.NotEmpty(database.ArchivedSheepIds);
        await using var db = await database.CreateDbContextAsync();
        var archived = await db.Sheep.Where(s => database.ArchivedSheepIds.Contains(s.Id)).ToListAsync();

        foreach (var sheep in archived)
        {
            var filter = new CatalogueFilter(sheep.Breed, await db.Households.Where(h => h.Id == sheep.HouseholdId).Select(h => h.VillageId).SingleAsync(), sheep.Sex);
            var page = await catalogue.ListAsync(filter, page: 1, Today, pageSize: 100);
            Assert.DoesNotContain(sheep.Id, page.Items.Select(s => s.Id));
        }
    }

    [Fact]
    public async Task A_retagged_sheep_is_listed_once_under_its_current_tag()
    {
        var page = await catalogue.ListAsync(new CatalogueFilter(), page: 1, Today);
        var sheepId = page.Items[3].Id;
        var newTag = EarTag.ForTaibus(88_000_001).Value;
        await using (var db = await database.CreateDbContextAsync())
        {
            var oldTag = await db.IdTags.SingleAsync(t => t.SheepId == sheepId);
            oldTag.ValidTo = database.Clock.GetUtcNow();
            db.IdTags.Add(new IdTag { SheepId = sheepId, Type = IdTagType.NationalEarTag, Value = newTag, ValidFrom = database.Clock.GetUtcNow() });
            await db.SaveChangesAsync();
        }

        var after = await catalogue.ListAsync(new CatalogueFilter(), page: 1, Today);

        Assert.Equal(page.Total, after.Total);
        Assert.Equal(page.Items.Select(s => s.Id), after.Items.Select(s => s.Id));
        Assert.Equal(newTag, Assert.Single(after.Items, s => s.Id == sheepId).EarTag);
    }
}
