using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Data;

namespace Sponsorship.Core.Flock;

/// <summary>The households a sheep CSV may name: by id, by Chinese head name (巴特尔 or 巴特尔家) and by Latin head name.</summary>
public sealed class SheepCsvHouseholds
{
    private readonly Dictionary<int, Entry> byId;
    private readonly ILookup<string, Entry> byName;

    private SheepCsvHouseholds(List<Entry> all)
    {
        byId = all.ToDictionary(h => h.Id);
        byName = all
            .SelectMany(h => new[] { (Key: h.HeadName, h), (Key: h.HeadName + "家", h), (Key: h.HeadNameLatin.ToUpperInvariant(), h) })
            .Where(x => x.Key.Length > 0)
            .Distinct()
            .ToLookup(x => x.Key, x => x.h, StringComparer.Ordinal);
    }

    public sealed record Entry(int Id, string HeadName, string HeadNameLatin, bool Archived);

    public static async Task<SheepCsvHouseholds> LoadAsync(SponsorshipDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        return new(await db.Households.AsNoTracking()
            .Select(h => new Entry(h.Id, h.HeadName, h.HeadNameLatin, h.ArchivedAt != null))
            .ToListAsync(cancellationToken));
    }

    /// <summary>The one active household the text names, or why there is none.</summary>
    public (Entry? Household, ImportErrorCode Error) Find(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            return byId.TryGetValue(id, out var byNumber)
                ? byNumber.Archived ? (null, ImportErrorCode.ArchivedHousehold) : (byNumber, default)
                : (null, ImportErrorCode.UnknownHousehold);
        }

        var matches = byName[text].Concat(byName[text.ToUpperInvariant()]).Distinct().ToList();
        var active = matches.Where(h => !h.Archived).ToList();
        return active.Count switch
        {
            1 => (active[0], default),
            > 1 => (null, ImportErrorCode.AmbiguousHousehold),
            _ => (null, matches.Count > 0 ? ImportErrorCode.ArchivedHousehold : ImportErrorCode.UnknownHousehold),
        };
    }
}
