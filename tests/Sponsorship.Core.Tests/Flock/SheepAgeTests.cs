using Sponsorship.Core.Flock;

namespace Sponsorship.Core.Tests.Flock;

public class SheepAgeTests
{
    [Theory]
    [InlineData("2026-03-15", "2026-03-15", 0)] // born today
    [InlineData("2026-03-15", "2026-04-14", 0)] // one day short of a month
    [InlineData("2026-03-15", "2026-04-15", 1)] // a month to the day
    [InlineData("2025-12-20", "2026-01-20", 1)] // across the new year
    [InlineData("2025-12-20", "2026-01-19", 0)]
    [InlineData("2024-11-29", "2026-11-29", 24)] // two years
    [InlineData("2024-11-30", "2026-11-29", 23)]
    [InlineData("2026-01-31", "2026-02-28", 0)] // no 31 February: the month completes on 1 March
    [InlineData("2026-01-31", "2026-03-01", 1)]
    [InlineData("2024-02-29", "2025-02-28", 11)] // leap-day lamb: its first year completes on 1 March
    [InlineData("2024-02-29", "2025-03-01", 12)]
    [InlineData("2024-02-29", "2028-02-29", 48)]
    [InlineData("2026-05-01", "2026-04-30", 0)] // a birth date in the future is never a negative age
    [InlineData("2027-01-01", "2026-04-30", 0)]
    public void Months_counts_whole_months_since_birth(string birth, string today, int expected)
    {
        Assert.Equal(expected, SheepAge.Months(DateOnly.Parse(birth, System.Globalization.CultureInfo.InvariantCulture), DateOnly.Parse(today, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void Age_never_decreases_as_days_pass()
    {
        var birth = new DateOnly(2024, 1, 31);
        var previous = 0;
        for (var day = birth; day <= birth.AddYears(3); day = day.AddDays(1))
        {
            var months = SheepAge.Months(birth, day);
            Assert.InRange(months, previous, previous + 1);
            previous = months;
        }

        Assert.Equal(36, previous);
    }
}
