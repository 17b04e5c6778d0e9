using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Privacy;
using Sponsorship.Core.Visits;

namespace Sponsorship.Core.Tests.Visits;

public class VisitPrivacyTests(VisitDatabase database) : IClassFixture<VisitDatabase>
{
    [Fact]
    public async Task A_sponsors_visits_are_in_their_data_copy_and_deleting_the_account_cancels_their_open_requests_frees_the_places_and_erases_their_name_and_phone()
    {
        var parties = await database.TakeHouseholdAsync();
        Assert.True((await database.Offers.SaveAsync(parties.HerderId, VisitDatabase.SummerWeekends())).Saved);
        var saturday = new DateOnly(2027, 7, 3);
        var placed = await database.Requests.RequestAsync(VisitDatabase.Request(parties, saturday, 3), parties.SponsorId);
        var copy = await new PersonalDataExport(database.DbFactory, database.Clock).ExportAsync(parties.SponsorId);
        var exported = Assert.Single(copy!.Visits);
        Assert.Equal((placed.BookingId, saturday, 3, "13800138000"), (exported.Id, exported.Day, exported.Adults, exported.ContactPhone));

        var deleted = await new PersonalDataDeletion(database.DbFactory, [], database.Clock).DeleteOwnAccountAsync(parties.SponsorId);

        Assert.True(deleted.Succeeded, deleted.Error.ToString());
        await using var db = await database.CreateDbContextAsync();
        var booking = await db.VisitBookings.SingleAsync(b => b.Id == placed.BookingId);
        Assert.Equal(VisitBookingStatus.Cancelled, booking.Status);
        Assert.Equal(("", ""), (booking.ContactName, booking.ContactPhone));
        Assert.Equal(0, await database.BookedAsync(parties, saturday));
    }
}
