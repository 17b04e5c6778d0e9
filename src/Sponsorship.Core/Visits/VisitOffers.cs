using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Sponsorship.Core.Data;
using Sponsorship.Core.Programme;

namespace Sponsorship.Core.Visits;

/// <summary>
/// A herder's visit offer: read it, and set it within the office's bounds. Saving also keeps a day row for every day the
/// offer covers (the rows the bookings' places are counted on); a day no longer offered loses its row unless guests are
/// booked on it, who keep their visit.
/// </summary>
public sealed class VisitOffers(IDbContextFactory<SponsorshipDbContext> dbFactory, IOptions<VisitOptions> options, ProgrammeCalendar calendar)
{
    public VisitOptions Bounds => options.Value;

    /// <summary>The herder's household's offer, or null when it has none (or the account is no herder's).</summary>
    public async Task<VisitOffer?> FindForHerderAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await HouseholdOfAsync(db, userId, cancellationToken) is { } household
            ? await db.VisitOffers.AsNoTracking().SingleOrDefaultAsync(o => o.HouseholdId == household, cancellationToken)
            : null;
    }

    public async Task<VisitOfferResult> SaveAsync(string userId, VisitOfferInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var problems = input.Problems(Bounds);
        if (problems.Count > 0)
        {
            return VisitOfferResult.Refused(problems);
        }

        return await Contention.RetryAsync(() => SaveOnceAsync(userId, null, input, cancellationToken), cancellationToken);
    }

    /// <summary>The demo's offers, for households that have no herder's account to set them.</summary>
    internal async Task<VisitOfferResult> SaveForHouseholdAsync(int householdId, VisitOfferInput input, CancellationToken cancellationToken)
    {
        var problems = input.Problems(Bounds);
        return problems.Count > 0
            ? VisitOfferResult.Refused(problems)
            : await Contention.RetryAsync(() => SaveOnceAsync(null, householdId, input, cancellationToken), cancellationToken);
    }

    private async Task<VisitOfferResult> SaveOnceAsync(string? userId, int? householdId, VisitOfferInput input, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if ((householdId ?? await HouseholdOfAsync(db, userId ?? "", cancellationToken)) is not { } household)
        {
            return VisitOfferResult.NotAHerder;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var offer = await db.VisitOffers.SingleOrDefaultAsync(o => o.HouseholdId == household, cancellationToken);
        if (offer is null)
        {
            offer = new VisitOffer { HouseholdId = household };
            db.Add(offer);
        }

        offer.StartsOn = input.StartsOn;
        offer.EndsOn = input.EndsOn;
        offer.Weekdays = input.Weekdays;
        offer.GuestsPerDay = input.GuestsPerDay;
        offer.Inclusions = input.Inclusions;
        offer.AdultPriceFen = input.AdultPriceFen;
        offer.ChildPriceFen = input.ChildPriceFen;
        offer.Description = (input.Description ?? "").Trim();
        offer.NearestTown = (input.NearestTown ?? "").Trim();
        offer.PickUpOffered = input.PickUpOffered;
        offer.UpdatedAt = calendar.Now;
        await db.SaveChangesAsync(cancellationToken);

        var existing = await db.VisitDays.Where(d => d.OfferId == offer.Id).Select(d => new { d.Day, d.GuestsBooked })
            .ToListAsync(cancellationToken);
        var have = existing.Select(d => d.Day).ToHashSet();
        var dropped = existing.Where(d => d.GuestsBooked == 0 && !offer.Covers(d.Day)).Select(d => d.Day).ToList();
        if (dropped.Count > 0)
        {
            await db.VisitDays.Where(d => d.OfferId == offer.Id && dropped.Contains(d.Day) && d.GuestsBooked == 0)
                .ExecuteDeleteAsync(cancellationToken);
        }

        db.AddRange(offer.Days().Where(day => !have.Contains(day)).Select(day => new VisitDay { OfferId = offer.Id, Day = day }));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return VisitOfferResult.Done;
    }

    /// <summary>The household a herder's account belongs to, if it is still in the programme.</summary>
    internal static Task<int?> HouseholdOfAsync(SponsorshipDbContext db, string userId, CancellationToken cancellationToken) =>
        db.Users.Where(u => u.Id == userId && u.HerderHouseholdId != null)
            .Join(db.Households.Where(h => h.ArchivedAt == null), u => u.HerderHouseholdId, h => h.Id, (u, h) => (int?)h.Id)
            .SingleOrDefaultAsync(cancellationToken);
}
