using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Sponsorship.Core.Ledger;

/// <summary>
/// One balanced movement of money: two or more entries that sum to zero. Append-only; a mistake is corrected by a
/// reversing transaction. Each one names the transaction before it and hashes over it, so a changed row breaks the chain.
/// </summary>
public class LedgerTransaction
{
    public long Id { get; set; }

    /// <summary>The command that made it ("capture:payment:41"): the same key twice posts once.</summary>
    public string IdempotencyKey { get; set; } = "";

    public string Kind { get; set; } = "";

    /// <summary>What it is about, for people reading the books (an adoption, a payout line, a statement line).</summary>
    public string Reference { get; set; } = "";

    public DateTimeOffset PostedAt { get; set; }
    public int? AdoptionId { get; set; }

    /// <summary>The transaction this one follows in the hash chain (unique: two postings cannot follow the same one).</summary>
    public long? PreviousId { get; set; }

    public string Hash { get; set; } = "";
    public List<LedgerEntry> Entries { get; set; } = [];
}

public class LedgerTransactionConfiguration : IEntityTypeConfiguration<LedgerTransaction>
{
    public void Configure(EntityTypeBuilder<LedgerTransaction> builder)
    {
        builder.Property(t => t.IdempotencyKey).HasMaxLength(128);
        builder.Property(t => t.Kind).HasMaxLength(32);
        builder.Property(t => t.Reference).HasMaxLength(128);
        builder.Property(t => t.Hash).HasMaxLength(64);
        builder.HasIndex(t => t.IdempotencyKey).IsUnique();
        builder.HasIndex(t => t.PreviousId).IsUnique();
        builder.HasIndex(t => new { t.AdoptionId, t.Id });
        builder.HasIndex(t => new { t.Kind, t.PostedAt });
        builder.HasOne<LedgerTransaction>().WithOne().HasForeignKey<LedgerTransaction>(t => t.PreviousId).OnDelete(DeleteBehavior.Restrict);
    }
}
