using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Sponsorship.Core.Adoptions;
using Sponsorship.Core.Identity;

namespace Sponsorship.Core.Visits;

/// <summary>
/// A sponsor's request to visit the household that raises their sheep on one day. Its guests hold places on that day
/// from the request on; a declined, lapsed or cancelled booking gives them back. The prices are copied in from the offer.
/// </summary>
public class VisitBooking
{
    public int Id { get; set; }
    public int OfferId { get; set; }
    public VisitOffer Offer { get; set; } = null!;

    /// <summary>The adoption that lets the sponsor visit (a sheep of this household).</summary>
    public int AdoptionId { get; set; }

    public Adoption Adoption { get; set; } = null!;
    public string SponsorUserId { get; set; } = "";
    public ApplicationUser Sponsor { get; set; } = null!;
    public DateOnly Day { get; set; }
    public int Adults { get; set; }
    public int Children { get; set; }
    public long AdultPriceFen { get; set; }
    public long ChildPriceFen { get; set; }
    public long PriceFen { get; set; }

    /// <summary>Who the herder should expect, and the number to call.</summary>
    public string ContactName { get; set; } = "";

    public string ContactPhone { get; set; } = "";

    public VisitBookingStatus Status { get; set; }
    public string? DeclineReason { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? AnsweredAt { get; set; }

    /// <summary>An accepted request not paid by then lapses.</summary>
    public DateTimeOffset? PayBy { get; set; }

    /// <summary>Sent by the request form: the same key twice gives the same booking.</summary>
    public string IdempotencyKey { get; set; } = "";

    public int Guests => Adults + Children;

    /// <summary>The sponsor sees the household's phone number only once the visit is paid for.</summary>
    public static bool ShowsHerderPhone(VisitBookingStatus status) =>
        status is VisitBookingStatus.Paid or VisitBookingStatus.Done;

    /// <summary>It holds places on its day (what <see cref="VisitDay.GuestsBooked"/> counts).</summary>
    public static bool HoldsPlaces(VisitBookingStatus status) =>
        status is VisitBookingStatus.Requested or VisitBookingStatus.Accepted or VisitBookingStatus.Paid or VisitBookingStatus.Done;
}

public enum VisitBookingStatus
{
    Requested = 0,
    Accepted = 1,
    Declined = 2,
    Paid = 3,
    Done = 4,
    Lapsed = 5,
    Cancelled = 6,
}

public class VisitBookingConfiguration : IEntityTypeConfiguration<VisitBooking>
{
    public const int MaxContactNameLength = 128;
    public const int MaxContactPhoneLength = 32;
    public const int MaxDeclineReasonLength = 500;

    public void Configure(EntityTypeBuilder<VisitBooking> builder)
    {
        builder.Property(b => b.SponsorUserId).HasMaxLength(450);
        builder.Property(b => b.ContactName).HasMaxLength(MaxContactNameLength);
        builder.Property(b => b.ContactPhone).HasMaxLength(MaxContactPhoneLength);
        builder.Property(b => b.DeclineReason).HasMaxLength(MaxDeclineReasonLength);
        builder.Property(b => b.IdempotencyKey).HasMaxLength(64);
        builder.HasIndex(b => b.IdempotencyKey).IsUnique();
        builder.HasIndex(b => new { b.OfferId, b.Day });
        builder.HasIndex(b => new { b.SponsorUserId, b.Status });
        builder.HasIndex(b => new { b.Status, b.PayBy });
        builder.HasOne(b => b.Offer).WithMany().HasForeignKey(b => b.OfferId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(b => b.Adoption).WithMany().HasForeignKey(b => b.AdoptionId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(b => b.Sponsor).WithMany().HasForeignKey(b => b.SponsorUserId).OnDelete(DeleteBehavior.Restrict);
    }
}
