using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Data;
using Sponsorship.Core.Identity;

namespace Sponsorship.Core.Adoptions;

public sealed record PlanRow(
    int Id, string NameZh, string NameEn, string DescriptionZh, string DescriptionEn, int TermMonths, long PriceFen,
    EndOfTermOptions Options, bool IsActive, int Adoptions);

/// <summary>A plan as the admin form posts it; the price is typed in yuan ("1800" or "1,800.50").</summary>
public sealed record PlanInput(
    string NameZh, string NameEn, string DescriptionZh, string DescriptionEn, int TermMonths, string PriceYuan,
    EndOfTermOptions Options, bool IsActive);

public enum PlanError
{
    None = 0,
    NotAllowed,
    NotFound,
    NameZhRequired,
    NameEnRequired,
    NameTooLong,
    DescriptionTooLong,
    TermOutOfRange,
    PriceInvalid,
    OptionsRequired,
}

public sealed record PlanResult(PlanError Error, int Id = 0)
{
    public bool Succeeded => Error == PlanError.None;
}

/// <summary>
/// Administrators create and edit adoption plans. Adoptions copy the price and term when they are made, so editing a
/// plan changes what new sponsors buy and nothing that was bought.
/// </summary>
public sealed class AdoptionPlanAdmin(IDbContextFactory<SponsorshipDbContext> dbFactory, TimeProvider clock)
{
    public const int MinTermMonths = 1;
    public const int MaxTermMonths = 60;
    public const int MaxNameZhLength = 64;
    public const int MaxNameEnLength = 128;
    public const int MaxDescriptionZhLength = 1000;
    public const int MaxDescriptionEnLength = 2000;

    /// <summary>¥1,000,000.00: far above any plan, low enough that a slipped finger is caught.</summary>
    public const long MaxPriceFen = 100_000_000;

    public const EndOfTermOptions AllOptions =
        EndOfTermOptions.MeatBox | EndOfTermOptions.Wool | EndOfTermOptions.KeepForBreeding | EndOfTermOptions.NothingFurther;

    public async Task<IReadOnlyList<PlanRow>?> ListAsync(string adminUserId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!await Administrators.IsAdministratorAsync(db, adminUserId, cancellationToken))
        {
            return null;
        }

        return await db.AdoptionPlans.AsNoTracking().OrderByDescending(p => p.IsActive).ThenBy(p => p.TermMonths).ThenBy(p => p.Id)
            .Select(p => new PlanRow(
                p.Id, p.NameZh, p.NameEn, p.DescriptionZh, p.DescriptionEn, p.TermMonths, p.PriceFen, p.EndOfTermOptions, p.IsActive,
                db.Adoptions.Count(a => a.PlanId == p.Id)))
            .ToListAsync(cancellationToken);
    }

    public Task<PlanResult> CreateAsync(string adminUserId, PlanInput input, CancellationToken cancellationToken = default) =>
        SaveAsync(adminUserId, null, input, cancellationToken);

    public Task<PlanResult> UpdateAsync(string adminUserId, int planId, PlanInput input, CancellationToken cancellationToken = default) =>
        SaveAsync(adminUserId, planId, input, cancellationToken);

    /// <summary>Reads a yuan amount with at most two decimals ("1800", "1,800.5", "¥1800.00") as fen.</summary>
    public static bool TryParseYuan(string? text, out long fen)
    {
        fen = 0;
        var cleaned = (text ?? "").Trim().TrimStart('¥', '￥').Replace(",", "", StringComparison.Ordinal).Trim();
        if (cleaned.Length == 0 || cleaned.Length > 15
            || !decimal.TryParse(cleaned, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var yuan)
            || decimal.Round(yuan, 2) != yuan)
        {
            return false;
        }

        fen = (long)(yuan * 100);
        return true;
    }

    private async Task<PlanResult> SaveAsync(string adminUserId, int? planId, PlanInput input, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!await Administrators.IsAdministratorAsync(db, adminUserId, cancellationToken))
        {
            return new PlanResult(PlanError.NotAllowed);
        }

        if (Validate(input, out var fen) is { } problem)
        {
            return new PlanResult(problem);
        }

        AdoptionPlan? plan;
        if (planId is { } id)
        {
            plan = await db.AdoptionPlans.SingleOrDefaultAsync(p => p.Id == id, cancellationToken);
            if (plan is null)
            {
                return new PlanResult(PlanError.NotFound);
            }
        }
        else
        {
            plan = new AdoptionPlan { CreatedAt = clock.GetUtcNow() };
            db.AdoptionPlans.Add(plan);
        }

        plan.NameZh = input.NameZh.Trim();
        plan.NameEn = input.NameEn.Trim();
        plan.DescriptionZh = (input.DescriptionZh ?? "").Trim();
        plan.DescriptionEn = (input.DescriptionEn ?? "").Trim();
        plan.TermMonths = input.TermMonths;
        plan.PriceFen = fen;
        plan.EndOfTermOptions = input.Options & AllOptions;
        plan.IsActive = input.IsActive;
        await db.SaveChangesAsync(cancellationToken);
        return new PlanResult(PlanError.None, plan.Id);
    }

    private static PlanError? Validate(PlanInput input, out long fen)
    {
        fen = 0;
        if (string.IsNullOrWhiteSpace(input.NameZh))
        {
            return PlanError.NameZhRequired;
        }

        if (string.IsNullOrWhiteSpace(input.NameEn))
        {
            return PlanError.NameEnRequired;
        }

        if (input.NameZh.Trim().Length > MaxNameZhLength || input.NameEn.Trim().Length > MaxNameEnLength)
        {
            return PlanError.NameTooLong;
        }

        if ((input.DescriptionZh ?? "").Trim().Length > MaxDescriptionZhLength || (input.DescriptionEn ?? "").Trim().Length > MaxDescriptionEnLength)
        {
            return PlanError.DescriptionTooLong;
        }

        if (input.TermMonths is < MinTermMonths or > MaxTermMonths)
        {
            return PlanError.TermOutOfRange;
        }

        if (!TryParseYuan(input.PriceYuan, out fen) || fen <= 0 || fen > MaxPriceFen)
        {
            return PlanError.PriceInvalid;
        }

        return (input.Options & AllOptions) == EndOfTermOptions.None ? PlanError.OptionsRequired : null;
    }
}
