using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Data;
using Sponsorship.Core.Flock;

namespace Sponsorship.Core.Payments;

public sealed record PaymentSummary(
    string Reference, string Provider, long AmountFen, string Currency, PaymentStatus Status, int AdoptionId,
    string BuyerUserId, string SheepName, string EarTag, string PlanNameZh, string PlanNameEn, DateTimeOffset? ReservedUntil);

/// <summary>One payment as the sandbox checkout and the bank-transfer instructions show it.</summary>
public sealed class PaymentSummaries(IDbContextFactory<SponsorshipDbContext> dbFactory)
{
    public async Task<PaymentSummary?> ByReferenceAsync(string reference, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Payments.AsNoTracking().Where(p => p.ProviderReference == reference)
            .Select(p => new PaymentSummary(
                p.ProviderReference, p.Provider, p.AmountFen, p.Currency, p.Status, p.AdoptionId, p.Adoption.BuyerUserId,
                p.Adoption.Sheep.Name,
                p.Adoption.Sheep.Tags.Where(t => t.Type == IdTagType.NationalEarTag && t.ValidTo == null).Select(t => t.Value).FirstOrDefault() ?? "",
                p.Adoption.Plan.NameZh, p.Adoption.Plan.NameEn, p.Adoption.ReservedUntil))
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
