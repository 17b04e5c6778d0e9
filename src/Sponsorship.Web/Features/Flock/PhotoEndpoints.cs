using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Net.Http.Headers;
using Sponsorship.Core.Flock;
using Sponsorship.Core.Identity;
using Sponsorship.Core.Storage;

namespace Sponsorship.Web.Features.Flock;

/// <summary>
/// <c>GET /media/photos/{photoId}/{large|thumb}</c>: a sheep photo from the file store. Approved photos are public and
/// cached for a year (a photo never changes under its id); photos still in review or rejected are sent, uncached, only
/// to the household's accounts and admins, and anyone else gets the same 404 as for a photo that does not exist.
/// </summary>
public static class PhotoEndpoints
{
    public const string PublicCacheControl = "public, max-age=31536000, immutable";
    public const string PrivateCacheControl = "private, no-store";

    /// <summary>The photo's address relative to the base href (pages use <c>&lt;base href="/"&gt;</c>).</summary>
    public static string Url(long photoId, PhotoSize size) => $"media/photos/{photoId}/{(size == PhotoSize.Thumbnail ? "thumb" : "large")}";

    public static WebApplication MapPhotos(this WebApplication app)
    {
        app.MapGet("/media/photos/{photoId:long}/{size}", ServeAsync).AllowAnonymous();
        return app;
    }

    private static async Task<IResult> ServeAsync(
        long photoId, string size, HttpContext context, PhotoFiles photos, IFileStore store, CancellationToken cancellationToken)
    {
        PhotoSize? wanted = size switch
        {
            "large" => PhotoSize.Large,
            "thumb" => PhotoSize.Thumbnail,
            _ => null,
        };
        if (wanted is null)
        {
            return Results.NotFound();
        }

        var user = context.User;
        var viewer = new PhotoViewer(user.FindFirstValue(ClaimTypes.NameIdentifier), user.IsInRole(Roles.Admin), user.IsInRole(Roles.Herder));
        var photo = await photos.FindAsync(photoId, wanted.Value, viewer, cancellationToken);
        var stream = photo is null ? null : await store.OpenReadAsync(photo.Key, cancellationToken);
        if (photo is null || stream is null)
        {
            return Results.NotFound();
        }

        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        if (!photo.Public)
        {
            headers.CacheControl = PrivateCacheControl;
            return Results.Stream(stream, "image/jpeg");
        }

        headers.CacheControl = PublicCacheControl;
        return Results.Stream(stream, "image/jpeg", entityTag: ETagFor(photo.Key));
    }

    // The key names a file that is never rewritten, so a hash of it is a strong validator.
    private static EntityTagHeaderValue ETagFor(string key) =>
        new($"\"{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)).AsSpan(0, 12))}\"");
}
