using Sponsorship.Core.Programme;

namespace Sponsorship.Core.Flock;

/// <summary>One approved body-weight reading.</summary>
public sealed record WeightPoint(DateTimeOffset At, decimal Kg);

/// <summary>
/// What a sheep's weighings say, derived and never typed in: its current weight and its daily liveweight gain (ADG,
/// kg a day). Days are the programme's calendar days; when a sheep was weighed more than once on a day, that day's last reading
/// counts, so two readings an hour apart never make a gain of kilograms a day.
/// </summary>
public static class GrowthFigures
{
    /// <summary>The latest reading, or null before the first weighing.</summary>
    public static WeightPoint? Current(IReadOnlyList<WeightPoint> weighings, ProgrammeCalendar calendar) => ByDay(weighings, calendar).LastOrDefault()?.Point;

    /// <summary>Gain between the last two days the sheep was weighed, in kg a day; negative when it lost weight.</summary>
    public static decimal? RecentDailyGain(IReadOnlyList<WeightPoint> weighings, ProgrammeCalendar calendar)
    {
        var days = ByDay(weighings, calendar);
        return days.Count < 2 ? null : Gain(days[^2], days[^1]);
    }

    /// <summary>Gain from the first to the last weighing, in kg a day, over the whole series.</summary>
    public static decimal? AverageDailyGain(IReadOnlyList<WeightPoint> weighings, ProgrammeCalendar calendar)
    {
        var days = ByDay(weighings, calendar);
        return days.Count < 2 ? null : Gain(days[0], days[^1]);
    }

    private static decimal Gain(Day from, Day to) => Math.Round((to.Point.Kg - from.Point.Kg) / (to.Date.DayNumber - from.Date.DayNumber), 3);

    private static List<Day> ByDay(IReadOnlyList<WeightPoint> weighings, ProgrammeCalendar calendar) =>
    [
        .. weighings
            .Select((point, index) => (Point: point, Index: index))
            .GroupBy(w => calendar.DayOf(w.Point.At))
            .Select(day => new Day(day.Key, day.OrderBy(w => w.Point.At).ThenBy(w => w.Index).Last().Point))
            .OrderBy(day => day.Date),
    ];

    private sealed record Day(DateOnly Date, WeightPoint Point);
}
