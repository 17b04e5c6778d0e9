using Sponsorship.Core.Programme;

namespace Sponsorship.Core.Flock;

/// <summary>
/// How long ago anything was recorded for a sheep, derived and never typed in (weights and gains are
/// <see cref="GrowthFigures"/>). Days are the programme's calendar days.
/// </summary>
public static class SheepGrowth
{
    /// <summary>A sheep with nothing recorded for this many days is flagged on the herder's list.</summary>
    public const int UpdateIntervalDays = 30;

    /// <summary>Whole calendar days from <paramref name="at"/> to <paramref name="today"/>; 0 for a clock that is behind; null when never.</summary>
    public static int? DaysSince(DateTimeOffset? at, DateOnly today, ProgrammeCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        return at is { } value ? Math.Max(0, today.DayNumber - calendar.DayOf(value).DayNumber) : null;
    }

    /// <summary>Whole calendar days from <paramref name="at"/> to today; null when never.</summary>
    public static int? DaysSince(DateTimeOffset? at, ProgrammeCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        return DaysSince(at, calendar.Today, calendar);
    }

    /// <summary>True when nothing was ever recorded, or nothing for <see cref="UpdateIntervalDays"/> days or more.</summary>
    public static bool NeedsUpdate(DateTimeOffset? lastUpdate, ProgrammeCalendar calendar) =>
        DaysSince(lastUpdate, calendar) is not { } days || days >= UpdateIntervalDays;
}
