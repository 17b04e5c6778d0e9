using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Sponsorship.Core.Payouts;

/// <summary>One line of a bank statement and what it was matched to; what does not match waits for an admin.</summary>
public class BankStatementLine
{
    public long Id { get; set; }
    public int StatementId { get; set; }
    public BankStatement Statement { get; set; } = null!;
    public int LineNumber { get; set; }
    public DateOnly ValueDate { get; set; }
    public string Reference { get; set; } = "";
    public long AmountFen { get; set; }
    public string Description { get; set; } = "";
    public StatementLineState State { get; set; }
    public int? PayoutLineId { get; set; }
    public PayoutLine? PayoutLine { get; set; }
    public string? ResolutionNote { get; set; }
    public DateTimeOffset? ResolvedAt { get; set; }
    public string? ResolvedByUserId { get; set; }
}

public enum StatementLineState
{
    Matched = 0,

    /// <summary>The reference names a payout line but the amount differs.</summary>
    Mismatch = 1,

    Unmatched = 2,
    MatchedByHand = 3,
    Unrelated = 4,
    Corrected = 5,
}

public class BankStatementLineConfiguration : IEntityTypeConfiguration<BankStatementLine>
{
    public void Configure(EntityTypeBuilder<BankStatementLine> builder)
    {
        builder.Property(l => l.Reference).HasMaxLength(64);
        builder.Property(l => l.Description).HasMaxLength(500);
        builder.Property(l => l.ResolutionNote).HasMaxLength(1000);
        builder.Property(l => l.ResolvedByUserId).HasMaxLength(450);
        builder.HasIndex(l => new { l.StatementId, l.LineNumber }).IsUnique();
        builder.HasIndex(l => l.State);
        builder.HasIndex(l => l.PayoutLineId);
        builder.HasOne(l => l.Statement).WithMany(s => s.Lines).HasForeignKey(l => l.StatementId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(l => l.PayoutLine).WithMany().HasForeignKey(l => l.PayoutLineId).OnDelete(DeleteBehavior.Restrict);
    }
}
