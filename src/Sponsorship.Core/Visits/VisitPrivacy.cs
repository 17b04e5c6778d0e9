using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Data;

namespace Sponsorship.Core.Visits;

/// <summary>What deleting a sponsor's account does to their visits: open requests are cancelled (their places go back) and every request loses the name and phone typed into it.</summary>
public static class VisitPrivacy
{
    /// <summary>Runs inside the account deletion's transaction.</summary>
    public static async Task ForgetSponsorAsync(SponsorshipDbContext db, string userId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var open = await db.VisitBookings.AsNoTracking()
            .Where(b => b.SponsorUserId == userId && (b.Status == VisitBookingStatus.Requested || b.Status == VisitBookingStatus.Accepted))
            .Select(b => new { b.Id, b.OfferId, b.Day, Guests = b.Adults + b.Children })
            .ToListAsync(cancellationToken);
        foreach (var booking in open)
        {
            if (await VisitStates.MoveAsync(
                    db, booking.Id, [VisitBookingStatus.Requested, VisitBookingStatus.Accepted], VisitBookingStatus.Cancelled, now, null, cancellationToken))
            {
                await VisitPlaces.GiveBackAsync(db, booking.OfferId, booking.Day, booking.Guests, cancellationToken);
            }
        }

        await db.VisitBookings.Where(b => b.SponsorUserId == userId)
            .ExecuteUpdateAsync(set => set.SetProperty(b => b.ContactName, "").SetProperty(b => b.ContactPhone, ""), cancellationToken);
    }
}
