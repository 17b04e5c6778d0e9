namespace Sponsorship.Core.Flock;

/// <summary>One recorded body weight.</summary>
public readonly record struct Weighing(DateTimeOffset At, decimal Kg);

/// <summary>
/// What is derived from a sheep's logs, never typed in: its current weight, its daily liveweight gain and how long ago
/// anything was recorded for it.
/// </summary>
public static class SheepGrowth
{
    /// <summary>A sheep with nothing recorded for this many days is flagged on the herder's list.</summary>
    public const int UpdateIntervalDays = 30;

    /// <summary>The most recent weight, or null before the first weighing.</summary>
    public static decimal? CurrentWeight(IEnumerable<Weighing> weighings) =>
        weighings.OrderByDescending(w => w.At).Select(w => (decimal?)w.Kg).FirstOrDefault();

    /// <summary>
    /// Kilograms gained (or lost) per day between the latest weighing and the one before it on an earlier day; null when
    /// there is no such pair. Two weighings on the same day say nothing about growth.
    /// </summary>
    public static decimal? DailyGainKg(IEnumerable<Weighing> weighings)
    {
        var ordered = weighings.OrderByDescending(w => w.At).ToList();
        if (ordered.Count < 2)
        {
            return null;
        }

        var latest = ordered[0];
        var latestDay = Day(latest.At);
        foreach (var earlier in ordered.Skip(1))
        {
            var days = latestDay.DayNumber - Day(earlier.At).DayNumber;
            if (days > 0)
            {
                return Math.Round((latest.Kg - earlier.Kg) / days, 3);
            }
        }

        return null;
    }

    /// <summary>Whole days from <paramref name="at"/> to <paramref name="now"/> by calendar date; null when never.</summary>
    public static int? DaysSince(DateTimeOffset? at, DateTimeOffset now) =>
        at is { } value ? Math.Max(0, Day(now).DayNumber - Day(value).DayNumber) : null;

    /// <summary>True when nothing was ever recorded, or nothing for <see cref="UpdateIntervalDays"/> days or more.</summary>
    public static bool NeedsUpdate(DateTimeOffset? lastUpdate, DateTimeOffset now) =>
        DaysSince(lastUpdate, now) is not { } days || days >= UpdateIntervalDays;

    /// <summary>The calendar day of an instant (UTC, as everywhere in the app).</summary>
    public static DateOnly Day(DateTimeOffset at) => DateOnly.FromDateTime(at.UtcDateTime);
}
