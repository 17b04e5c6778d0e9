using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Sponsorship.Core.Flock;

/// <summary>
/// A photo attached to a log, stored twice in the file store under generated names: a large copy and a thumbnail,
/// both re-encoded (no EXIF, so no GPS of the herder's home).
/// </summary>
public class SheepPhoto
{
    public long Id { get; set; }
    public long LogId { get; set; }
    public int SheepId { get; set; }
    public string LargeKey { get; set; } = "";
    public string ThumbnailKey { get; set; } = "";
    public int Width { get; set; }
    public int Height { get; set; }
}

public class SheepPhotoConfiguration : IEntityTypeConfiguration<SheepPhoto>
{
    public void Configure(EntityTypeBuilder<SheepPhoto> builder)
    {
        builder.Property(p => p.LargeKey).HasMaxLength(128);
        builder.Property(p => p.ThumbnailKey).HasMaxLength(128);
        builder.HasIndex(p => p.LargeKey).IsUnique();
        builder.HasIndex(p => p.ThumbnailKey).IsUnique();
        builder.HasIndex(p => p.SheepId);
        builder.HasOne<AnimalLog>().WithMany(l => l.Photos).HasForeignKey(p => p.LogId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Sheep>().WithMany().HasForeignKey(p => p.SheepId).OnDelete(DeleteBehavior.Restrict);
    }
}
