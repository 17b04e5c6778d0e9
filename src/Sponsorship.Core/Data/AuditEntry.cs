using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Sponsorship.Core.Data;

/// <summary>Who changed what and when: one row per entity written by a signed-in user.</summary>
public class AuditEntry
{
    public long Id { get; set; }
    public DateTimeOffset At { get; set; }
    public string UserId { get; set; } = "";
    public string Entity { get; set; } = "";
    public string Key { get; set; } = "";
    public AuditAction Action { get; set; }

    /// <summary>The names of the changed properties, comma-separated; values are not copied (they may be personal).</summary>
    public string ChangedFields { get; set; } = "";
}

public enum AuditAction
{
    Added = 1,
    Modified = 2,
    Deleted = 3,

    /// <summary>A protected value was shown in full (an account number on the payout approval or in the bank file).</summary>
    Read = 4,

    /// <summary>A person's data was erased and the account closed; the rows that keep the books stay.</summary>
    Anonymised = 5,
}

public class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> builder)
    {
        builder.Property(a => a.UserId).HasMaxLength(450);
        builder.Property(a => a.Entity).HasMaxLength(128);
        builder.Property(a => a.Key).HasMaxLength(128);
        builder.Property(a => a.ChangedFields).HasMaxLength(4000);
        builder.HasIndex(a => new { a.Entity, a.Key });
        builder.HasIndex(a => a.At);
    }
}
