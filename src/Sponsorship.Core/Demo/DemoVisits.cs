using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Adoptions;
using Sponsorship.Core.Data;
using Sponsorship.Core.Programme;
using Sponsorship.Core.Visits;

namespace Sponsorship.Core.Demo;

/// <summary>
/// The demo's visits: the two demo herders' households and the household raising the demo sponsor's first sheep offer
/// next summer's days, and the demo sponsor has asked to visit their sheep (the request waits for the household's
/// answer). Through the same use cases a herder and a sponsor use; seeded once (nothing when an offer exists).
/// </summary>
public sealed class DemoVisits(IDbContextFactory<SponsorshipDbContext> dbFactory, VisitOffers offers, VisitRequests requests, ProgrammeCalendar calendar)
{
    public async Task SeedAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await db.VisitOffers.AnyAsync(cancellationToken))
        {
            return;
        }

        var households = await db.Users
            .Where(u => (u.Email == DemoAccounts.Herder.Email || u.Email == DemoAccounts.SecondHerder.Email) && u.HerderHouseholdId != null)
            .OrderBy(u => u.Email)
            .Select(u => u.HerderHouseholdId!.Value)
            .ToListAsync(cancellationToken);
        var sponsors = await db.Adoptions.AsNoTracking()
            .Where(a => a.Sponsor.Email == DemoAccounts.Sponsor.Email && a.Status == AdoptionStatus.Active && a.OrganisationOrderId == null)
            .OrderBy(a => a.Id)
            .Select(a => new { a.Id, a.SponsorUserId, a.Sponsor.DisplayName, a.Sheep.HouseholdId })
            .FirstOrDefaultAsync(cancellationToken);
        if (sponsors is not null && !households.Contains(sponsors.HouseholdId))
        {
            households.Add(sponsors.HouseholdId);
        }

        var (starts, ends) = NextSummer(calendar.Today);
        for (var i = 0; i < households.Count; i++)
        {
            var saved = await offers.SaveForHouseholdAsync(households[i], Offer(i, starts, ends), cancellationToken);
            if (!saved.Saved)
            {
                throw new InvalidOperationException($"The demo visit offer was refused: {string.Join(", ", saved.Problems)}.");
            }
        }

        if (sponsors is not null)
        {
            var day = FirstSaturdayOnOrAfter(starts.AddDays(14));
            var request = new VisitRequestInput(sponsors.Id, day, Adults: 2, Children: 1, sponsors.DisplayName, "13800138000", "demo-visit");
            await requests.RequestAsync(request, sponsors.SponsorUserId, cancellationToken);
        }
    }

    /// <summary>Mid-June to mid-September of the summer to come (this one, while it has not ended).</summary>
    public static (DateOnly Starts, DateOnly Ends) NextSummer(DateOnly today)
    {
        var year = today.Month >= 9 ? today.Year + 1 : today.Year;
        var starts = new DateOnly(year, 6, 15);
        return (starts > today ? starts : today.AddDays(1), new DateOnly(year, 9, 15));
    }

    private static VisitOfferInput Offer(int index, DateOnly starts, DateOnly ends) => index % 2 == 0
        ? new VisitOfferInput(
            starts, ends, VisitWeekdays.Weekend, 8, VisitInclusions.FlockVisit | VisitInclusions.Meal, 18_000, 6_000,
            "跟着羊群上草场，中午在家里吃手把肉和奶茶。", "宝昌镇", PickUpOffered: true)
        : new VisitOfferInput(
            starts, ends, VisitWeekdays.Weekend | VisitWeekdays.Wednesday, 6, VisitInclusions.All, 38_000, 15_000,
            "看羊、挤奶，晚上住我们家的蒙古包。", "宝昌镇", PickUpOffered: false);

    private static DateOnly FirstSaturdayOnOrAfter(DateOnly day) => day.AddDays(((int)DayOfWeek.Saturday - (int)day.DayOfWeek + 7) % 7);
}
