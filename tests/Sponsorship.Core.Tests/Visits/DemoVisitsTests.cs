using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Adoptions;
using Sponsorship.Core.Demo;
using Sponsorship.Core.Visits;

namespace Sponsorship.Core.Tests.Visits;

public class DemoVisitsTests(VisitDatabase database) : IClassFixture<VisitDatabase>
{
    [Fact]
    public async Task The_demo_herders_and_the_demo_sponsors_household_offer_next_summer_and_the_sponsor_has_asked_once_even_when_seeded_twice()
    {
        var demo = new DemoVisits(database.DbFactory, database.Offers, database.Requests, database.Calendar);

        await demo.SeedAsync();
        await demo.SeedAsync();

        await using var db = await database.CreateDbContextAsync();
        var offers = await db.VisitOffers.ToListAsync();
        var herders = await db.Users.Where(u => u.Email == DemoAccounts.Herder.Email || u.Email == DemoAccounts.SecondHerder.Email)
            .Select(u => u.HerderHouseholdId!.Value).ToListAsync();
        var sponsorsSheep = await db.Adoptions.Where(a => a.Sponsor.Email == DemoAccounts.Sponsor.Email && a.Status == AdoptionStatus.Active && a.OrganisationOrderId == null)
            .OrderBy(a => a.Id).Select(a => new { a.Id, a.Sheep.HouseholdId }).FirstAsync();
        Assert.Equal(herders.Append(sponsorsSheep.HouseholdId).Order(), offers.Select(o => o.HouseholdId).Order());
        var (starts, ends) = DemoVisits.NextSummer(database.Calendar.Today);
        Assert.All(offers, o => Assert.Equal((starts, ends), (o.StartsOn, o.EndsOn)));
        Assert.True(starts > database.Calendar.Today);
        var booking = Assert.Single(await db.VisitBookings.ToListAsync());
        Assert.Equal((sponsorsSheep.Id, VisitBookingStatus.Requested, DayOfWeek.Saturday), (booking.AdoptionId, booking.Status, booking.Day.DayOfWeek));
        Assert.Equal(offers.Single(o => o.HouseholdId == sponsorsSheep.HouseholdId).Id, booking.OfferId);
        Assert.Equal(3, await db.VisitDays.Where(d => d.OfferId == booking.OfferId && d.Day == booking.Day).Select(d => d.GuestsBooked).SingleAsync());
    }
}
