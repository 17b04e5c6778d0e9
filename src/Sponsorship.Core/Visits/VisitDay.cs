using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Sponsorship.Core.Visits;

/// <summary>
/// One day an offer covers and how many guests are booked on it. Places are taken and given back only by a conditional
/// update of this row (<see cref="VisitPlaces"/>), so two requests for the last places cannot both get them.
/// </summary>
public class VisitDay
{
    public long Id { get; set; }
    public int OfferId { get; set; }
    public VisitOffer Offer { get; set; } = null!;
    public DateOnly Day { get; set; }
    public int GuestsBooked { get; set; }
}

public class VisitDayConfiguration : IEntityTypeConfiguration<VisitDay>
{
    public void Configure(EntityTypeBuilder<VisitDay> builder)
    {
        builder.HasIndex(d => new { d.OfferId, d.Day }).IsUnique();
        builder.HasOne(d => d.Offer).WithMany().HasForeignKey(d => d.OfferId).OnDelete(DeleteBehavior.Cascade);
    }
}
