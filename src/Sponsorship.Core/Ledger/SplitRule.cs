using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Sponsorship.Core.Ledger;

/// <summary>
/// How an adoption's price is shared, in basis points (1/100 of a percent; the four shares add up to 10,000), and how
/// the herder's share is released as proof of care arrives. A rule is never edited: admins add a new version, effective
/// from a date, and each adoption keeps the version in force when it was made.
/// </summary>
public class SplitRule
{
    public int Id { get; set; }
    public int Version { get; set; }
    public DateTimeOffset EffectiveFrom { get; set; }
    public int HerderBasisPoints { get; set; }
    public int VillageBasisPoints { get; set; }
    public int CooperativeBasisPoints { get; set; }
    public int PlatformBasisPoints { get; set; }

    /// <summary>Part of the herder's share released when the adoption starts.</summary>
    public int ActivationTrancheBasisPoints { get; set; }

    /// <summary>Part released after the first reviewed update with a weight and a photo, at least <see cref="CareMinDays"/> into the term.</summary>
    public int CareTrancheBasisPoints { get; set; }

    public int CareMinDays { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public string? CreatedByUserId { get; set; }
    public string Notes { get; set; } = "";

    /// <summary>The rest of the herder's share, released when the term ends.</summary>
    public int EndTrancheBasisPoints => 10_000 - ActivationTrancheBasisPoints - CareTrancheBasisPoints;
}

public class SplitRuleConfiguration : IEntityTypeConfiguration<SplitRule>
{
    public void Configure(EntityTypeBuilder<SplitRule> builder)
    {
        builder.Property(r => r.CreatedByUserId).HasMaxLength(450);
        builder.Property(r => r.Notes).HasMaxLength(500);
        builder.HasIndex(r => r.Version).IsUnique();
        builder.HasIndex(r => r.EffectiveFrom);
        builder.Ignore(r => r.EndTrancheBasisPoints);
    }
}
