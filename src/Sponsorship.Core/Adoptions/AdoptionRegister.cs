using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Data;
using Sponsorship.Core.Flock;
using Sponsorship.Core.Identity;

namespace Sponsorship.Core.Adoptions;

/// <summary>One adoption as the office lists it: the sheep, who holds it, the plan, the price and the term.</summary>
public sealed record AdoptionRow(
    int Id, string SheepName, string EarTag, string SponsorName, string SponsorEmail, string PlanNameZh, string PlanNameEn, long PriceFen,
    AdoptionStatus Status, bool Gift, DateTimeOffset CreatedAt, DateTimeOffset? StartAt, DateTimeOffset? EndAt);

/// <summary>What the adoptions list can be ordered by.</summary>
public enum AdoptionSort
{
    Created,
    Ends,
    Price,
}

/// <summary>
/// One page of adoptions: 1-based <paramref name="Page"/> of <paramref name="Size"/> rows, ordered by
/// <paramref name="Sort"/>; only those in <paramref name="Status"/>, and whose sheep's name or ear tag or whose
/// sponsor's name or email contains <paramref name="Search"/>. A filter left null lets everything through.
/// </summary>
public sealed record AdoptionQuery(
    int Page = 1, int Size = 25, AdoptionSort Sort = AdoptionSort.Created, bool Descending = true, AdoptionStatus? Status = null, string? Search = null)
{
    public const int MaxSize = 200;
}

public sealed record AdoptionPage(IReadOnlyList<AdoptionRow> Rows, int Total);

/// <summary>Every adoption, for administrators: paged, ordered and filtered in the database.</summary>
public sealed class AdoptionRegister(IDbContextFactory<SponsorshipDbContext> dbFactory)
{
    /// <summary>Null unless the caller is an administrator.</summary>
    public async Task<AdoptionPage?> PageAsync(string adminUserId, AdoptionQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!await Administrators.IsAdministratorAsync(db, adminUserId, cancellationToken))
        {
            return null;
        }

        var adoptions = db.Adoptions.AsNoTracking();
        if (query.Status is { } status)
        {
            adoptions = adoptions.Where(a => a.Status == status);
        }

        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var term = query.Search.Trim();
            var like = Programme.ConsoleSearch.Like(term.ToUpperInvariant());
            adoptions = adoptions.Where(a =>
                a.Sheep.Name.Contains(term)
                || a.Sheep.Tags.Any(t => EF.Functions.Like(t.Value, like, "\\"))
                || EF.Functions.Like(a.Sponsor.DisplayName.ToUpper(), like, "\\")
                || EF.Functions.Like(a.Sponsor.NormalizedEmail!, like, "\\"));
        }

        var total = await adoptions.CountAsync(cancellationToken);
        var ordered = (query.Sort, query.Descending) switch
        {
            (AdoptionSort.Ends, false) => adoptions.OrderBy(a => a.EndAt == null).ThenBy(a => a.EndAt).ThenBy(a => a.Id),
            (AdoptionSort.Ends, true) => adoptions.OrderBy(a => a.EndAt == null).ThenByDescending(a => a.EndAt).ThenByDescending(a => a.Id),
            (AdoptionSort.Price, false) => adoptions.OrderBy(a => a.PriceFen).ThenBy(a => a.Id),
            (AdoptionSort.Price, true) => adoptions.OrderByDescending(a => a.PriceFen).ThenByDescending(a => a.Id),
            (_, false) => adoptions.OrderBy(a => a.Id),
            _ => adoptions.OrderByDescending(a => a.Id),
        };
        var size = Math.Clamp(query.Size, 1, AdoptionQuery.MaxSize);
        var skip = (Math.Max(1, query.Page) - 1) * size;
        var rows = await ordered.Skip(skip).Take(size)
            .Select(a => new AdoptionRow(
                a.Id, a.Sheep.Name, a.Sheep.Tags.AsQueryable().Where(IdTag.IsCurrentEarTag).Select(t => t.Value).FirstOrDefault() ?? "",
                a.Sponsor.DisplayName, a.Sponsor.Email ?? "", a.Plan.NameZh, a.Plan.NameEn, a.PriceFen, a.Status, a.GiftRecipientEmail != null,
                a.CreatedAt, a.StartAt, a.EndAt))
            .ToListAsync(cancellationToken);
        return new AdoptionPage(rows, total);
    }
}
