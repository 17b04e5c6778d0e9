using Sponsorship.Core.Flock;

namespace Sponsorship.Core.Tests.Flock;

public class AgeBandTests
{
    [Theory]
    [InlineData(0, AgeBand.Lamb)]
    [InlineData(11, AgeBand.Lamb)]
    [InlineData(12, AgeBand.Young)]
    [InlineData(23, AgeBand.Young)]
    [InlineData(24, AgeBand.Adult)]
    [InlineData(90, AgeBand.Adult)]
    public void Bands_split_at_12_and_24_months(int months, AgeBand band) => Assert.Equal(band, AgeBands.Of(months));

    [Fact]
    public void The_birth_date_ranges_agree_with_the_age_in_months_on_every_day()
    {
        // Days across five years, every day around a leap day, month ends; each against every birth date up to 3 years before.
        var todays = new List<DateOnly>();
        for (var day = new DateOnly(2026, 1, 1); day <= new DateOnly(2030, 12, 31); day = day.AddDays(5))
        {
            todays.Add(day);
        }

        for (var day = new DateOnly(2028, 2, 20); day <= new DateOnly(2028, 3, 5); day = day.AddDays(1))
        {
            todays.Add(day);
        }

        todays.AddRange([new DateOnly(2027, 2, 28), new DateOnly(2027, 3, 31), new DateOnly(2029, 2, 28), new DateOnly(2029, 3, 1)]);
        foreach (var today in todays)
        {
            for (var birth = today.AddYears(-3).AddMonths(-1); birth <= today; birth = birth.AddDays(1))
            {
                var expected = AgeBands.Of(SheepAge.Months(birth, today));
                var matching = Enum.GetValues<AgeBand>().Where(band => InRange(band, birth, today)).ToList();
                Assert.True(matching.Count == 1 && matching[0] == expected, $"born {birth}, today {today}: expected {expected}, ranges say {string.Join(",", matching)}");
            }
        }
    }

    private static bool InRange(AgeBand band, DateOnly birth, DateOnly today)
    {
        var (after, onOrBefore) = AgeBands.BirthDates(band, today);
        return (after is null || birth > after) && (onOrBefore is null || birth <= onOrBefore);
    }
}
