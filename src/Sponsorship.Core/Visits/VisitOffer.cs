using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Sponsorship.Core.Flock;

namespace Sponsorship.Core.Visits;

/// <summary>
/// A household's standing offer of visits: the days it can receive guests (a date range and weekdays), how many at most
/// a day, what it offers and at what price, and how to get there. One per household; the herder changes it in place.
/// Each offered day has a <see cref="VisitDay"/> row that counts the places taken.
/// </summary>
public class VisitOffer
{
    public int Id { get; set; }
    public int HouseholdId { get; set; }
    public HerderHousehold Household { get; set; } = null!;

    public DateOnly StartsOn { get; set; }
    public DateOnly EndsOn { get; set; }
    public VisitWeekdays Weekdays { get; set; }
    public int GuestsPerDay { get; set; }
    public VisitInclusions Inclusions { get; set; }
    public long AdultPriceFen { get; set; }
    public long ChildPriceFen { get; set; }
    public string Description { get; set; } = "";

    /// <summary>The town guests travel to first (the household's village is known already).</summary>
    public string NearestTown { get; set; } = "";

    public bool PickUpOffered { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Whether guests can come on <paramref name="day"/>: in the range and on an offered weekday.</summary>
    public bool Covers(DateOnly day) => day >= StartsOn && day <= EndsOn && Weekdays.Includes(day.DayOfWeek);

    /// <summary>Every day the offer covers, in order.</summary>
    public IEnumerable<DateOnly> Days()
    {
        for (var day = StartsOn; day <= EndsOn; day = day.AddDays(1))
        {
            if (Weekdays.Includes(day.DayOfWeek))
            {
                yield return day;
            }
        }
    }

    /// <summary>The price of a visit for this many guests, in fen.</summary>
    public long PriceFen(int adults, int children) => adults * AdultPriceFen + children * ChildPriceFen;
}

/// <summary>The weekdays a household receives guests.</summary>
[Flags]
public enum VisitWeekdays
{
    None = 0,
    Monday = 1,
    Tuesday = 2,
    Wednesday = 4,
    Thursday = 8,
    Friday = 16,
    Saturday = 32,
    Sunday = 64,
    Weekend = Saturday | Sunday,
    All = 127,
}

/// <summary>What a visit includes.</summary>
[Flags]
public enum VisitInclusions
{
    None = 0,
    FlockVisit = 1,
    Meal = 2,
    NightInYurt = 4,
    All = 7,
}

public static class VisitWeekdaysExtensions
{
    public static VisitWeekdays Of(DayOfWeek day) => day == DayOfWeek.Sunday ? VisitWeekdays.Sunday : (VisitWeekdays)(1 << ((int)day - 1));

    public static bool Includes(this VisitWeekdays weekdays, DayOfWeek day) => (weekdays & Of(day)) != 0;

    /// <summary>Monday to Sunday, each on its own.</summary>
    public static readonly IReadOnlyList<VisitWeekdays> Each =
    [
        VisitWeekdays.Monday, VisitWeekdays.Tuesday, VisitWeekdays.Wednesday, VisitWeekdays.Thursday, VisitWeekdays.Friday,
        VisitWeekdays.Saturday, VisitWeekdays.Sunday,
    ];
}

public class VisitOfferConfiguration : IEntityTypeConfiguration<VisitOffer>
{
    public const int MaxDescriptionLength = 1000;
    public const int MaxNearestTownLength = 128;

    public void Configure(EntityTypeBuilder<VisitOffer> builder)
    {
        builder.Property(o => o.Description).HasMaxLength(MaxDescriptionLength);
        builder.Property(o => o.NearestTown).HasMaxLength(MaxNearestTownLength);
        builder.HasIndex(o => o.HouseholdId).IsUnique();
        builder.HasOne(o => o.Household).WithMany().HasForeignKey(o => o.HouseholdId).OnDelete(DeleteBehavior.Restrict);
    }
}
