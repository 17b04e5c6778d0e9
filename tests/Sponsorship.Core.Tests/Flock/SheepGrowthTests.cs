using Sponsorship.Core.Flock;
using Sponsorship.Core.Programme;

namespace Sponsorship.Core.Tests.Flock;

public class SheepGrowthTests
{
    private static readonly ProgrammeCalendar Calendar = ProgrammeCalendar.Beijing(TimeProvider.System);
    private static readonly DateTimeOffset Day0 = new(2026, 6, 1, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_current_weight_is_the_latest_weighing_whatever_order_they_come_in()
    {
        WeightPoint[] weighings = [new(Day0.AddDays(10), 42m), new(Day0, 40m), new(Day0.AddDays(5), 41m)];

        Assert.Equal(42m, GrowthFigures.Current(weighings, Calendar)?.Kg);
        Assert.Null(GrowthFigures.Current([], Calendar));
    }

    [Fact]
    public void Daily_gain_is_the_change_per_day_between_the_last_two_weighings_on_different_days()
    {
        WeightPoint[] weighings = [new(Day0, 40m), new(Day0.AddDays(10), 42.5m)];

        Assert.Equal(0.25m, GrowthFigures.RecentDailyGain(weighings, Calendar));
    }

    [Fact]
    public void A_second_weighing_on_the_same_day_is_compared_with_the_day_before_not_with_itself()
    {
        WeightPoint[] weighings = [new(Day0, 40m), new(Day0.AddDays(4), 41m), new(Day0.AddDays(4).AddHours(3), 42m)];

        Assert.Equal(0.5m, GrowthFigures.RecentDailyGain(weighings, Calendar));
    }

    [Fact]
    public void A_sheep_that_lost_weight_has_a_negative_gain()
    {
        Assert.Equal(-0.1m, GrowthFigures.RecentDailyGain([new(Day0, 40m), new(Day0.AddDays(20), 38m)], Calendar));
    }

    [Fact]
    public void No_gain_without_two_days_of_weighings()
    {
        Assert.Null(GrowthFigures.RecentDailyGain([], Calendar));
        Assert.Null(GrowthFigures.RecentDailyGain([new(Day0, 40m)], Calendar));
        Assert.Null(GrowthFigures.RecentDailyGain([new(Day0, 40m), new(Day0.AddHours(2), 41m)], Calendar));
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(23, false)]
    [InlineData(29, false)]
    [InlineData(30, true)]
    [InlineData(200, true)]
    public void A_sheep_needs_an_update_after_30_days_without_one(int days, bool needs)
    {
        var calendar = ProgrammeCalendar.Beijing(new Microsoft.Extensions.Time.Testing.FakeTimeProvider(Day0.AddDays(days)));

        Assert.Equal(days, SheepGrowth.DaysSince(Day0, calendar));
        Assert.Equal(needs, SheepGrowth.NeedsUpdate(Day0, calendar));
    }

    [Fact]
    public void Days_are_counted_by_calendar_date_in_Beijing()
    {
        var lateEvening = new DateTimeOffset(2026, 6, 1, 23, 50, 0, TimeSpan.FromHours(8));

        Assert.Equal(1, SheepGrowth.DaysSince(lateEvening, Calendar.DayOf(lateEvening.AddMinutes(20)), Calendar));
        Assert.Equal(0, SheepGrowth.DaysSince(lateEvening, Calendar.DayOf(lateEvening.AddMinutes(5)), Calendar));
    }

    [Fact]
    public void A_sheep_with_nothing_recorded_needs_an_update()
    {
        Assert.Null(SheepGrowth.DaysSince(null, Calendar));
        Assert.True(SheepGrowth.NeedsUpdate(null, Calendar));
    }
}
