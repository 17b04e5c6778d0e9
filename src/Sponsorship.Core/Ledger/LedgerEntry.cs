using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Sponsorship.Core.Ledger;

/// <summary>One leg of a transaction: a signed amount in fen on one account (positive adds to its balance).</summary>
public class LedgerEntry
{
    public long Id { get; set; }
    public long TransactionId { get; set; }
    public LedgerTransaction Transaction { get; set; } = null!;
    public int AccountId { get; set; }
    public LedgerAccount Account { get; set; } = null!;
    public long AmountFen { get; set; }
}

public class LedgerEntryConfiguration : IEntityTypeConfiguration<LedgerEntry>
{
    public void Configure(EntityTypeBuilder<LedgerEntry> builder)
    {
        builder.HasIndex(e => new { e.AccountId, e.TransactionId });
        builder.HasOne(e => e.Transaction).WithMany(t => t.Entries).HasForeignKey(e => e.TransactionId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(e => e.Account).WithMany().HasForeignKey(e => e.AccountId).OnDelete(DeleteBehavior.Restrict);
    }
}
