using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Data;
using Sponsorship.Core.Payments;

namespace Sponsorship.Core.Organisations;

/// <summary>What the order confirmation mail says: the order, the payment, and how far it reaches.</summary>
public sealed record OrderMailFacts(
    int OrganisationId, string OrganisationName, int OrderId, int Quantity, string PlanZh, string PlanEn, long AmountFen,
    PaymentPurpose Purpose, int Households, int Villages);

/// <summary>The facts of the organisations' mails, read when the mail is rendered (so it says what is true when it goes).</summary>
public sealed class OrganisationMailContent(IDbContextFactory<SponsorshipDbContext> dbFactory)
{
    public async Task<OrderMailFacts?> OrderAsync(int orderId, int paymentId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await (
            from o in db.OrganisationOrders.AsNoTracking()
            join p in db.Payments on o.Id equals p.OrganisationOrderId
            where o.Id == orderId && p.Id == paymentId
            select new OrderMailFacts(
                o.OrganisationId, o.Organisation.Name, o.Id,
                o.Adoptions.Count(a => a.Status == Adoptions.AdoptionStatus.Active), o.Plan.NameZh, o.Plan.NameEn, p.AmountFen, p.Purpose,
                o.Adoptions.Select(a => a.Sheep.HouseholdId).Distinct().Count(),
                o.Adoptions.Select(a => a.Sheep.Household.VillageId).Distinct().Count()))
            .SingleOrDefaultAsync(cancellationToken);
    }

    public async Task<string?> OrganisationNameAsync(int organisationId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Organisations.AsNoTracking().Where(o => o.Id == organisationId).Select(o => o.Name).SingleOrDefaultAsync(cancellationToken);
    }
}
