using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Demo;
using Sponsorship.Core.Flock;
using Sponsorship.Core.Storage;
using Sponsorship.Testing;

namespace Sponsorship.Core.Tests.Flock;

public class PhotoFilesTests(SeededDatabase database) : IClassFixture<SeededDatabase>
{
    private readonly PhotoFiles photos = new(database.DbFactory);
    private readonly FlockTestData data = new(database.DbFactory, new LocalFileStore(Path.Combine(database.Folder, "files")));

    [Fact]
    public async Task An_approved_photo_is_public_to_everyone()
    {
        var photoId = await PhotoOfFirstHouseholdAsync(ReviewStatus.Approved);

        foreach (var viewer in await ViewersAsync())
        {
            var file = await photos.FindAsync(photoId, PhotoSize.Large, viewer.Value);
            Assert.True(file is { Public: true }, viewer.Key);
        }
    }

    [Theory]
    [InlineData(ReviewStatus.Pending)]
    [InlineData(ReviewStatus.Rejected)]
    public async Task A_photo_not_approved_is_seen_only_by_its_household_and_admins(ReviewStatus review)
    {
        var photoId = await PhotoOfFirstHouseholdAsync(review);
        var viewers = await ViewersAsync();

        foreach (var name in new[] { "anonymous", "sponsor", "other herder", "sponsor claiming herder role" })
        {
            Assert.True(await photos.FindAsync(photoId, PhotoSize.Large, viewers[name]) is null, name);
        }

        foreach (var name in new[] { "owner herder", "admin" })
        {
            var file = await photos.FindAsync(photoId, PhotoSize.Thumbnail, viewers[name]);
            Assert.True(file is { Public: false }, name);
        }
    }

    [Fact]
    public async Task Each_size_has_its_own_stored_file()
    {
        var photoId = await PhotoOfFirstHouseholdAsync(ReviewStatus.Approved);
        await using var db = await database.CreateDbContextAsync();
        var stored = await db.SheepPhotos.SingleAsync(p => p.Id == photoId);

        Assert.Equal(stored.LargeKey, (await photos.FindAsync(photoId, PhotoSize.Large, PhotoViewer.Anonymous))!.Key);
        Assert.Equal(stored.ThumbnailKey, (await photos.FindAsync(photoId, PhotoSize.Thumbnail, PhotoViewer.Anonymous))!.Key);
    }

    [Fact]
    public async Task An_unknown_photo_is_nothing_even_for_an_admin()
    {
        var admin = (await ViewersAsync())["admin"];

        Assert.Null(await photos.FindAsync(987_654_321, PhotoSize.Large, admin));
    }

    private async Task<long> PhotoOfFirstHouseholdAsync(ReviewStatus review)
    {
        await using var db = await database.CreateDbContextAsync();
        var householdId = await db.Households.OrderBy(h => h.Id).Select(h => h.Id).FirstAsync();
        var (sheepId, _) = await data.LivingSheepAsync(householdId);
        var added = await data.AddLogAsync(sheepId, LogKind.Photo, database.Clock.GetUtcNow(), review, withPhoto: true);
        return added.PhotoId!.Value;
    }

    private async Task<Dictionary<string, PhotoViewer>> ViewersAsync()
    {
        await using var db = await database.CreateDbContextAsync();
        var ids = await db.Users.ToDictionaryAsync(u => u.Email!, u => u.Id);
        return new()
        {
            ["anonymous"] = PhotoViewer.Anonymous,
            ["sponsor"] = new(ids[DemoAccounts.Sponsor.Email], IsAdmin: false, IsHerder: false),
            ["sponsor claiming herder role"] = new(ids[DemoAccounts.Sponsor.Email], IsAdmin: false, IsHerder: true),
            ["other herder"] = new(ids[DemoAccounts.SecondHerder.Email], IsAdmin: false, IsHerder: true),
            ["owner herder"] = new(ids[DemoAccounts.Herder.Email], IsAdmin: false, IsHerder: true),
            ["admin"] = new(ids[DemoAccounts.Admin.Email], IsAdmin: true, IsHerder: false),
        };
    }
}
