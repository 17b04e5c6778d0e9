using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Data;
using Sponsorship.Core.Flock;

namespace Sponsorship.Core.Payments;

public sealed record PaymentSummary(
    string Reference, string Provider, long AmountFen, string Currency, PaymentStatus Status, int AdoptionId,
    string BuyerUserId, string SheepName, string EarTag, string PlanNameZh, string PlanNameEn, DateTimeOffset? ReservedUntil,
    int PaymentId = 0, PaymentPurpose Purpose = PaymentPurpose.Adoption, DateTimeOffset CreatedAt = default, string? Channel = null)
{
    /// <summary>Until when the sponsor can pay it (<see cref="GatewayOrderExpiry"/>).</summary>
    public DateTimeOffset ExpiresAt(PaymentOptions options) => GatewayOrderExpiry.For(Purpose, CreatedAt, ReservedUntil, options);
}

/// <summary>One payment as the payment pages (sandbox, WeChat Pay, Alipay, bank-transfer instructions) show it.</summary>
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
                p.Adoption.Plan.NameZh, p.Adoption.Plan.NameEn, p.Adoption.ReservedUntil, p.Id, p.Purpose, p.CreatedAt, p.Channel))
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
