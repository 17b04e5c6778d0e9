using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Data;

namespace Sponsorship.Core.Flock;

/// <summary>Reads of the tags a sheep wears now, shared by the flock's public queries.</summary>
internal static class SheepTags
{
    /// <summary>
    /// The current ear tag (<see cref="IdTag.IsCurrentEarTag"/>) of each of these sheep; a sheep without one is left out.
    /// Read per sheep, each lookup a search of the (SheepId, ValidTo) index (SQLite's query plan says so): a flat query of
    /// tags with <c>Type = 1</c> and an IN list was seen to make SQLite without ANALYZE statistics read the (Type, Value)
    /// index, every tag of the flock.
    /// </summary>
    public static async Task<Dictionary<int, string>> CurrentEarTagsAsync(
        SponsorshipDbContext db, IReadOnlyCollection<int> sheepIds, CancellationToken cancellationToken)
    {
        if (sheepIds.Count == 0)
        {
            return [];
        }

        var tags = await db.Sheep.AsNoTracking()
            .Where(s => sheepIds.Contains(s.Id))
            .Select(s => new { s.Id, Tag = s.Tags.AsQueryable().Where(IdTag.IsCurrentEarTag).Select(t => t.Value).FirstOrDefault() })
            .ToListAsync(cancellationToken);
        return tags.Where(t => t.Tag is not null).ToDictionary(t => t.Id, t => t.Tag!);
    }
}
