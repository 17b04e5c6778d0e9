using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Sponsorship.Core.Data;
using Sponsorship.Core.Payments;

namespace Sponsorship.Core.Adoptions;

public sealed record PlanChoice(
    int Id, string NameZh, string NameEn, string DescriptionZh, string DescriptionEn, int TermMonths, long PriceFen, EndOfTermOptions Options);

/// <summary>What the checkout offers: the active plans, the payment providers, and whether a sheep is free.</summary>
public sealed class CheckoutChoices(IDbContextFactory<SponsorshipDbContext> dbFactory, IOptions<PaymentOptions> options)
{
    public IReadOnlyList<string> Providers => options.Value.EnabledProviders;

    public async Task<IReadOnlyList<PlanChoice>> ActivePlansAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.AdoptionPlans.AsNoTracking().Where(p => p.IsActive).OrderBy(p => p.Id)
            .Select(p => new PlanChoice(p.Id, p.NameZh, p.NameEn, p.DescriptionZh, p.DescriptionEn, p.TermMonths, p.PriceFen, p.EndOfTermOptions))
            .ToListAsync(cancellationToken);
    }

    /// <summary>Whether the sheep can be adopted now, and if not, why (the rule checkout itself applies).</summary>
    public async Task<SheepStanding> StandingAsync(int sheepId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await SheepHolds.StandingAsync(db, sheepId, cancellationToken: cancellationToken);
    }
}
