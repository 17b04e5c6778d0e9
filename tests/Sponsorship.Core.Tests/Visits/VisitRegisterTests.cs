using Sponsorship.Core.Visits;

namespace Sponsorship.Core.Tests.Visits;

public class VisitRegisterTests(VisitDatabase database) : IClassFixture<VisitDatabase>
{
    private static readonly DateOnly Saturday = new(2027, 7, 3);
    private static readonly DateOnly NextSaturday = new(2027, 7, 10);

    private VisitRegister Register => new(database.DbFactory);

    [Fact]
    public async Task The_office_sees_every_households_visits_by_date_and_can_narrow_them_to_one_household()
    {
        var first = await database.TakeHouseholdAsync();
        var second = await database.TakeHouseholdAsync();
        foreach (var parties in new[] { first, second })
        {
            Assert.True((await database.Offers.SaveAsync(parties.HerderId, VisitDatabase.SummerWeekends())).Saved);
        }

        var later = await database.Requests.RequestAsync(VisitDatabase.Request(first, NextSaturday, 2, children: 1), first.SponsorId);
        var sooner = await database.Requests.RequestAsync(VisitDatabase.Request(second, Saturday, 3), second.SponsorId);
        var declined = await database.Requests.RequestAsync(VisitDatabase.Request(first, Saturday, 1), first.SponsorId);
        Assert.True(await database.Herders.DeclineAsync(first.HerderId, declined.BookingId, "剪毛那天"));
        var admin = database.AdminId;

        var all = await Register.ListAsync(admin, Saturday);

        var ours = all!.Visits.Where(v => v.HouseholdId == first.HouseholdId || v.HouseholdId == second.HouseholdId).ToList();
        Assert.Equal([Saturday, Saturday, NextSaturday], ours.Select(v => v.Day));
        var soonest = ours.Single(v => v.Id == sooner.BookingId);
        Assert.Equal((3, 0, 60_000L, VisitBookingStatus.Requested), (soonest.Adults, soonest.Children, soonest.PriceFen, soonest.Status));
        Assert.Equal("剪毛那天", ours.Single(v => v.Id == declined.BookingId).DeclineReason);
        Assert.Contains(all.Households, h => h.Id == first.HouseholdId);
        Assert.Contains(all.Households, h => h.Id == second.HouseholdId);

        var one = await Register.ListAsync(admin, Saturday, first.HouseholdId);
        Assert.Equal([declined.BookingId, later.BookingId], one!.Visits.Select(v => v.Id));
        Assert.Equal(3, one.Guests);

        var fromNextWeek = await Register.ListAsync(admin, NextSaturday, first.HouseholdId);
        Assert.Equal([later.BookingId], fromNextWeek!.Visits.Select(v => v.Id));
    }

    [Fact]
    public async Task Only_an_administrator_reads_the_visits()
    {
        var parties = await database.TakeHouseholdAsync();

        Assert.Null(await Register.ListAsync(parties.HerderId, Saturday));
        Assert.Null(await Register.ListAsync(parties.SponsorId, Saturday));
        Assert.Null(await Register.ListAsync("", Saturday));
    }
}
