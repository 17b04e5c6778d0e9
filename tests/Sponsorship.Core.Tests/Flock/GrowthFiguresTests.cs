using Sponsorship.Core.Flock;
using Sponsorship.Core.Programme;

namespace Sponsorship.Core.Tests.Flock;

public class GrowthFiguresTests
{
    private static readonly ProgrammeCalendar Calendar = ProgrammeCalendar.Beijing(TimeProvider.System);
    private static readonly DateTimeOffset Day0 = new(2026, 6, 1, 7, 30, 0, TimeSpan.Zero);

    private static WeightPoint At(int day, decimal kg, int hour = 0) => new(Day0.AddDays(day).AddHours(hour), kg);

    [Fact]
    public void No_weighings_give_no_figures()
    {
        Assert.Null(GrowthFigures.Current([], Calendar));
        Assert.Null(GrowthFigures.RecentDailyGain([], Calendar));
        Assert.Null(GrowthFigures.AverageDailyGain([], Calendar));
    }

    [Fact]
    public void One_weighing_is_the_current_weight_but_no_gain()
    {
        WeightPoint[] series = [At(0, 31.5m)];

        Assert.Equal(31.5m, GrowthFigures.Current(series, Calendar)!.Kg);
        Assert.Null(GrowthFigures.RecentDailyGain(series, Calendar));
        Assert.Null(GrowthFigures.AverageDailyGain(series, Calendar));
    }

    [Fact]
    public void Gain_is_kilograms_per_calendar_day_between_the_last_two_weighings()
    {
        WeightPoint[] series = [At(0, 30m), At(30, 36m), At(40, 38m)];

        Assert.Equal(38m, GrowthFigures.Current(series, Calendar)!.Kg);
        Assert.Equal(0.2m, GrowthFigures.RecentDailyGain(series, Calendar));
        Assert.Equal(0.2m, GrowthFigures.AverageDailyGain(series, Calendar));
    }

    [Fact]
    public void Average_runs_from_the_first_weighing_to_the_last()
    {
        WeightPoint[] series = [At(0, 20m), At(10, 25m), At(20, 26m)];

        Assert.Equal(0.1m, GrowthFigures.RecentDailyGain(series, Calendar));
        Assert.Equal(0.3m, GrowthFigures.AverageDailyGain(series, Calendar));
    }

    [Fact]
    public void Weight_loss_is_a_negative_gain()
    {
        WeightPoint[] series = [At(0, 40m), At(14, 39.3m)];

        Assert.Equal(-0.05m, GrowthFigures.RecentDailyGain(series, Calendar));
        Assert.Equal(-0.05m, GrowthFigures.AverageDailyGain(series, Calendar));
        Assert.Equal(39.3m, GrowthFigures.Current(series, Calendar)!.Kg);
    }

    [Fact]
    public void Same_day_weighings_count_once_with_the_days_last_reading()
    {
        // Weighed twice on day 10 (a re-check an hour later): no gain of kilograms per hour, and the re-check counts.
        WeightPoint[] series = [At(0, 30m), At(10, 33m, hour: 1), At(10, 32m, hour: 2)];

        Assert.Equal(32m, GrowthFigures.Current(series, Calendar)!.Kg);
        Assert.Equal(0.2m, GrowthFigures.RecentDailyGain(series, Calendar));
        Assert.Equal(0.2m, GrowthFigures.AverageDailyGain(series, Calendar));
    }

    [Fact]
    public void Weighings_only_on_one_day_give_a_current_weight_and_no_gain()
    {
        WeightPoint[] series = [At(3, 30m, hour: 1), At(3, 30.4m, hour: 5)];

        Assert.Equal(30.4m, GrowthFigures.Current(series, Calendar)!.Kg);
        Assert.Null(GrowthFigures.RecentDailyGain(series, Calendar));
        Assert.Null(GrowthFigures.AverageDailyGain(series, Calendar));
    }

    [Fact]
    public void The_order_of_the_input_does_not_matter()
    {
        WeightPoint[] series = [At(40, 38m), At(0, 30m), At(30, 36m)];

        Assert.Equal(38m, GrowthFigures.Current(series, Calendar)!.Kg);
        Assert.Equal(0.2m, GrowthFigures.RecentDailyGain(series, Calendar));
    }

    [Fact]
    public void Gains_are_rounded_to_grams_a_day()
    {
        WeightPoint[] series = [At(0, 30m), At(3, 31m)];

        Assert.Equal(0.333m, GrowthFigures.RecentDailyGain(series, Calendar));
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData(0, 0)]
    [InlineData(1, 1)]
    [InlineData(45, 45)]
    [InlineData(-3, 0)] // a log dated after today (a clock that is behind) is "today", never negative
    public void Days_since_the_last_update_count_calendar_days(int? daysAgo, int? expected)
    {
        var today = new DateOnly(2026, 11, 29);
        DateTimeOffset? last = daysAgo is { } d ? Calendar.At(today.AddDays(-d), new TimeOnly(23, 59)) : null;

        Assert.Equal(expected, SheepGrowth.DaysSince(last, today, Calendar));
    }
}
