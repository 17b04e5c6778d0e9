using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Sponsorship.Core.Flock;

namespace Sponsorship.Core.Payouts;

/// <summary>One household's payment within a batch, with the bank reference that comes back on the statement.</summary>
public class PayoutLine
{
    public int Id { get; set; }
    public int BatchId { get; set; }
    public PayoutBatch Batch { get; set; } = null!;
    public int HouseholdId { get; set; }
    public HerderHousehold Household { get; set; } = null!;
    public long AmountFen { get; set; }

    /// <summary>Unique per line: the key that matches the bank statement back to it.</summary>
    public string Reference { get; set; } = "";

    /// <summary>
    /// The account number paid into (encrypted), frozen from the household when the batch is drafted: the approver sees
    /// it in full and the bank file carries it, whatever happens to the household's account afterwards.
    /// </summary>
    public string PayoutAccountEncrypted { get; set; } = "";

    /// <summary>The frozen number's last four digits, for the masked form (the payout notice mail).</summary>
    public string PayoutAccountLast4 { get; set; } = "";

    /// <summary>The account holder's name, frozen with the number.</summary>
    public string PayoutAccountHolder { get; set; } = "";

    /// <summary>The bank of the account, frozen with the number.</summary>
    public string PayoutBank { get; set; } = "";

    public PayoutLineStatus Status { get; set; }
    public DateTimeOffset? SettledAt { get; set; }
    public string? FailureReason { get; set; }
}

public enum PayoutLineStatus
{
    Draft = 0,
    InTransit = 1,
    Paid = 2,
    Failed = 3,
}

public class PayoutLineConfiguration : IEntityTypeConfiguration<PayoutLine>
{
    public void Configure(EntityTypeBuilder<PayoutLine> builder)
    {
        builder.Property(l => l.Reference).HasMaxLength(32);
        builder.Property(l => l.PayoutAccountEncrypted).HasMaxLength(Privacy.AccountNumberProtector.MaxStoredLength);
        builder.Property(l => l.PayoutAccountLast4).HasMaxLength(4);
        builder.Property(l => l.PayoutAccountHolder).HasMaxLength(PayoutAccounts.MaxHolderLength);
        builder.Property(l => l.PayoutBank).HasMaxLength(PayoutAccounts.MaxBankLength);
        builder.Property(l => l.FailureReason).HasMaxLength(500);
        builder.HasIndex(l => l.Reference).IsUnique();
        builder.HasIndex(l => new { l.BatchId, l.HouseholdId }).IsUnique();
        builder.HasIndex(l => new { l.HouseholdId, l.Status });
        builder.HasOne(l => l.Batch).WithMany(b => b.Lines).HasForeignKey(l => l.BatchId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(l => l.Household).WithMany().HasForeignKey(l => l.HouseholdId).OnDelete(DeleteBehavior.Restrict);
    }
}
