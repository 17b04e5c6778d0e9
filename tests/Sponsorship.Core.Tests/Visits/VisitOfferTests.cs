using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Visits;

namespace Sponsorship.Core.Tests.Visits;

public class VisitOfferTests(VisitDatabase database) : IClassFixture<VisitDatabase>
{
    public static TheoryData<string, VisitOfferProblem> OutsideTheBounds => new()
    {
        { "adult price under the office's minimum", VisitOfferProblem.AdultPriceOutOfBounds },
        { "child price over the office's maximum", VisitOfferProblem.ChildPriceOutOfBounds },
        { "no weekday", VisitOfferProblem.NoWeekdays },
        { "range ends before it starts", VisitOfferProblem.EndsBeforeStart },
        { "no guests", VisitOfferProblem.CapacityTooLow },
        { "more guests than the office allows", VisitOfferProblem.CapacityTooHigh },
        { "nothing offered", VisitOfferProblem.NothingOffered },
    };

    [Theory]
    [MemberData(nameof(OutsideTheBounds))]
    public async Task An_offer_outside_the_bounds_is_refused_naming_the_problem_and_nothing_is_saved(string what, VisitOfferProblem expected)
    {
        var parties = await database.TakeHouseholdAsync();
        var good = VisitDatabase.SummerWeekends();
        var input = what switch
        {
            "adult price under the office's minimum" => good with { AdultPriceFen = database.Bounds.MinAdultPriceFen - 1 },
            "child price over the office's maximum" => good with { ChildPriceFen = database.Bounds.MaxChildPriceFen + 1 },
            "no weekday" => good with { Weekdays = VisitWeekdays.None },
            "range ends before it starts" => good with { EndsOn = good.StartsOn.AddDays(-1) },
            "no guests" => good with { GuestsPerDay = 0 },
            "more guests than the office allows" => good with { GuestsPerDay = database.Bounds.MaxGuestsPerDay + 1 },
            _ => good with { Inclusions = VisitInclusions.None },
        };

        var result = await database.Offers.SaveAsync(parties.HerderId, input);

        Assert.False(result.Saved);
        Assert.Equal([expected], result.Problems);
        await using var db = await database.CreateDbContextAsync();
        Assert.False(await db.VisitOffers.AnyAsync(o => o.HouseholdId == parties.HouseholdId));
        Assert.False(await db.VisitDays.AnyAsync(d => d.Offer.HouseholdId == parties.HouseholdId));
    }

    [Fact]
    public async Task A_saved_offer_has_a_row_for_each_day_it_covers_and_a_changed_offer_keeps_the_booked_days()
    {
        var parties = await database.TakeHouseholdAsync();

        Assert.True((await database.Offers.SaveAsync(parties.HerderId, VisitDatabase.SummerWeekends())).Saved);
        await using (var db = await database.CreateDbContextAsync())
        {
            // July and August 2027 have 9 Saturdays and 9 Sundays.
            Assert.Equal(18, await db.VisitDays.CountAsync(d => d.Offer.HouseholdId == parties.HouseholdId));
        }

        var saturday = new DateOnly(2027, 7, 3);
        Assert.True((await database.Requests.RequestAsync(VisitDatabase.Request(parties, saturday, 2), parties.SponsorId)).Succeeded);
        var sundaysOnly = VisitDatabase.SummerWeekends() with { Weekdays = VisitWeekdays.Sunday };
        Assert.True((await database.Offers.SaveAsync(parties.HerderId, sundaysOnly)).Saved);

        await using var after = await database.CreateDbContextAsync();
        var days = await after.VisitDays.Where(d => d.Offer.HouseholdId == parties.HouseholdId).Select(d => d.Day).ToListAsync();
        Assert.Equal(10, days.Count);
        Assert.Contains(saturday, days);
        Assert.Equal(2, await database.BookedAsync(parties, saturday));
        var offer = await database.Offers.FindForHerderAsync(parties.HerderId);
        Assert.Equal(VisitWeekdays.Sunday, offer!.Weekdays);
    }

    [Fact]
    public async Task An_account_without_a_household_cannot_offer_visits()
    {
        var result = await database.Offers.SaveAsync(database.AdminId, VisitDatabase.SummerWeekends());

        Assert.True(result.NoHousehold);
        Assert.False(result.Saved);
    }

    [Fact]
    public void The_default_bounds_are_valid_and_broken_bounds_name_their_setting()
    {
        Assert.Empty(new VisitOptions().Problems());
        var broken = new VisitOptions { MinAdultPriceFen = 10_000, MaxAdultPriceFen = 5_000, VillageBasisPoints = 2_000 };

        Assert.Equal(2, broken.Problems().Count());
        Assert.Contains(broken.Problems(), p => p.StartsWith("Visits:MinAdultPriceFen", StringComparison.Ordinal));
        Assert.Contains(broken.Problems(), p => p.StartsWith("Visits:HouseholdBasisPoints", StringComparison.Ordinal));
    }
}
