using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Data;
using Sponsorship.Core.Identity;

namespace Sponsorship.Core.Visits;

/// <summary>One visit as the office sees it: the day, the household, who comes and the money.</summary>
public sealed record OfficeVisit(
    int Id, DateOnly Day, int HouseholdId, string HeadName, string HeadNameLatin, string VillageName, string VillageNameLatin,
    string ContactName, int Adults, int Children, long PriceFen, VisitBookingStatus Status, string? DeclineReason);

/// <summary>A household that offers visits, for the office's filter.</summary>
public sealed record VisitHousehold(int Id, string HeadName, string HeadNameLatin);

/// <param name="Visits">From the first day asked for, soonest first, at most <see cref="VisitRegister.MaxRows"/>.</param>
public sealed record OfficeVisitList(IReadOnlyList<OfficeVisit> Visits, IReadOnlyList<VisitHousehold> Households)
{
    public int Guests => Visits.Where(v => VisitBooking.HoldsPlaces(v.Status)).Sum(v => v.Adults + v.Children);
}

/// <summary>All visits by date and household, for the cooperative office; only administrators may read it.</summary>
public sealed class VisitRegister(IDbContextFactory<SponsorshipDbContext> dbFactory)
{
    public const int MaxRows = 500;

    /// <returns>Null when <paramref name="adminUserId"/> is not an administrator.</returns>
    public async Task<OfficeVisitList?> ListAsync(
        string adminUserId, DateOnly from, int? householdId = null, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!await Administrators.IsAdministratorAsync(db, adminUserId, cancellationToken))
        {
            return null;
        }

        var households = await db.VisitOffers.AsNoTracking()
            .OrderBy(o => o.Household.HeadNameLatin)
            .Select(o => new VisitHousehold(o.HouseholdId, o.Household.HeadName, o.Household.HeadNameLatin))
            .ToListAsync(cancellationToken);
        var visits = await db.VisitBookings.AsNoTracking()
            .Where(b => b.Day >= from && (householdId == null || b.Offer.HouseholdId == householdId))
            .OrderBy(b => b.Day).ThenBy(b => b.Offer.Household.HeadNameLatin).ThenBy(b => b.Id)
            .Take(MaxRows)
            .Select(b => new OfficeVisit(
                b.Id, b.Day, b.Offer.HouseholdId, b.Offer.Household.HeadName, b.Offer.Household.HeadNameLatin,
                b.Offer.Household.Village.Name, b.Offer.Household.Village.NameLatin,
                b.ContactName, b.Adults, b.Children, b.PriceFen, b.Status, b.DeclineReason))
            .ToListAsync(cancellationToken);
        return new OfficeVisitList(visits, households);
    }
}
