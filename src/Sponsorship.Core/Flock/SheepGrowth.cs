namespace Sponsorship.Core.Flock;

/// <summary>
/// How long ago anything was recorded for a sheep, derived and never typed in (weights and gains are
/// <see cref="GrowthFigures"/>).
/// </summary>
public static class SheepGrowth
{
    /// <summary>A sheep with nothing recorded for this many days is flagged on the herder's list.</summary>
    public const int UpdateIntervalDays = 30;

    /// <summary>Whole days from <paramref name="at"/> to <paramref name="now"/> by calendar date; null when never.</summary>
    public static int? DaysSince(DateTimeOffset? at, DateTimeOffset now) => DaysSince(at, Day(now));

    /// <summary>Whole calendar days from <paramref name="at"/> to <paramref name="today"/>; 0 for a clock that is behind; null when never.</summary>
    public static int? DaysSince(DateTimeOffset? at, DateOnly today) =>
        at is { } value ? Math.Max(0, today.DayNumber - Day(value).DayNumber) : null;

    /// <summary>True when nothing was ever recorded, or nothing for <see cref="UpdateIntervalDays"/> days or more.</summary>
    public static bool NeedsUpdate(DateTimeOffset? lastUpdate, DateTimeOffset now) =>
        DaysSince(lastUpdate, now) is not { } days || days >= UpdateIntervalDays;

    /// <summary>The calendar day of an instant (UTC, as everywhere in the app).</summary>
    public static DateOnly Day(DateTimeOffset at) => DateOnly.FromDateTime(at.UtcDateTime);
}
