using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Sponsorship.Core.Flock;

/// <summary>
/// A tag worn by a sheep over a period. Re-tagging closes the old tag (ValidTo) and opens a new one, so an old
/// tag still finds the sheep and the history is kept.
/// </summary>
public class IdTag
{
    public int Id { get; set; }
    public int SheepId { get; set; }
    public IdTagType Type { get; set; }
    public string Value { get; set; } = "";
    public DateTimeOffset ValidFrom { get; set; }
    public DateTimeOffset? ValidTo { get; set; }

    /// <summary>
    /// The ear tag a sheep wears now: its national ear tag that no re-tagging has closed. Every query that shows or finds
    /// a sheep by its ear tag goes through this; inside a projection, <c>s.Tags.AsQueryable().Where(IdTag.IsCurrentEarTag)</c>.
    /// </summary>
    public static readonly Expression<Func<IdTag, bool>> IsCurrentEarTag = t => t.Type == IdTagType.NationalEarTag && t.ValidTo == null;
}

public enum IdTagType
{
    /// <summary>The 15-digit national ear tag (see <see cref="EarTag"/>).</summary>
    NationalEarTag = 1,

    /// <summary>An electronic ID (RFID bolus or tag).</summary>
    Electronic = 2,
}

public class IdTagConfiguration : IEntityTypeConfiguration<IdTag>
{
    public void Configure(EntityTypeBuilder<IdTag> builder)
    {
        builder.Property(t => t.Value).HasMaxLength(32);
        builder.HasIndex(t => new { t.Type, t.Value }).IsUnique();
        builder.HasIndex(t => new { t.SheepId, t.ValidTo });
        builder.HasOne<Sheep>().WithMany(s => s.Tags).HasForeignKey(t => t.SheepId).OnDelete(DeleteBehavior.Cascade);
    }
}
