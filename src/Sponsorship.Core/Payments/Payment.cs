using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Sponsorship.Core.Adoptions;
using Sponsorship.Core.Visits;

namespace Sponsorship.Core.Payments;

/// <summary>
/// One attempt to pay for a term of an adoption (the first term, or a renewal) through one provider. Once captured it
/// carries the term it paid for, so each term's money can be released on its own. An organisation order's own payment
/// has no adoption (<see cref="OrganisationOrderId"/> instead); when it is captured, each of the order's adoptions gets
/// a captured share of it (<see cref="PartOfPaymentId"/>) that carries that adoption's term like any payment. A visit's
/// payment has no adoption either: it names the visit (<see cref="VisitBookingId"/>).
/// </summary>
public class Payment
{
    public int Id { get; set; }
    public int? AdoptionId { get; set; }
    public Adoption? Adoption { get; set; }

    /// <summary>The organisation order this payment is for (its own payment, or one adoption's share of it).</summary>
    public int? OrganisationOrderId { get; set; }

    /// <summary>For an adoption's share of an order's payment: that payment.</summary>
    public int? PartOfPaymentId { get; set; }
    public PaymentPurpose Purpose { get; set; }

    /// <summary>For a <see cref="PaymentPurpose.Visit"/>: the accepted visit it pays for (it has no adoption of its own).</summary>
    public int? VisitBookingId { get; set; }

    public VisitBooking? VisitBooking { get; set; }

    /// <summary>"wechat", "alipay", "bank", "stripe" or "sandbox".</summary>
    public string Provider { get; set; } = "";

    /// <summary>The provider's handle for this payment: a checkout session id, or the bank-transfer reference.</summary>
    public string ProviderReference { get; set; } = "";

    public long AmountFen { get; set; }
    public string Currency { get; set; } = "CNY";
    public PaymentStatus Status { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? CapturedAt { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }

    /// <summary>Why an admin must look at it (an amount or currency that does not match), in plain words.</summary>
    public string? FlagReason { get; set; }

    public DateTimeOffset? TermStart { get; set; }
    public DateTimeOffset? TermEnd { get; set; }

    /// <summary>The checkout or renewal request that created it: the same key twice gives the same payment.</summary>
    public string IdempotencyKey { get; set; } = "";

    /// <summary>
    /// How the order was opened at a gateway (WeChat Pay "native" or "h5", Alipay "page" or "wap"); null until the
    /// sponsor first opens the payment page. A WeChat Pay order keeps its first kind.
    /// </summary>
    public string? Channel { get; set; }

    /// <summary>When the gateway was last asked about this order (the status page asks at most every few seconds).</summary>
    public DateTimeOffset? GatewayCheckedAt { get; set; }

    /// <summary>When the unpaid order was closed at the gateway, so that nobody can pay it any more.</summary>
    public DateTimeOffset? GatewayClosedAt { get; set; }
}

public enum PaymentPurpose
{
    Adoption = 1,
    Renewal = 2,

    /// <summary>A visit to a herder household, accepted by the herder (<see cref="Payment.VisitBookingId"/>).</summary>
    Visit = 3,
}

public enum PaymentStatus
{
    Pending = 0,
    Captured = 1,
    Declined = 2,
    Expired = 3,
    Flagged = 4,
    Refunded = 5,
}

public class PaymentConfiguration : IEntityTypeConfiguration<Payment>
{
    public void Configure(EntityTypeBuilder<Payment> builder)
    {
        builder.Property(p => p.Provider).HasMaxLength(16);
        builder.Property(p => p.ProviderReference).HasMaxLength(255);
        builder.Property(p => p.Currency).HasMaxLength(3);
        builder.Property(p => p.FlagReason).HasMaxLength(500);
        builder.Property(p => p.IdempotencyKey).HasMaxLength(64);
        builder.Property(p => p.Channel).HasMaxLength(16);
        builder.HasIndex(p => new { p.Provider, p.ProviderReference }).IsUnique();
        builder.HasIndex(p => p.IdempotencyKey).IsUnique();
        builder.HasIndex(p => new { p.AdoptionId, p.Status });
        builder.HasIndex(p => new { p.Status, p.CreatedAt });
        builder.HasOne(p => p.Adoption).WithMany().HasForeignKey(p => p.AdoptionId).IsRequired(false).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(p => p.VisitBooking).WithMany().HasForeignKey(p => p.VisitBookingId).IsRequired(false).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Payment>().WithMany().HasForeignKey(p => p.PartOfPaymentId).OnDelete(DeleteBehavior.Restrict);
    }
}
