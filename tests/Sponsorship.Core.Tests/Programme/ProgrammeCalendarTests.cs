using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Sponsorship.Core.Mail;
using Sponsorship.Core.Programme;

namespace Sponsorship.Core.Tests.Programme;

/// <summary>The programme's one calendar: Beijing time whatever the clock's or the server's zone.</summary>
public class ProgrammeCalendarTests
{
    private static readonly DateTimeOffset HalfPastSevenInBeijing = new(2026, 11, 29, 23, 30, 0, TimeSpan.Zero);

    private static ProgrammeCalendar At(DateTimeOffset now) => new(new FakeTimeProvider(now), Options.Create(new ProgrammeOptions()));

    [Fact]
    public void At_half_past_seven_in_Beijing_today_is_already_the_next_day_while_UTC_is_still_on_the_previous_one()
    {
        var calendar = At(HalfPastSevenInBeijing);

        Assert.Equal(new DateOnly(2026, 11, 30), calendar.Today);
        Assert.Equal(new DateOnly(2026, 11, 29), DateOnly.FromDateTime(HalfPastSevenInBeijing.UtcDateTime));
        Assert.Equal(new DateTimeOffset(2026, 11, 30, 7, 30, 0, TimeSpan.FromHours(8)), calendar.Local(HalfPastSevenInBeijing));
        Assert.Equal(TimeSpan.FromHours(8), calendar.Local(HalfPastSevenInBeijing).Offset);
    }

    [Fact]
    public void A_programme_day_starts_at_midnight_Beijing_time_and_noon_is_four_in_the_morning_UTC()
    {
        var calendar = At(HalfPastSevenInBeijing);

        Assert.Equal(new DateTimeOffset(2026, 11, 29, 16, 0, 0, TimeSpan.Zero), calendar.StartOf(new DateOnly(2026, 11, 30)));
        Assert.Equal(new DateTimeOffset(2026, 11, 30, 4, 0, 0, TimeSpan.Zero), calendar.At(new DateOnly(2026, 11, 30), new TimeOnly(12, 0)));
        Assert.Equal(new DateOnly(2026, 11, 30), calendar.DayOf(calendar.StartOf(new DateOnly(2026, 11, 30))));
        Assert.Equal(new DateOnly(2026, 11, 29), calendar.DayOf(calendar.StartOf(new DateOnly(2026, 11, 30)).AddTicks(-1)));
    }

    [Theory]
    [InlineData("2026-02-10", "2026-02-28")]
    [InlineData("2028-02-01", "2028-02-29")]
    [InlineData("2026-11-30", "2026-11-30")]
    [InlineData("2026-12-01", "2026-12-31")]
    public void The_month_end_is_the_last_day_of_the_month(string day, string end) =>
        Assert.Equal(DateOnly.Parse(end, System.Globalization.CultureInfo.InvariantCulture),
            ProgrammeCalendar.MonthEnd(DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void At_a_month_end_the_new_month_begins_at_midnight_Beijing_time_for_months_and_the_monthly_digest()
    {
        var lastMinuteOfNovember = new DateTimeOffset(2026, 11, 30, 15, 59, 0, TimeSpan.Zero);
        var firstMinuteOfDecember = new DateTimeOffset(2026, 11, 30, 16, 0, 0, TimeSpan.Zero);
        var calendar = At(firstMinuteOfDecember);

        Assert.Equal("2026-11", calendar.MonthOf(lastMinuteOfNovember));
        Assert.Equal("2026-12", calendar.MonthOf(firstMinuteOfDecember));
        Assert.Equal((firstMinuteOfDecember, new DateTimeOffset(2026, 12, 31, 16, 0, 0, TimeSpan.Zero)), calendar.MonthBounds("2026-12"));
        Assert.Equal("2026-10", MonthlyDigest.CoveredMonth(lastMinuteOfNovember, calendar));
        Assert.Equal("2026-11", MonthlyDigest.CoveredMonth(firstMinuteOfDecember, calendar));
    }

    [Fact]
    public void Another_time_zone_can_be_configured_and_an_unknown_one_is_refused()
    {
        var calendar = new ProgrammeCalendar(new FakeTimeProvider(HalfPastSevenInBeijing), Options.Create(new ProgrammeOptions { TimeZone = "Europe/London" }));

        Assert.Equal(new DateOnly(2026, 11, 29), calendar.Today);
        Assert.ThrowsAny<TimeZoneNotFoundException>(() => ProgrammeCalendar.FindZone("Mars/Olympus_Mons"));
    }
}
