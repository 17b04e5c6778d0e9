using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Sponsorship.Core.Flock;

/// <summary>A 嘎查村: the village a herder household belongs to; the village collective receives a share.</summary>
public class Village
{
    public int Id { get; set; }
    public string Name { get; set; } = "";
    public string NameLatin { get; set; } = "";
    public DateTimeOffset? ArchivedAt { get; set; }

    public string DisplayName(bool chinese) => chinese ? Name : NameLatin;
}

public class VillageConfiguration : IEntityTypeConfiguration<Village>
{
    public void Configure(EntityTypeBuilder<Village> builder)
    {
        builder.Property(v => v.Name).HasMaxLength(64);
        builder.Property(v => v.NameLatin).HasMaxLength(64);
        builder.HasIndex(v => v.Name).IsUnique();
    }
}
