using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Data;

namespace Sponsorship.Core.Flock;

public sealed record CatalogueFilter(Breed? Breed = null, int? VillageId = null, Sex? Sex = null, AgeBand? Age = null);

/// <param name="CoverPhotoId">The newest approved photo of the sheep (its thumbnail is the card's picture), if any.</param>
public sealed record CatalogueSheep(
    int Id, string EarTag, string Name, Breed Breed, Sex Sex, DateOnly BirthDate,
    string VillageName, string VillageNameLatin, string HeadName, string HeadNameLatin, long? CoverPhotoId = null);

public sealed record CataloguePage(IReadOnlyList<CatalogueSheep> Items, int Total, int Page, int PageSize)
{
    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);
}

/// <summary>The public list of sheep that can be adopted: one projection, one page, no per-row queries.</summary>
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
        var items = await query
            .OrderBy(s => s.Id)
            .Skip((page - 1) * pageSize)
            .Take(pageSize)
            .Select(s => new CatalogueSheep(
                s.Id,
                s.Tags.Where(t => t.Type == IdTagType.NationalEarTag && t.ValidTo == null).Select(t => t.Value).FirstOrDefault() ?? "",
                s.Name,
                s.Breed,
                s.Sex,
                s.BirthDate,
                s.Household.Village.Name,
                s.Household.Village.NameLatin,
                s.Household.HeadName,
                s.Household.HeadNameLatin,
                s.Logs
                    .Where(l => l.Review == ReviewStatus.Approved)
                    .SelectMany(l => l.Photos, (l, p) => new { l.At, p.Id })
                    .OrderByDescending(p => p.At)
                    .ThenByDescending(p => p.Id)
                    .Select(p => (long?)p.Id)
                    .FirstOrDefault()))
            .ToListAsync(cancellationToken);
        return new CataloguePage(items, total, page, pageSize);
    }

    public async Task<IReadOnlyList<VillageChoice>> VillagesAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Villages.AsNoTracking()
            .Where(v => v.ArchivedAt == null)
            .OrderBy(v => v.NameLatin)
            .Select(v => new VillageChoice(v.Id, v.Name, v.NameLatin))
            .ToListAsync(cancellationToken);
    }
}

public sealed record VillageChoice(int Id, string Name, string NameLatin);
