using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using Sponsorship.Core.Demo;
using Sponsorship.Core.Flock;
using Sponsorship.Testing;

namespace Sponsorship.Web.Tests.Flock;

[Collection(SharedApp.Name)]
public sealed class PhotoEndpointTests(SponsorshipAppFactory app)
{
    private static DateTimeOffset Now => TimeProvider.System.GetUtcNow();

    [Theory]
    [InlineData("large")]
    [InlineData("thumb")]
    public async Task An_approved_photo_is_public_and_cached_for_a_year(string size)
    {
        var photoId = await PhotoOfHouseholdOneAsync(ReviewStatus.Approved);
        var client = HttpTestClient.Anonymous(app);

        var response = await client.GetAsync($"/media/photos/{photoId}/{size}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/jpeg", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("public, max-age=31536000, immutable", string.Join(", ", response.Headers.GetValues("Cache-Control")));
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        var etag = response.Headers.ETag;
        Assert.NotNull(etag);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.True(PhotoIntake.LooksLikeAllowedImage(bytes) && bytes[0] == 0xFF, "not a JPEG");

        using var again = new HttpRequestMessage(HttpMethod.Get, $"/media/photos/{photoId}/{size}");
        again.Headers.IfNoneMatch.Add(etag);
        var revalidated = await client.SendAsync(again);
        Assert.Equal(HttpStatusCode.NotModified, revalidated.StatusCode);
    }

    [Fact]
    public async Task The_two_sizes_are_different_files()
    {
        var photoId = await PhotoOfHouseholdOneAsync(ReviewStatus.Approved);
        var client = HttpTestClient.Anonymous(app);

        var large = await client.GetByteArrayAsync($"/media/photos/{photoId}/large");
        var thumb = await client.GetByteArrayAsync($"/media/photos/{photoId}/thumb");

        Assert.True(large.Length > thumb.Length, $"large {large.Length} bytes, thumb {thumb.Length} bytes");
    }

    [Theory]
    [InlineData(ReviewStatus.Pending)]
    [InlineData(ReviewStatus.Rejected)]
    public async Task A_photo_in_review_is_404_for_everyone_but_its_household_and_admins(ReviewStatus review)
    {
        var photoId = await PhotoOfHouseholdOneAsync(review);
        var path = $"/media/photos/{photoId}/large";

        Assert.Equal(HttpStatusCode.NotFound, (await HttpTestClient.Anonymous(app).GetAsync(path)).StatusCode);
        foreach (var outsider in new[] { DemoAccounts.Sponsor, DemoAccounts.SecondHerder })
        {
            var client = await HttpTestClient.SignedInAsync(app, outsider.Email, DemoAccounts.Password);
            Assert.True((await client.GetAsync(path)).StatusCode == HttpStatusCode.NotFound, outsider.Email);
        }

        foreach (var insider in new[] { DemoAccounts.Herder, DemoAccounts.Admin })
        {
            var client = await HttpTestClient.SignedInAsync(app, insider.Email, DemoAccounts.Password);
            var response = await client.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{insider.Email}: {response.StatusCode}");
            Assert.Equal(new CacheControlHeaderValue { Private = true, NoStore = true }, response.Headers.CacheControl);
            Assert.Null(response.Headers.ETag);
            Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
            Assert.Equal("image/jpeg", response.Content.Headers.ContentType!.MediaType);
        }
    }

    [Theory]
    [InlineData("original")]
    [InlineData("LARGE")]
    [InlineData("large.jpg")]
    public async Task An_unknown_size_is_404(string size)
    {
        var photoId = await PhotoOfHouseholdOneAsync(ReviewStatus.Approved);

        var response = await HttpTestClient.Anonymous(app).GetAsync($"/media/photos/{photoId}/{size}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData("/media/photos/999999999/large")]
    [InlineData("/media/photos/abc/large")]
    [InlineData("/media/photos/-1/thumb")]
    public async Task An_unknown_photo_is_404(string path)
    {
        var admin = await HttpTestClient.SignedInAsync(app, DemoAccounts.Admin.Email, DemoAccounts.Password);

        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync(path)).StatusCode);
    }

    private async Task<long> PhotoOfHouseholdOneAsync(ReviewStatus review)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var data = FlockTestData.For(scope.ServiceProvider);
        var (sheepId, _) = await data.LivingSheepAsync(await data.HouseholdIdAsync(1));
        return (await data.AddLogAsync(sheepId, LogKind.Photo, Now.AddDays(-1), review, withPhoto: true)).PhotoId!.Value;
    }
}
