using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Visits;

namespace Sponsorship.Core.Tests.Visits;

public class VisitPaymentTests(VisitDatabase database) : IClassFixture<VisitDatabase>
{
    private static readonly DateOnly Saturday = new(2027, 7, 3);

    private AcceptanceLapse Lapse => new(database.DbFactory, database.Clock);

    /// <summary>A household offering summer weekends, and an accepted request of its sponsor for three guests on <see cref="Saturday"/>.</summary>
    private async Task<(VisitParties Parties, int BookingId)> AcceptedAsync()
    {
        var parties = await database.TakeHouseholdAsync();
        Assert.True((await database.Offers.SaveAsync(parties.HerderId, VisitDatabase.SummerWeekends())).Saved);
        var placed = await database.Requests.RequestAsync(VisitDatabase.Request(parties, Saturday, 2, children: 1), parties.SponsorId);
        Assert.True(placed.Succeeded);
        Assert.True(await database.Herders.AcceptAsync(parties.HerderId, placed.BookingId));
        return (parties, placed.BookingId);
    }

    private async Task<VisitBookingStatus> StatusAsync(int bookingId)
    {
        await using var db = await database.CreateDbContextAsync();
        return await db.VisitBookings.Where(b => b.Id == bookingId).Select(b => b.Status).SingleAsync();
    }

    [Fact]
    public async Task An_accepted_visit_not_paid_by_its_deadline_lapses_once_and_gives_its_places_back()
    {
        var (parties, bookingId) = await AcceptedAsync();
        Assert.Equal(3, await database.BookedAsync(parties, Saturday));

        database.Clock.Advance(TimeSpan.FromHours(database.Bounds.AcceptanceLapseHours - 1));
        await Lapse.RunAsync();
        Assert.Equal(VisitBookingStatus.Accepted, await StatusAsync(bookingId));
        Assert.Equal(3, await database.BookedAsync(parties, Saturday));

        database.Clock.Advance(TimeSpan.FromHours(2));
        Assert.True(await Lapse.RunAsync() >= 1);
        Assert.Equal(0, await Lapse.RunAsync());

        Assert.Equal(VisitBookingStatus.Lapsed, await StatusAsync(bookingId));
        Assert.Equal(0, await database.BookedAsync(parties, Saturday));
    }
}
