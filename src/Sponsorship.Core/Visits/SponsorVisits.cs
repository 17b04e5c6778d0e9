using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Adoptions;
using Sponsorship.Core.Data;
using Sponsorship.Core.Programme;

namespace Sponsorship.Core.Visits;

/// <summary>The visit offer of the household raising a sponsor's sheep, as the sponsor sees it.</summary>
public sealed record OfferedVisit(
    int OfferId, string HeadName, string HeadNameLatin, string VillageName, string VillageNameLatin, VisitInclusions Inclusions,
    long AdultPriceFen, long ChildPriceFen, int GuestsPerDay, string Description, string NearestTown, bool PickUpOffered,
    IReadOnlyList<DateOnly> DaysWithRoom)
{
    public long PriceFen(int adults, int children) => adults * AdultPriceFen + children * ChildPriceFen;
}

/// <summary>
/// One of the sponsor's visit requests to that household; <see cref="HerderPhone"/> is the household's number once it is
/// paid (<see cref="VisitBooking.ShowsHerderPhone"/>), else null.
/// </summary>
public sealed record MyVisit(
    int Id, DateOnly Day, int Adults, int Children, long PriceFen, VisitBookingStatus Status, string? DeclineReason,
    DateTimeOffset CreatedAt, DateTimeOffset? PayBy, string? HerderPhone = null);

/// <summary>What the sponsor's visit page shows: the adoption's sheep, the offer (null when the household offers none) and their requests.</summary>
public sealed record SponsorVisitView(
    int AdoptionId, string SheepName, string SheepNameLatin, OfferedVisit? Offer, IReadOnlyList<MyVisit> Requests);

/// <summary>
/// A sponsor's way to a visit: only through an active adoption of their own, and only to the household raising that
/// sheep. The days offered are those the offer covers, after today, with room for at least one more guest.
/// </summary>
public sealed class SponsorVisits(IDbContextFactory<SponsorshipDbContext> dbFactory, ProgrammeCalendar calendar)
{
    /// <summary>Null when the adoption is not the sponsor's or not active (the page answers 404).</summary>
    public async Task<SponsorVisitView?> FindAsync(int adoptionId, string userId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var adoption = await ActiveAdoptions(db, userId).Where(a => a.Id == adoptionId)
            .Select(a => new { a.Id, a.Sheep.Name, a.Sheep.NameLatin, a.Sheep.HouseholdId })
            .SingleOrDefaultAsync(cancellationToken);
        if (adoption is null)
        {
            return null;
        }

        var offer = await db.VisitOffers.AsNoTracking().Include(o => o.Household).ThenInclude(h => h.Village)
            .SingleOrDefaultAsync(o => o.HouseholdId == adoption.HouseholdId, cancellationToken);
        if (offer is null)
        {
            return new SponsorVisitView(adoption.Id, adoption.Name, adoption.NameLatin, null, []);
        }

        var requests = await db.VisitBookings.AsNoTracking()
            .Where(b => b.OfferId == offer.Id && b.SponsorUserId == userId)
            .OrderByDescending(b => b.CreatedAt).ThenByDescending(b => b.Id)
            .Select(b => new MyVisit(b.Id, b.Day, b.Adults, b.Children, b.PriceFen, b.Status, b.DeclineReason, b.CreatedAt, b.PayBy))
            .Take(50)
            .ToListAsync(cancellationToken);
        var household = offer.Household;
        requests = [.. requests.Select(r => VisitBooking.ShowsHerderPhone(r.Status) && household.Phone.Length > 0 ? r with { HerderPhone = household.Phone } : r)];
        return new SponsorVisitView(
            adoption.Id, adoption.Name, adoption.NameLatin,
            new OfferedVisit(
                offer.Id, household.HeadName, household.HeadNameLatin, household.Village.Name, household.Village.NameLatin, offer.Inclusions,
                offer.AdultPriceFen, offer.ChildPriceFen, offer.GuestsPerDay, offer.Description, offer.NearestTown, offer.PickUpOffered,
                await DaysWithRoomAsync(db, offer, calendar.Today, cancellationToken)),
            requests);
    }

    /// <summary>The days after <paramref name="today"/> the offer covers and that have room for one more guest.</summary>
    public static async Task<IReadOnlyList<DateOnly>> DaysWithRoomAsync(
        SponsorshipDbContext db, VisitOffer offer, DateOnly today, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(offer);
        var rows = await db.VisitDays.AsNoTracking()
            .Where(d => d.OfferId == offer.Id && d.Day > today && d.GuestsBooked < offer.GuestsPerDay)
            .OrderBy(d => d.Day).Select(d => d.Day)
            .ToListAsync(cancellationToken);
        return [.. rows.Where(offer.Covers)];
    }

    /// <summary>The sponsor's own active adoptions: what lets them ask to visit.</summary>
    internal static IQueryable<Adoption> ActiveAdoptions(SponsorshipDbContext db, string userId) =>
        db.Adoptions.AsNoTracking().Where(a => a.SponsorUserId == userId && a.Status == AdoptionStatus.Active);
}
