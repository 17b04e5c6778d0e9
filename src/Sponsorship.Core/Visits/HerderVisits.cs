using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Sponsorship.Core.Data;
using Sponsorship.Core.Programme;

namespace Sponsorship.Core.Visits;

/// <summary>A request or a coming visit as the herder sees it: who comes, how many, and the number to call.</summary>
public sealed record HerderVisit(
    int Id, DateOnly Day, int Adults, int Children, long PriceFen, string ContactName, string ContactPhone,
    string SheepName, string SheepNameLatin, VisitBookingStatus Status);

/// <summary>The herder's visits page: requests waiting for an answer and the visits coming up, soonest first.</summary>
public sealed record HerderVisitList(IReadOnlyList<HerderVisit> Requests, IReadOnlyList<HerderVisit> Coming);

/// <summary>
/// The visits to a herder's household, and the herder's answer to each request: accept (the sponsor then has
/// <see cref="VisitOptions.AcceptanceLapseHours"/> to pay) or decline with a reason (the places are given back). A herder
/// sees and answers only their own household's requests.
/// </summary>
public sealed class HerderVisits(
    IDbContextFactory<SponsorshipDbContext> dbFactory, IOptions<VisitOptions> options, ProgrammeCalendar calendar)
{
    public async Task<HerderVisitList> ListAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await VisitOffers.HouseholdOfAsync(db, userId, cancellationToken) is not { } household)
        {
            return new HerderVisitList([], []);
        }

        var today = calendar.Today;
        var open = new[] { VisitBookingStatus.Requested, VisitBookingStatus.Accepted, VisitBookingStatus.Paid };
        var rows = await db.VisitBookings.AsNoTracking()
            .Where(b => b.Offer.HouseholdId == household && b.Day >= today && open.Contains(b.Status))
            .OrderBy(b => b.Day).ThenBy(b => b.Id)
            .Select(b => new HerderVisit(
                b.Id, b.Day, b.Adults, b.Children, b.PriceFen, b.ContactName, b.ContactPhone, b.Adoption.Sheep.Name,
                b.Adoption.Sheep.NameLatin, b.Status))
            .Take(200)
            .ToListAsync(cancellationToken);
        return new HerderVisitList(
            [.. rows.Where(r => r.Status == VisitBookingStatus.Requested)],
            [.. rows.Where(r => r.Status != VisitBookingStatus.Requested)]);
    }

    /// <summary>Accepts a request of the herder's household; false when it is not theirs or already answered.</summary>
    public Task<bool> AcceptAsync(string userId, int bookingId, CancellationToken cancellationToken = default) =>
        Contention.RetryAsync(async () =>
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            if (!await IsHouseholdsAsync(db, userId, bookingId, cancellationToken))
            {
                return false;
            }

            var now = calendar.Now;
            return await VisitStates.MoveAsync(
                db, bookingId, [VisitBookingStatus.Requested], VisitBookingStatus.Accepted, now, null, cancellationToken,
                payBy: now.AddHours(options.Value.AcceptanceLapseHours));
        }, cancellationToken);

    public const int MaxReasonLength = VisitBookingConfiguration.MaxDeclineReasonLength;

    /// <summary>
    /// Declines a request with a reason the sponsor reads, giving its places back; false when it is not theirs, already
    /// answered, or the reason is missing or too long.
    /// </summary>
    public Task<bool> DeclineAsync(string userId, int bookingId, string? reason, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(reason) || reason.Trim().Length > MaxReasonLength)
        {
            return Task.FromResult(false);
        }

        return Contention.RetryAsync(async () =>
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            if (!await IsHouseholdsAsync(db, userId, bookingId, cancellationToken))
            {
                return false;
            }

            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var booking = await db.VisitBookings.AsNoTracking().SingleAsync(b => b.Id == bookingId, cancellationToken);
            if (!await VisitStates.MoveAsync(
                    db, bookingId, [VisitBookingStatus.Requested], VisitBookingStatus.Declined, calendar.Now, reason.Trim(), cancellationToken))
            {
                return false;
            }

            await VisitPlaces.GiveBackAsync(db, booking.OfferId, booking.Day, booking.Guests, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return true;
        }, cancellationToken);
    }

    private static async Task<bool> IsHouseholdsAsync(SponsorshipDbContext db, string userId, int bookingId, CancellationToken cancellationToken) =>
        await VisitOffers.HouseholdOfAsync(db, userId, cancellationToken) is { } household
        && await db.VisitBookings.AnyAsync(b => b.Id == bookingId && b.Offer.HouseholdId == household, cancellationToken);
}
