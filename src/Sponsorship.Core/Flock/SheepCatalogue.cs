using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Data;

namespace Sponsorship.Core.Flock;

public sealed record CatalogueFilter(Breed? Breed = null, int? VillageId = null, Sex? Sex = null, AgeBand? Age = null);

/// <param name="CoverPhotoId">The newest approved photo of the sheep (its thumbnail is the card's picture), if any.</param>
public sealed record CatalogueSheep(
    int Id, string EarTag, string Name, string NameLatin, Breed Breed, Sex Sex, DateOnly BirthDate,
    string VillageName, string VillageNameLatin, string HeadName, string HeadNameLatin, long? CoverPhotoId = null);

public sealed record CataloguePage(IReadOnlyList<CatalogueSheep> Items, int Total, int Page, int PageSize)
{
    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);

    /// <summary>The villages the filter offers, read with the page (one context and connection for the whole page).</summary>
    public IReadOnlyList<VillageChoice> Villages { get; init; } = [];
}

/// <summary>The public list of sheep that can be adopted: a count, one paged projection and the filter's villages; no per-row queries.</summary>
public sealed class SheepCatalogue(IDbContextFactory<SponsorshipDbContext> dbFactory)
{
    public const int DefaultPageSize = 24;

    /// <param name="today">The day ages are counted to (the age-band filter); from the caller's <see cref="TimeProvider"/>.</param>
    public async Task<CataloguePage> ListAsync(
        CatalogueFilter filter, int page, DateOnly today, int pageSize = DefaultPageSize, CancellationToken cancellationToken = default)
    {
        page = Math.Max(1, page);
        pageSize = Math.Clamp(pageSize, 1, 100);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);

        var query = db.Sheep.AsNoTracking().Where(s => s.ArchivedAt == null);
        if (filter.Breed is { } breed)
        {
            query = query.Where(s => s.Breed == breed);
        }

        if (filter.Sex is { } sex)
        {
            query = query.Where(s => s.Sex == sex);
        }

        if (filter.VillageId is { } villageId)
        {
            query = query.Where(s => s.Household.VillageId == villageId);
        }

        if (filter.Age is { } age)
        {
            // A plain BirthDate range: the database compares dates, no age is computed per row.
            var (bornAfter, bornOnOrBefore) = AgeBands.BirthDates(age, today);
            if (bornAfter is { } after)
            {
                query = query.Where(s => s.BirthDate > after);
            }

            if (bornOnOrBefore is { } onOrBefore)
            {
                query = query.Where(s => s.BirthDate <= onOrBefore);
            }
        }

        var total = await query.CountAsync(cancellationToken);
        // The page's ids first (read from an index, no table rows), then the cards for just those ids: sorting and
        // skipping whole rows made a deep page of 100,000 sheep ten times slower.
        var pageIds = query.OrderBy(s => s.Id).Skip((page - 1) * pageSize).Take(pageSize).Select(s => s.Id);
        var rows = await db.Sheep.AsNoTracking()
            .Where(s => pageIds.Contains(s.Id))
            .OrderBy(s => s.Id)
            .Select(s => new
            {
                s.Id,
                EarTag = s.Tags.AsQueryable().Where(IdTag.IsCurrentEarTag).Select(t => t.Value).FirstOrDefault(),
                s.Name,
                s.NameLatin,
                s.Breed,
                s.Sex,
                s.BirthDate,
                VillageName = s.Household.Village.Name,
                VillageNameLatin = s.Household.Village.NameLatin,
                s.Household.HeadName,
                s.Household.HeadNameLatin,
                CoverPhotoId = s.Logs
                    .Where(l => LogKinds.Public.Contains(l.Kind) && l.Review == ReviewStatus.Approved)
                    .SelectMany(l => l.Photos, (l, p) => new { l.At, p.Id })
                    .OrderByDescending(p => p.At)
                    .ThenByDescending(p => p.Id)
                    .Select(p => (long?)p.Id)
                    .FirstOrDefault(),
            })
            .ToListAsync(cancellationToken);
        var items = rows
            .Select(r => new CatalogueSheep(
                r.Id, r.EarTag ?? "", r.Name, r.NameLatin, r.Breed, r.Sex, r.BirthDate,
                r.VillageName, r.VillageNameLatin, r.HeadName, r.HeadNameLatin, r.CoverPhotoId))
            .ToList();
        return new CataloguePage(items, total, page, pageSize) { Villages = await VillagesAsync(db, cancellationToken) };
    }

    public async Task<IReadOnlyList<VillageChoice>> VillagesAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await VillagesAsync(db, cancellationToken);
    }

    private static async Task<IReadOnlyList<VillageChoice>> VillagesAsync(SponsorshipDbContext db, CancellationToken cancellationToken) =>
        await db.Villages.AsNoTracking()
            .Where(v => v.ArchivedAt == null)
            .OrderBy(v => v.NameLatin)
            .Select(v => new VillageChoice(v.Id, v.Name, v.NameLatin))
            .ToListAsync(cancellationToken);
}

public sealed record VillageChoice(int Id, string Name, string NameLatin);
