using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Visits;

namespace Sponsorship.Core.Tests.Visits;

public class VisitRequestTests(VisitDatabase database) : IClassFixture<VisitDatabase>
{
    private static readonly DateOnly Saturday = new(2027, 7, 3);
    private static readonly DateOnly Sunday = new(2027, 7, 4);

    private async Task<VisitParties> OfferingAsync(int guestsPerDay = 4)
    {
        var parties = await database.TakeHouseholdAsync();
        Assert.True((await database.Offers.SaveAsync(parties.HerderId, VisitDatabase.SummerWeekends(guestsPerDay))).Saved);
        return parties;
    }

    [Fact]
    public async Task The_sponsor_sees_only_offered_weekdays_in_the_range_and_not_the_days_that_are_full()
    {
        var parties = await OfferingAsync();
        Assert.True((await database.Requests.RequestAsync(VisitDatabase.Request(parties, Saturday, 4), parties.SponsorId)).Succeeded);
        Assert.True((await database.Requests.RequestAsync(VisitDatabase.Request(parties, Sunday, 3), parties.SponsorId)).Succeeded);

        var view = await database.Sponsors.FindAsync(parties.AdoptionId, parties.SponsorId);

        var days = view!.Offer!.DaysWithRoom;
        Assert.Equal(17, days.Count);
        Assert.All(days, d => Assert.True(d.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday, $"{d} is no weekend day"));
        Assert.All(days, d => Assert.InRange(d, VisitDatabase.JulyFirst, new DateOnly(2027, 8, 31)));
        Assert.DoesNotContain(Saturday, days);
        Assert.Contains(Sunday, days);
        Assert.Equal(2, view.Requests.Count);
    }

    [Fact]
    public async Task The_price_is_computed_from_the_offer_for_adults_and_children()
    {
        var parties = await OfferingAsync();

        var placed = await database.Requests.RequestAsync(VisitDatabase.Request(parties, Saturday, 2, children: 1), parties.SponsorId);

        Assert.True(placed.Succeeded);
        await using var db = await database.CreateDbContextAsync();
        var booking = await db.VisitBookings.SingleAsync(b => b.Id == placed.BookingId);
        Assert.Equal((2 * 20_000) + 8_000, booking.PriceFen);
        Assert.Equal(VisitBookingStatus.Requested, booking.Status);
        Assert.Equal(3, await database.BookedAsync(parties, Saturday));
    }

    [Fact]
    public async Task Eight_parallel_requests_for_the_last_two_places_book_exactly_one()
    {
        var parties = await OfferingAsync(guestsPerDay: 4);
        Assert.True((await database.Requests.RequestAsync(VisitDatabase.Request(parties, Saturday, 2), parties.SponsorId)).Succeeded);

        var race = await Race.RunAsync(8, _ => database.Requests.RequestAsync(VisitDatabase.Request(parties, Saturday, 2), parties.SponsorId));

        Assert.Equal(8, race.ReachedWrite);
        Assert.Single(race.Results, r => r.Succeeded);
        Assert.Equal(7, race.Results.Count(r => r.Error == VisitRequestError.DayFull));
        Assert.Equal(4, await database.BookedAsync(parties, Saturday));
        await using var db = await database.CreateDbContextAsync();
        Assert.Equal(4, await db.VisitBookings.Where(b => b.Offer.HouseholdId == parties.HouseholdId && b.Day == Saturday).SumAsync(b => b.Adults + b.Children));
    }

    [Fact]
    public async Task A_request_that_does_not_fit_is_refused_and_nothing_is_saved()
    {
        var parties = await OfferingAsync(guestsPerDay: 4);
        Assert.True((await database.Requests.RequestAsync(VisitDatabase.Request(parties, Saturday, 3), parties.SponsorId)).Succeeded);

        Assert.Equal(VisitRequestError.DayFull, (await database.Requests.RequestAsync(VisitDatabase.Request(parties, Saturday, 2), parties.SponsorId)).Error);
        Assert.Equal(VisitRequestError.DayNotOffered, (await database.Requests.RequestAsync(VisitDatabase.Request(parties, new DateOnly(2027, 7, 5), 1), parties.SponsorId)).Error);
        Assert.Equal(VisitRequestError.DayNotOffered, (await database.Requests.RequestAsync(VisitDatabase.Request(parties, new DateOnly(2027, 9, 4), 1), parties.SponsorId)).Error);
        Assert.Equal(VisitRequestError.AdultsRequired, (await database.Requests.RequestAsync(VisitDatabase.Request(parties, Sunday, 0, children: 2), parties.SponsorId)).Error);
        Assert.Equal(VisitRequestError.ChildrenInvalid, (await database.Requests.RequestAsync(VisitDatabase.Request(parties, Sunday, 1, children: -1), parties.SponsorId)).Error);
        Assert.Equal(VisitRequestError.TooManyGuests, (await database.Requests.RequestAsync(VisitDatabase.Request(parties, Sunday, 3, children: 2), parties.SponsorId)).Error);
        Assert.Equal(VisitRequestError.ContactPhoneRequired, (await database.Requests.RequestAsync(VisitDatabase.Request(parties, Sunday, 1) with { ContactPhone = " " }, parties.SponsorId)).Error);

        Assert.Equal(3, await database.BookedAsync(parties, Saturday));
        Assert.Equal(0, await database.BookedAsync(parties, Sunday));
        await using var db = await database.CreateDbContextAsync();
        Assert.Equal(1, await db.VisitBookings.CountAsync(b => b.Offer.HouseholdId == parties.HouseholdId));
    }

    [Fact]
    public async Task Only_a_sponsor_with_an_active_adoption_of_the_households_sheep_can_ask()
    {
        var parties = await OfferingAsync();
        var other = await database.TakeHouseholdAsync();

        // Another sponsor's adoption, or one's own adoption of another household's sheep, is not found.
        var strangers = await database.Requests.RequestAsync(VisitDatabase.Request(parties, Saturday, 1), database.AdminId);
        var elsewhere = await database.Requests.RequestAsync(VisitDatabase.Request(other, Saturday, 1), other.SponsorId);

        Assert.Equal(VisitRequestError.NotFound, strangers.Error);
        Assert.Equal(VisitRequestError.NoOffer, elsewhere.Error);
        Assert.Null(await database.Sponsors.FindAsync(parties.AdoptionId, database.AdminId));
        Assert.Null((await database.Sponsors.FindAsync(other.AdoptionId, other.SponsorId))!.Offer);
    }

    [Fact]
    public async Task The_same_request_sent_twice_is_one_booking_holding_its_places_once()
    {
        var parties = await OfferingAsync();
        var request = VisitDatabase.Request(parties, Saturday, 2);

        var first = await database.Requests.RequestAsync(request, parties.SponsorId);
        var again = await database.Requests.RequestAsync(request, parties.SponsorId);
        var changed = await database.Requests.RequestAsync(request with { Adults = 3 }, parties.SponsorId);

        Assert.Equal(first.BookingId, again.BookingId);
        Assert.True(again.Succeeded);
        Assert.Equal(VisitRequestError.KeyReused, changed.Error);
        Assert.Equal(2, await database.BookedAsync(parties, Saturday));
    }

    [Fact]
    public async Task The_herder_accepts_with_a_payment_deadline_or_declines_with_a_reason_that_gives_the_places_back()
    {
        var parties = await OfferingAsync();
        var accepted = await database.Requests.RequestAsync(VisitDatabase.Request(parties, Saturday, 2), parties.SponsorId);
        var declined = await database.Requests.RequestAsync(VisitDatabase.Request(parties, Saturday, 2), parties.SponsorId);
        var other = await database.TakeHouseholdAsync();

        Assert.False(await database.Herders.AcceptAsync(other.HerderId, accepted.BookingId));
        Assert.False(await database.Herders.DeclineAsync(parties.HerderId, declined.BookingId, "  "));
        Assert.True(await database.Herders.AcceptAsync(parties.HerderId, accepted.BookingId));
        Assert.False(await database.Herders.DeclineAsync(parties.HerderId, accepted.BookingId, "changed my mind"));
        Assert.True(await database.Herders.DeclineAsync(parties.HerderId, declined.BookingId, "那天剪羊毛"));
        Assert.False(await database.Herders.DeclineAsync(parties.HerderId, declined.BookingId, "twice"));

        Assert.Equal(2, await database.BookedAsync(parties, Saturday));
        var view = await database.Sponsors.FindAsync(parties.AdoptionId, parties.SponsorId);
        var mine = view!.Requests.ToDictionary(r => r.Id);
        Assert.Equal(VisitBookingStatus.Accepted, mine[accepted.BookingId].Status);
        Assert.Equal(database.Calendar.Now.AddHours(database.Bounds.AcceptanceLapseHours), mine[accepted.BookingId].PayBy);
        Assert.Equal(VisitBookingStatus.Declined, mine[declined.BookingId].Status);
        Assert.Equal("那天剪羊毛", mine[declined.BookingId].DeclineReason);
        Assert.Contains(Saturday, view.Offer!.DaysWithRoom);

        var list = await database.Herders.ListAsync(parties.HerderId);
        Assert.Empty(list.Requests);
        var coming = Assert.Single(list.Coming);
        Assert.Equal(("李喆", "13800138000", 2), (coming.ContactName, coming.ContactPhone, coming.Adults));
        Assert.Empty((await database.Herders.ListAsync(other.HerderId)).Coming);
    }

    [Fact]
    public async Task A_sponsor_cancelling_an_open_request_gives_its_places_back_once()
    {
        var parties = await OfferingAsync();
        var placed = await database.Requests.RequestAsync(VisitDatabase.Request(parties, Saturday, 3), parties.SponsorId);

        Assert.False(await database.Requests.CancelAsync(placed.BookingId, database.AdminId));
        Assert.True(await database.Requests.CancelAsync(placed.BookingId, parties.SponsorId));
        Assert.False(await database.Requests.CancelAsync(placed.BookingId, parties.SponsorId));

        Assert.Equal(0, await database.BookedAsync(parties, Saturday));
    }
}
