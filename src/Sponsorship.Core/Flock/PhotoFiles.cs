using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Data;

namespace Sponsorship.Core.Flock;

public enum PhotoSize
{
    Large = 1,
    Thumbnail = 2,
}

/// <summary>Who asks for a photo, as the web layer's signed-in principal says (all false/null for a visitor).</summary>
public sealed record PhotoViewer(string? UserId, bool IsAdmin, bool IsHerder)
{
    public static readonly PhotoViewer Anonymous = new(null, false, false);
}

/// <param name="Key">The file-store key of the requested size.</param>
/// <param name="Public">Approved: anyone may see it and caches may keep it. Otherwise only its household and admins.</param>
public sealed record PhotoFile(long Id, string Key, bool Public);

/// <summary>
/// Decides who may see a stored photo. An approved log's photos are public; a pending or rejected log's photos are
/// seen only by the accounts of the household that raises the sheep and by admins. Anyone else is told nothing exists.
/// </summary>
public sealed class PhotoFiles(IDbContextFactory<SponsorshipDbContext> dbFactory)
{
    public async Task<PhotoFile?> FindAsync(long photoId, PhotoSize size, PhotoViewer viewer, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var photo = await (
                from p in db.SheepPhotos
                where p.Id == photoId
                join l in db.AnimalLogs on p.LogId equals l.Id
                join s in db.Sheep on p.SheepId equals s.Id
                select new { p.LargeKey, p.ThumbnailKey, l.Review, s.HouseholdId })
            .AsNoTracking()
            .SingleOrDefaultAsync(cancellationToken);
        if (photo is null)
        {
            return null;
        }

        var key = size == PhotoSize.Thumbnail ? photo.ThumbnailKey : photo.LargeKey;
        if (photo.Review == ReviewStatus.Approved)
        {
            return new PhotoFile(photoId, key, Public: true);
        }

        if (viewer.IsAdmin)
        {
            return new PhotoFile(photoId, key, Public: false);
        }

        if (viewer is { IsHerder: true, UserId: { } userId })
        {
            var householdId = await db.Users.Where(u => u.Id == userId).Select(u => u.HerderHouseholdId).SingleOrDefaultAsync(cancellationToken);
            if (householdId == photo.HouseholdId)
            {
                return new PhotoFile(photoId, key, Public: false);
            }
        }

        return null;
    }
}
