using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Sponsorship.Core.Flock;

/// <summary>
/// A household's new payout account as one administrator typed it, waiting for a second administrator. Only the
/// confirmation writes it onto the household; payout lines already drafted keep the account they froze.
/// </summary>
public class PayoutAccountChange
{
    public int Id { get; set; }
    public int HouseholdId { get; set; }
    public HerderHousehold Household { get; set; } = null!;
    public string Holder { get; set; } = "";
    public string Bank { get; set; } = "";

    /// <summary>The new account number, encrypted; the confirming administrator compares its last four digits.</summary>
    public string NumberEncrypted { get; set; } = "";

    public string NumberLast4 { get; set; } = "";
    public PayoutAccountChangeStatus Status { get; set; }
    public string RequestedByUserId { get; set; } = "";
    public DateTimeOffset RequestedAt { get; set; }
    public string? DecidedByUserId { get; set; }
    public DateTimeOffset? DecidedAt { get; set; }
}

public enum PayoutAccountChangeStatus
{
    Pending = 0,
    Confirmed = 1,
    Refused = 2,
}

public class PayoutAccountChangeConfiguration : IEntityTypeConfiguration<PayoutAccountChange>
{
    /// <summary>At most one waiting change per household (square brackets quote the column in SQL Server and SQLite alike).</summary>
    public const string PendingFilter = "[Status] = 0";

    public void Configure(EntityTypeBuilder<PayoutAccountChange> builder)
    {
        builder.Property(c => c.Holder).HasMaxLength(PayoutAccounts.MaxHolderLength);
        builder.Property(c => c.Bank).HasMaxLength(PayoutAccounts.MaxBankLength);
        builder.Property(c => c.NumberEncrypted).HasMaxLength(Privacy.AccountNumberProtector.MaxStoredLength);
        builder.Property(c => c.NumberLast4).HasMaxLength(4);
        builder.Property(c => c.RequestedByUserId).HasMaxLength(450);
        builder.Property(c => c.DecidedByUserId).HasMaxLength(450);
        builder.Property(c => c.Status).IsConcurrencyToken();
        builder.HasIndex(c => c.HouseholdId).IsUnique().HasFilter(PendingFilter).HasDatabaseName("IX_PayoutAccountChanges_HouseholdId_Pending");
        builder.HasIndex(c => new { c.Status, c.RequestedAt });
        builder.HasOne(c => c.Household).WithMany().HasForeignKey(c => c.HouseholdId).OnDelete(DeleteBehavior.Cascade);
    }
}
