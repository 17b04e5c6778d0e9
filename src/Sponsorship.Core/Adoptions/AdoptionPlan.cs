using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Sponsorship.Core.Adoptions;

/// <summary>What a sponsor can buy: a term with one sheep at a price. Adoptions copy the price when they are made.</summary>
public class AdoptionPlan
{
    public int Id { get; set; }
    public string NameZh { get; set; } = "";
    public string NameEn { get; set; } = "";
    public string DescriptionZh { get; set; } = "";
    public string DescriptionEn { get; set; } = "";
    public int TermMonths { get; set; }

    /// <summary>Price in fen (¥1,800.00 is 180000).</summary>
    public long PriceFen { get; set; }

    public EndOfTermOptions EndOfTermOptions { get; set; }
    public bool IsActive { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    public string Name(bool chinese) => chinese ? NameZh : NameEn;
    public string Description(bool chinese) => chinese ? DescriptionZh : DescriptionEn;
}

/// <summary>What may happen to the sheep when a term ends; a plan offers some of these, the sponsor picks one.</summary>
[Flags]
public enum EndOfTermOptions
{
    None = 0,
    MeatBox = 1,
    Wool = 2,
    KeepForBreeding = 4,
    NothingFurther = 8,
}

public class AdoptionPlanConfiguration : IEntityTypeConfiguration<AdoptionPlan>
{
    public void Configure(EntityTypeBuilder<AdoptionPlan> builder)
    {
        builder.Property(p => p.NameZh).HasMaxLength(64);
        builder.Property(p => p.NameEn).HasMaxLength(128);
        builder.Property(p => p.DescriptionZh).HasMaxLength(1000);
        builder.Property(p => p.DescriptionEn).HasMaxLength(2000);
    }
}
