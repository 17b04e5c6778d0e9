using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Data;
using Sponsorship.Core.Flock;

namespace Sponsorship.Core.Payments;

/// <summary>
/// A payment as the pay pages show it. For an organisation order's payment there is no single sheep:
/// <see cref="OrganisationOrderId"/> is set and <see cref="SheepCount"/> says how many sheep it pays for. For a visit's
/// payment <see cref="VisitDay"/> is set, and the sheep is the one whose adoption let the sponsor ask to visit.
/// </summary>
public sealed record PaymentSummary(
    string Reference, string Provider, long AmountFen, string Currency, PaymentStatus Status, int AdoptionId,
    string BuyerUserId, string SheepName, string EarTag, string PlanNameZh, string PlanNameEn, DateTimeOffset? ReservedUntil,
    int PaymentId = 0, PaymentPurpose Purpose = PaymentPurpose.Adoption, DateTimeOffset CreatedAt = default, string? Channel = null,
    int? OrganisationOrderId = null, int? OrganisationId = null, int SheepCount = 1, string SheepNameLatin = "", DateOnly? VisitDay = null)
{
    /// <summary>Where the sponsor goes once it is captured (relative to the base address).</summary>
    public string PaidPath => VisitDay is null ? $"my/adoptions/{AdoptionId}?paid=1" : $"my/adoptions/{AdoptionId}/visit?paid=1";

    /// <summary>Where the sponsor goes back to when it was not paid: the sheep, or the visit page.</summary>
    public string BackPath => VisitDay is null ? $"sheep/{EarTag}" : $"my/adoptions/{AdoptionId}/visit";

    /// <summary>Until when the sponsor can pay it (<see cref="GatewayOrderExpiry"/>).</summary>
    public DateTimeOffset ExpiresAt(PaymentOptions options) => GatewayOrderExpiry.For(Purpose, CreatedAt, ReservedUntil, options);
}

/// <summary>One payment as the payment pages (sandbox, WeChat Pay, Alipay, bank-transfer instructions) show it.</summary>
public sealed class PaymentSummaries(IDbContextFactory<SponsorshipDbContext> dbFactory)
{
    public async Task<PaymentSummary?> ByReferenceAsync(string reference, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var visit = await db.Payments.AsNoTracking().Where(p => p.ProviderReference == reference && p.VisitBookingId != null)
            .Select(p => new PaymentSummary(
                p.ProviderReference, p.Provider, p.AmountFen, p.Currency, p.Status, p.VisitBooking!.AdoptionId, p.VisitBooking.SponsorUserId,
                p.VisitBooking.Adoption.Sheep.Name,
                p.VisitBooking.Adoption.Sheep.Tags.AsQueryable().Where(IdTag.IsCurrentEarTag).Select(t => t.Value).FirstOrDefault() ?? "",
                "", "", p.VisitBooking.PayBy, p.Id, p.Purpose, p.CreatedAt, p.Channel, null, null, 1, p.VisitBooking.Adoption.Sheep.NameLatin,
                p.VisitBooking.Day))
            .SingleOrDefaultAsync(cancellationToken);
        if (visit is not null)
        {
            return visit;
        }

        var single = await db.Payments.AsNoTracking().Where(p => p.ProviderReference == reference && p.AdoptionId != null)
            .Select(p => new PaymentSummary(
                p.ProviderReference, p.Provider, p.AmountFen, p.Currency, p.Status, p.AdoptionId!.Value, p.Adoption!.BuyerUserId,
                p.Adoption.Sheep.Name,
                p.Adoption.Sheep.Tags.AsQueryable().Where(IdTag.IsCurrentEarTag).Select(t => t.Value).FirstOrDefault() ?? "",
                p.Adoption.Plan.NameZh, p.Adoption.Plan.NameEn, p.Adoption.ReservedUntil,
                p.Id, p.Purpose, p.CreatedAt, p.Channel, null, null, 1, p.Adoption.Sheep.NameLatin))
            .SingleOrDefaultAsync(cancellationToken);
        return single ?? await (
            from p in db.Payments.AsNoTracking()
            join o in db.OrganisationOrders on p.OrganisationOrderId equals o.Id
            where p.ProviderReference == reference && p.AdoptionId == null && p.VisitBookingId == null
            select new PaymentSummary(
                p.ProviderReference, p.Provider, p.AmountFen, p.Currency, p.Status, 0, o.PlacedByUserId, o.Organisation.Name, "",
                o.Plan.NameZh, o.Plan.NameEn, o.ReservedUntil, p.Id, p.Purpose, p.CreatedAt, p.Channel, o.Id, o.OrganisationId,
                db.Adoptions.Count(a => a.OrganisationOrderId == o.Id && a.Status != Adoptions.AdoptionStatus.Cancelled)))
            .SingleOrDefaultAsync(cancellationToken);
    }

    /// <summary>
    /// The payment only for the sponsor who is paying it, and only for the given provider: anyone else's payment is
    /// answered like one that does not exist.
    /// </summary>
    public async Task<PaymentSummary?> ForBuyerAsync(string reference, string provider, string? buyerUserId, CancellationToken cancellationToken = default)
    {
        var payment = string.IsNullOrEmpty(buyerUserId) ? null : await ByReferenceAsync(reference, cancellationToken);
        return payment is not null && payment.Provider == provider && payment.BuyerUserId == buyerUserId ? payment : null;
    }
}
