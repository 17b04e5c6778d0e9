using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Sponsorship.Core.Flock;

/// <summary>One real animal. Kept small: its history lives in logs and its tags in <see cref="IdTag"/>.</summary>
public class Sheep
{
    public int Id { get; set; }
    public string Name { get; set; } = "";

    /// <summary>The name in Latin letters (pinyin, or the Mongolian name's usual spelling) shown beside it in English; empty when not given.</summary>
    public string NameLatin { get; set; } = "";
    public Sex Sex { get; set; }
    public DateOnly BirthDate { get; set; }
    public Breed Breed { get; set; }
    public int HouseholdId { get; set; }
    public HerderHousehold Household { get; set; } = null!;
    public int? DamId { get; set; }
    public int? SireId { get; set; }
    public string Notes { get; set; } = "";
    public DateTimeOffset? ArchivedAt { get; set; }
    public RemovalReason? RemovalReason { get; set; }
    public List<IdTag> Tags { get; set; } = [];
    public List<AnimalLog> Logs { get; set; } = [];
}

public enum RemovalReason
{
    Sold = 1,
    Slaughtered = 2,
    NaturalDeath = 3,
    Culled = 4,
    Other = 5,
    CreatedInError = 6,
}

public class SheepConfiguration : IEntityTypeConfiguration<Sheep>
{
    public void Configure(EntityTypeBuilder<Sheep> builder)
    {
        builder.Property(s => s.Name).HasMaxLength(64);
        builder.Property(s => s.NameLatin).HasMaxLength(SheepLatinName.MaxLength);
        builder.Property(s => s.Notes).HasMaxLength(2000);
        builder.HasOne(s => s.Household).WithMany().OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Sheep>().WithMany().HasForeignKey(s => s.DamId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Sheep>().WithMany().HasForeignKey(s => s.SireId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(s => new { s.ArchivedAt, s.Breed, s.Id });
        // The unfiltered catalogue pages living sheep by id: without this, every page sorts all their ids.
        builder.HasIndex(s => new { s.ArchivedAt, s.Id });
        builder.HasIndex(s => new { s.HouseholdId, s.ArchivedAt });
    }
}
