using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Data;

namespace Sponsorship.Core.Flock;

/// <summary>Reads of the tags a sheep wears now, shared by the flock's public queries.</summary>
internal static class SheepTags
{
    /// <summary>
    /// The current national ear tag of each of these sheep (a sheep without one is left out). Selected by SheepId and
    /// ValidTo, the columns of their index, and narrowed to national tags here: with <c>Type = 1</c> in the WHERE clause,
    /// SQLite without ANALYZE statistics prefers the (Type, Value) index and reads every tag of the whole flock.
    /// </summary>
    public static async Task<Dictionary<int, string>> CurrentEarTagsAsync(
        SponsorshipDbContext db, IReadOnlyCollection<int> sheepIds, CancellationToken cancellationToken)
    {
        if (sheepIds.Count == 0)
        {
            return [];
        }

        var tags = await db.IdTags.AsNoTracking()
            .Where(t => sheepIds.Contains(t.SheepId) && t.ValidTo == null)
            .Select(t => new { t.SheepId, t.Type, t.Value, t.ValidFrom })
            .ToListAsync(cancellationToken);
        return tags
            .Where(t => t.Type == IdTagType.NationalEarTag)
            .GroupBy(t => t.SheepId)
            .ToDictionary(g => g.Key, g => g.MaxBy(t => t.ValidFrom)!.Value);
    }
}
