using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Data;

namespace Sponsorship.Core.Visits;

/// <summary>
/// Moves a booking from one state to the next with a conditional update, so that two answers at once (the herder's
/// decline and the sponsor's cancel, a double tap) change it once: only the one that finds it still in a
/// <c>from</c> state moves it, and only that one gives its places back.
/// </summary>
public static class VisitStates
{
    public static async Task<bool> MoveAsync(
        SponsorshipDbContext db, int bookingId, VisitBookingStatus[] from, VisitBookingStatus to, DateTimeOffset at,
        string? declineReason, CancellationToken cancellationToken, DateTimeOffset? payBy = null)
    {
        ArgumentNullException.ThrowIfNull(db);
        var moved = await db.VisitBookings
            .Where(b => b.Id == bookingId && from.Contains(b.Status))
            .ExecuteUpdateAsync(set =>
            {
                set.SetProperty(b => b.Status, to);
                if (to != VisitBookingStatus.Cancelled)
                {
                    set.SetProperty(b => b.AnsweredAt, at);
                }

                if (declineReason is not null)
                {
                    set.SetProperty(b => b.DeclineReason, declineReason);
                }

                if (payBy is not null)
                {
                    set.SetProperty(b => b.PayBy, payBy);
                }
            }, cancellationToken);
        return moved == 1;
    }
}
