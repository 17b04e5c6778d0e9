using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Flock;
using Sponsorship.Core.Storage;
using Sponsorship.Testing;

namespace Sponsorship.Core.Tests.Flock;

/// <summary>The catalogue's age-band filter and each card's cover photo (its own database: it adds logs).</summary>
public class CatalogueCoverAndAgeTests(SeededDatabase database) : IClassFixture<SeededDatabase>
{
    private readonly SheepCatalogue catalogue = new(database.DbFactory);
    private readonly FlockTestData data = new(database.DbFactory, new LocalFileStore(Path.Combine(database.Folder, "files")));

    private DateTimeOffset Now => database.Clock.GetUtcNow();

    private DateOnly Today => DateOnly.FromDateTime(Now.UtcDateTime);

    [Theory]
    [InlineData(AgeBand.Lamb)]
    [InlineData(AgeBand.Young)]
    [InlineData(AgeBand.Adult)]
    public async Task Filtering_by_age_band_returns_exactly_the_sheep_of_that_age(AgeBand band)
    {
        await using var db = await database.CreateDbContextAsync();
        var expected = (await db.Sheep.Where(s => s.ArchivedAt == null).Select(s => new { s.Id, s.BirthDate }).ToListAsync())
            .Where(s => AgeBands.Of(SheepAge.Months(s.BirthDate, Today)) == band)
            .Select(s => s.Id)
            .Order()
            .ToList();

        var listed = new List<CatalogueSheep>();
        var page = await catalogue.ListAsync(new CatalogueFilter(Age: band), 1, Today, pageSize: 100);
        listed.AddRange(page.Items);
        for (var n = 2; n <= page.PageCount; n++)
        {
            listed.AddRange((await catalogue.ListAsync(new CatalogueFilter(Age: band), n, Today, pageSize: 100)).Items);
        }

        Assert.NotEmpty(expected);
        Assert.Equal(expected.Count, page.Total);
        Assert.Equal(expected, listed.Select(s => s.Id));
        Assert.All(listed, s => Assert.Equal(band, AgeBands.Of(SheepAge.Months(s.BirthDate, Today))));
    }

    [Fact]
    public async Task Age_combines_with_the_other_filters()
    {
        var village = (await catalogue.VillagesAsync())[1];
        var filter = new CatalogueFilter(Breed.Chahar, village.Id, Sex.Ewe, AgeBand.Adult);

        var page = await catalogue.ListAsync(filter, 1, Today, pageSize: 100);

        Assert.NotEmpty(page.Items);
        Assert.All(page.Items, s =>
        {
            Assert.Equal((Breed.Chahar, Sex.Ewe, village.Name), (s.Breed, s.Sex, s.VillageName));
            Assert.True(SheepAge.Months(s.BirthDate, Today) >= AgeBands.AdultFromMonths);
        });
    }

    [Fact]
    public async Task A_card_shows_the_newest_approved_photo_and_never_one_in_review()
    {
        var first = await catalogue.ListAsync(new CatalogueFilter(), 1, Today);
        var (withPhotos, onlyPending, none) = (first.Items[0].Id, first.Items[1].Id, first.Items[2].Id);
        await data.AddLogAsync(withPhotos, LogKind.Photo, Now.AddDays(-10), withPhoto: true);
        var newestApproved = await data.AddLogAsync(withPhotos, LogKind.Weighing, Now.AddDays(-2), kg: 33m, withPhoto: true);
        await data.AddLogAsync(withPhotos, LogKind.Photo, Now.AddDays(-1), ReviewStatus.Pending, withPhoto: true);
        await data.AddLogAsync(withPhotos, LogKind.Photo, Now, ReviewStatus.Rejected, withPhoto: true);
        await data.AddLogAsync(onlyPending, LogKind.Photo, Now.AddDays(-1), ReviewStatus.Pending, withPhoto: true);

        var page = await catalogue.ListAsync(new CatalogueFilter(), 1, Today);

        Assert.Equal(newestApproved.PhotoId, page.Items.Single(s => s.Id == withPhotos).CoverPhotoId);
        Assert.Null(page.Items.Single(s => s.Id == onlyPending).CoverPhotoId);
        Assert.Null(page.Items.Single(s => s.Id == none).CoverPhotoId);
    }

    [Fact]
    public async Task A_page_is_three_queries_whatever_its_size()
    {
        var counter = new CommandCounter(database);
        var counted = new SheepCatalogue(counter);

        counter.Reset();
        var small = await counted.ListAsync(new CatalogueFilter(), 1, Today, pageSize: 2);
        var forSmall = counter.Count;
        counter.Reset();
        var large = await counted.ListAsync(new CatalogueFilter(Age: AgeBand.Adult), 1, Today, pageSize: 100);
        var forLarge = counter.Count;

        Assert.Equal((2, 100), (small.Items.Count, large.Items.Count));
        Assert.Equal(3, forSmall); // count, page, the page's ear tags
        Assert.Equal(3, forLarge);
    }
}
