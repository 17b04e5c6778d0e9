using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Sponsorship.Core.Payments;

/// <summary>
/// A webhook event a payment provider sent, kept once per provider event id: a replay finds it and changes nothing.
/// </summary>
public class ProviderEvent
{
    public long Id { get; set; }
    public string Provider { get; set; } = "";
    public string EventId { get; set; } = "";
    public string Type { get; set; } = "";
    public int? PaymentId { get; set; }
    public DateTimeOffset ReceivedAt { get; set; }

    /// <summary>What handling it did, in plain words ("captured", "ignored: payment already declined").</summary>
    public string Outcome { get; set; } = "";

    public string Payload { get; set; } = "";
}

public class ProviderEventConfiguration : IEntityTypeConfiguration<ProviderEvent>
{
    public void Configure(EntityTypeBuilder<ProviderEvent> builder)
    {
        builder.Property(e => e.Provider).HasMaxLength(16);
        builder.Property(e => e.EventId).HasMaxLength(255);
        builder.Property(e => e.Type).HasMaxLength(64);
        builder.Property(e => e.Outcome).HasMaxLength(500);
        builder.Property(e => e.Payload).HasMaxLength(16000);
        builder.HasIndex(e => new { e.Provider, e.EventId }).IsUnique();
        builder.HasIndex(e => e.PaymentId);
        builder.HasOne<Payment>().WithMany().HasForeignKey(e => e.PaymentId).OnDelete(DeleteBehavior.Restrict);
    }
}
