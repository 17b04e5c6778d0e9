using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Data;

namespace Sponsorship.Core.Visits;

/// <summary>
/// The one place guests' places on a day are counted. Each change is a single conditional UPDATE of the day's row, which
/// the database applies one writer at a time: taking places succeeds only while they fit under the capacity at that
/// moment, so parallel requests for the last places cannot all get them. Call inside the booking's own transaction, so
/// that the places and the booking's state change together or not at all.
/// </summary>
public static class VisitPlaces
{
    /// <summary>Takes <paramref name="guests"/> places on the day; false when the day is not offered or has no room for them.</summary>
    public static async Task<bool> TakeAsync(
        SponsorshipDbContext db, int offerId, DateOnly day, int guests, int capacity, CancellationToken cancellationToken)
    {
        var taken = await db.VisitDays
            .Where(d => d.OfferId == offerId && d.Day == day && d.GuestsBooked + guests <= capacity)
            .ExecuteUpdateAsync(set => set.SetProperty(d => d.GuestsBooked, d => d.GuestsBooked + guests), cancellationToken);
        return taken == 1;
    }

    /// <summary>Gives back places a booking held (declined, lapsed or cancelled).</summary>
    public static async Task GiveBackAsync(SponsorshipDbContext db, int offerId, DateOnly day, int guests, CancellationToken cancellationToken)
    {
        var given = await db.VisitDays
            .Where(d => d.OfferId == offerId && d.Day == day && d.GuestsBooked >= guests)
            .ExecuteUpdateAsync(set => set.SetProperty(d => d.GuestsBooked, d => d.GuestsBooked - guests), cancellationToken);
        if (given != 1)
        {
            throw new InvalidOperationException($"Day {day} of visit offer {offerId} does not hold the {guests} places being given back.");
        }
    }
}
