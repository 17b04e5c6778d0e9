using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Data;
using Sponsorship.Core.Flock;

namespace Sponsorship.Core.Payments;

/// <summary>
/// A payment as the pay pages show it. For an organisation order's payment there is no single sheep:
/// <see cref="OrganisationOrderId"/> is set and <see cref="SheepCount"/> says how many sheep it pays for.
/// </summary>
public sealed record PaymentSummary(
    string Reference, string Provider, long AmountFen, string Currency, PaymentStatus Status, int AdoptionId,
    string BuyerUserId, string SheepName, string EarTag, string PlanNameZh, string PlanNameEn, DateTimeOffset? ReservedUntil,
    int? OrganisationOrderId = null, int? OrganisationId = null, int SheepCount = 1);

/// <summary>One payment as the sandbox checkout and the bank-transfer instructions show it.</summary>
public sealed class PaymentSummaries(IDbContextFactory<SponsorshipDbContext> dbFactory)
{
    public async Task<PaymentSummary?> ByReferenceAsync(string reference, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var single = await db.Payments.AsNoTracking().Where(p => p.ProviderReference == reference && p.AdoptionId != null)
            .Select(p => new PaymentSummary(
                p.ProviderReference, p.Provider, p.AmountFen, p.Currency, p.Status, p.AdoptionId!.Value, p.Adoption!.BuyerUserId,
                p.Adoption.Sheep.Name,
                p.Adoption.Sheep.Tags.Where(t => t.Type == IdTagType.NationalEarTag && t.ValidTo == null).Select(t => t.Value).FirstOrDefault() ?? "",
                p.Adoption.Plan.NameZh, p.Adoption.Plan.NameEn, p.Adoption.ReservedUntil,
                null, null, 1))
            .SingleOrDefaultAsync(cancellationToken);
        return single ?? await (
            from p in db.Payments.AsNoTracking()
            join o in db.OrganisationOrders on p.OrganisationOrderId equals o.Id
            where p.ProviderReference == reference && p.AdoptionId == null
            select new PaymentSummary(
                p.ProviderReference, p.Provider, p.AmountFen, p.Currency, p.Status, 0, o.PlacedByUserId, o.Organisation.Name, "",
                o.Plan.NameZh, o.Plan.NameEn, o.ReservedUntil, o.Id, o.OrganisationId,
                db.Adoptions.Count(a => a.OrganisationOrderId == o.Id && a.Status != Adoptions.AdoptionStatus.Cancelled)))
            .SingleOrDefaultAsync(cancellationToken);
    }
}
