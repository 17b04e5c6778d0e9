using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Data;
using Sponsorship.Core.Programme;

namespace Sponsorship.Core.Visits;

/// <summary>A sponsor's request to visit on one day. The key is generated when the form is rendered.</summary>
public sealed record VisitRequestInput(
    int AdoptionId, DateOnly Day, int Adults, int Children, string? ContactName, string? ContactPhone, string IdempotencyKey);

public enum VisitRequestError
{
    None,
    KeyMissing,
    KeyReused,
    NotFound,
    NoOffer,
    DayNotOffered,
    DayFull,
    AdultsRequired,
    TooManyGuests,
    ChildrenInvalid,
    ContactNameRequired,
    ContactPhoneRequired,
}

public sealed record VisitRequestResult(VisitRequestError Error, int BookingId = 0)
{
    public bool Succeeded => Error == VisitRequestError.None;
}

/// <summary>
/// Places a sponsor's visit request and lets them withdraw it. The places are taken in the same transaction as the
/// booking is written, by <see cref="VisitPlaces"/>'s conditional update: when the day has no room left the whole
/// request is refused and nothing is saved.
/// </summary>
public sealed class VisitRequests(IDbContextFactory<SponsorshipDbContext> dbFactory, ProgrammeCalendar calendar)
{
    public Task<VisitRequestResult> RequestAsync(VisitRequestInput input, string userId, CancellationToken cancellationToken = default) =>
        Contention.RetryAsync(() => RequestOnceAsync(input, userId, cancellationToken), cancellationToken);

    /// <summary>What is wrong with the guests and the contact, before anything is looked up.</summary>
    public static VisitRequestError GuestProblem(int adults, int children, string? contactName, string? contactPhone, int guestsPerDay)
    {
        if (adults < 1)
        {
            return VisitRequestError.AdultsRequired;
        }

        if (children < 0)
        {
            return VisitRequestError.ChildrenInvalid;
        }

        if (adults + children > guestsPerDay)
        {
            return VisitRequestError.TooManyGuests;
        }

        if (string.IsNullOrWhiteSpace(contactName) || contactName.Trim().Length > VisitBookingConfiguration.MaxContactNameLength)
        {
            return VisitRequestError.ContactNameRequired;
        }

        return string.IsNullOrWhiteSpace(contactPhone) || contactPhone.Trim().Length > VisitBookingConfiguration.MaxContactPhoneLength
            ? VisitRequestError.ContactPhoneRequired
            : VisitRequestError.None;
    }

    private async Task<VisitRequestResult> RequestOnceAsync(VisitRequestInput input, string userId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (string.IsNullOrWhiteSpace(input.IdempotencyKey) || input.IdempotencyKey.Length > 64)
        {
            return new VisitRequestResult(VisitRequestError.KeyMissing);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await ReplayAsync(db, input, userId, cancellationToken) is { } replay)
        {
            return replay;
        }

        var household = await SponsorVisits.ActiveAdoptions(db, userId).Where(a => a.Id == input.AdoptionId)
            .Select(a => (int?)a.Sheep.HouseholdId).SingleOrDefaultAsync(cancellationToken);
        if (household is null)
        {
            return new VisitRequestResult(VisitRequestError.NotFound);
        }

        var offer = await db.VisitOffers.AsNoTracking().SingleOrDefaultAsync(o => o.HouseholdId == household, cancellationToken);
        if (offer is null)
        {
            return new VisitRequestResult(VisitRequestError.NoOffer);
        }

        var problem = GuestProblem(input.Adults, input.Children, input.ContactName, input.ContactPhone, offer.GuestsPerDay);
        if (problem != VisitRequestError.None)
        {
            return new VisitRequestResult(problem);
        }

        if (!offer.Covers(input.Day) || input.Day <= calendar.Today)
        {
            return new VisitRequestResult(VisitRequestError.DayNotOffered);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (!await VisitPlaces.TakeAsync(db, offer.Id, input.Day, input.Adults + input.Children, offer.GuestsPerDay, cancellationToken))
        {
            return new VisitRequestResult(VisitRequestError.DayFull);
        }

        var booking = new VisitBooking
        {
            OfferId = offer.Id,
            AdoptionId = input.AdoptionId,
            SponsorUserId = userId,
            Day = input.Day,
            Adults = input.Adults,
            Children = input.Children,
            AdultPriceFen = offer.AdultPriceFen,
            ChildPriceFen = offer.ChildPriceFen,
            PriceFen = offer.PriceFen(input.Adults, input.Children),
            ContactName = input.ContactName!.Trim(),
            ContactPhone = input.ContactPhone!.Trim(),
            Status = VisitBookingStatus.Requested,
            CreatedAt = calendar.Now,
            IdempotencyKey = input.IdempotencyKey,
        };
        db.Add(booking);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (!Contention.IsContention(e))
        {
            // The same request won a moment ago (a double click): the places this attempt took are rolled back with it.
            await transaction.RollbackAsync(cancellationToken);
            await using var again = await dbFactory.CreateDbContextAsync(cancellationToken);
            return await ReplayAsync(again, input, userId, cancellationToken) ?? throw new InvalidOperationException("The visit request could not be saved.", e);
        }

        return new VisitRequestResult(VisitRequestError.None, booking.Id);
    }

    private static async Task<VisitRequestResult?> ReplayAsync(
        SponsorshipDbContext db, VisitRequestInput input, string userId, CancellationToken cancellationToken)
    {
        var earlier = await db.VisitBookings.AsNoTracking().SingleOrDefaultAsync(b => b.IdempotencyKey == input.IdempotencyKey, cancellationToken);
        if (earlier is null)
        {
            return null;
        }

        var same = earlier.SponsorUserId == userId && earlier.AdoptionId == input.AdoptionId && earlier.Day == input.Day
            && earlier.Adults == input.Adults && earlier.Children == input.Children;
        return new VisitRequestResult(same ? VisitRequestError.None : VisitRequestError.KeyReused, same ? earlier.Id : 0);
    }

    /// <summary>
    /// The sponsor withdraws a request not yet paid (requested or accepted); its places are given back. False when it is
    /// not theirs or no longer open.
    /// </summary>
    public Task<bool> CancelAsync(int bookingId, string userId, CancellationToken cancellationToken = default) =>
        Contention.RetryAsync(async () =>
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var booking = await db.VisitBookings.AsNoTracking().SingleOrDefaultAsync(b => b.Id == bookingId && b.SponsorUserId == userId, cancellationToken);
            if (booking is null || !await VisitStates.MoveAsync(
                    db, bookingId, [VisitBookingStatus.Requested, VisitBookingStatus.Accepted], VisitBookingStatus.Cancelled, calendar.Now, null, cancellationToken))
            {
                return false;
            }

            await VisitPlaces.GiveBackAsync(db, booking.OfferId, booking.Day, booking.Guests, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return true;
        }, cancellationToken);
}
