using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Sponsorship.Core.Payouts;

/// <summary>
/// One payment run to herder households: drafted by one admin, approved by a different one, exported to the bank as a
/// CSV, then each line confirmed or failed.
/// </summary>
public class PayoutBatch
{
    public int Id { get; set; }

    /// <summary>Printed on the export and the bank's statement ("PB-2026-11-01").</summary>
    public string Reference { get; set; } = "";

    public DateOnly PeriodEnd { get; set; }
    public long MinimumFen { get; set; }
    public PayoutBatchStatus Status { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public string CreatedByUserId { get; set; } = "";
    public DateTimeOffset? ApprovedAt { get; set; }
    public string? ApprovedByUserId { get; set; }
    public DateTimeOffset? ExportedAt { get; set; }
    public string? ExportedByUserId { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
    public List<PayoutLine> Lines { get; set; } = [];
}

public enum PayoutBatchStatus
{
    Draft = 0,
    Approved = 1,
    Exported = 2,
    Completed = 3,
    Discarded = 4,
}

public class PayoutBatchConfiguration : IEntityTypeConfiguration<PayoutBatch>
{
    public void Configure(EntityTypeBuilder<PayoutBatch> builder)
    {
        builder.Property(b => b.Reference).HasMaxLength(32);
        builder.Property(b => b.CreatedByUserId).HasMaxLength(450);
        builder.Property(b => b.ApprovedByUserId).HasMaxLength(450);
        builder.Property(b => b.ExportedByUserId).HasMaxLength(450);
        builder.HasIndex(b => b.Reference).IsUnique();
        builder.HasIndex(b => new { b.Status, b.CreatedAt });
    }
}
