using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Sponsorship.Core.Payments;

/// <summary>
/// Money going back the way it came: a refund of (part of) one captured payment through that payment's provider. It is
/// queued in the transaction that decides it (a death under the refund policy, an administrator refunding a flagged
/// payment), sent by <see cref="RefundDispatcher"/>, and settled — in the ledger too — only when the provider confirms.
/// Its <see cref="Reference"/> is what the provider knows it by (WeChat Pay's <c>out_refund_no</c>, Alipay's
/// <c>out_request_no</c>): sending it again never pays twice.
/// </summary>
public class Refund
{
    public int Id { get; set; }
    public int PaymentId { get; set; }
    public Payment Payment { get; set; } = null!;

    /// <summary>"RF" and ten characters, unique; the provider's idempotency key for this refund.</summary>
    public string Reference { get; set; } = "";

    public long AmountFen { get; set; }
    public string Currency { get; set; } = "CNY";
    public RefundReason Reason { get; set; }
    public RefundStatus Status { get; set; }
    public DateTimeOffset RequestedAt { get; set; }

    /// <summary>The administrator who asked for it; null when a rule did (a death under the refund policy).</summary>
    public string? RequestedByUserId { get; set; }

    public int Attempts { get; set; }
    public DateTimeOffset? NextAttemptAt { get; set; }

    /// <summary>What the provider last said (a refund id, or why it failed), in its words.</summary>
    public string? LastAnswer { get; set; }

    public DateTimeOffset? SettledAt { get; set; }

    /// <summary>The administrator who paid it back by hand (bank transfer, or a refund the provider could not make).</summary>
    public string? SettledByUserId { get; set; }

    /// <summary>One refund per payment: the same key as the ledger's refund posting (<c>refund:{paymentId}</c>).</summary>
    public string IdempotencyKey { get; set; } = "";
}

public enum RefundReason
{
    /// <summary>The sheep died and the sponsor chose the pro-rata refund.</summary>
    SheepDied = 1,

    /// <summary>An administrator refunded a payment that could not become an adoption (flagged).</summary>
    Administrator = 2,
}

public enum RefundStatus
{
    /// <summary>Queued; not yet accepted by the provider.</summary>
    Requested = 0,

    /// <summary>The provider accepted it and is paying; its notification (or a later ask) confirms.</summary>
    Processing = 1,

    Succeeded = 2,

    /// <summary>The provider could not pay it back: an administrator pays it back by hand.</summary>
    Failed = 3,

    /// <summary>The provider has no refund interface here (bank transfer, card): an administrator pays it back by hand.</summary>
    ByHand = 4,
}

public class RefundConfiguration : IEntityTypeConfiguration<Refund>
{
    public void Configure(EntityTypeBuilder<Refund> builder)
    {
        builder.Property(r => r.Reference).HasMaxLength(32);
        builder.Property(r => r.Currency).HasMaxLength(3);
        builder.Property(r => r.RequestedByUserId).HasMaxLength(450);
        builder.Property(r => r.SettledByUserId).HasMaxLength(450);
        builder.Property(r => r.LastAnswer).HasMaxLength(500);
        builder.Property(r => r.IdempotencyKey).HasMaxLength(64);
        builder.HasIndex(r => r.Reference).IsUnique();
        builder.HasIndex(r => r.IdempotencyKey).IsUnique();
        builder.HasIndex(r => new { r.Status, r.NextAttemptAt });
        builder.HasOne(r => r.Payment).WithMany().HasForeignKey(r => r.PaymentId).OnDelete(DeleteBehavior.Restrict);
    }
}
