using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Sponsorship.Core.Adoptions;
using Sponsorship.Core.Identity;
using Sponsorship.Core.Payments;
using Sponsorship.Core.Visits;

namespace Sponsorship.Core.Tests.Visits;

/// <summary>A household with an adopted sheep: its herder's account, and the sponsor and adoption that let them visit.</summary>
public sealed record VisitParties(int HouseholdId, string HerderId, string SponsorId, int AdoptionId);

/// <summary>
/// The demo programme with the visit use cases over it. Each test takes a household of its own (one of those whose
/// sheep the demo sponsors adopted) and gets a herder account for it, so tests never share an offer.
/// </summary>
public class VisitDatabase : SeededDatabase
{
    private readonly Queue<(int Household, int Adoption, string Sponsor)> households = new();
    private readonly SemaphoreSlim gate = new(1, 1);

    /// <summary>The first July after the demo day (29 Nov 2026): summer 2027.</summary>
    public static readonly DateOnly JulyFirst = new(2027, 7, 1);

    public VisitOptions Bounds { get; } = new();

    public VisitOffers Offers => new(DbFactory, Options.Create(Bounds), Calendar);

    public VisitRequests Requests => new(DbFactory, Calendar);

    public HerderVisits Herders => new(DbFactory, Options.Create(Bounds), Calendar);

    public SponsorVisits Sponsors => new(DbFactory, Calendar);

    public PaymentOptions PaymentBounds { get; } = new() { Providers = [SandboxPayments.ProviderName] };

    public SandboxPayments Sandbox => new(Options.Create(PaymentBounds), Clock);

    public VisitPayments Payments => new(DbFactory, [Sandbox], Options.Create(PaymentBounds), Calendar);

    public PaymentEvents Events => new(DbFactory, Calendar);

    /// <summary>The sandbox's signed webhook for the payment, through the same handling a provider's takes.</summary>
    public Task<NoticeResult> SendSandboxAsync(string type, string reference, long amountFen)
    {
        var (body, signature) = Sandbox.Event(type, reference, amountFen, "CNY");
        var reading = Sandbox.ReadWebhook(body, h => h == SandboxPayments.SignatureHeader ? signature : null);
        return Events.HandleAsync(reading.Notice ?? throw new InvalidOperationException(reading.Problem), body);
    }

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await using var db = await CreateDbContextAsync();
        var adoptions = await db.Adoptions.Where(a => a.Status == AdoptionStatus.Active && a.OrganisationOrderId == null)
            .Select(a => new { a.Sheep.HouseholdId, a.Id, a.SponsorUserId }).OrderBy(a => a.Id).ToListAsync();
        foreach (var first in adoptions.GroupBy(a => a.HouseholdId).Select(g => g.First()))
        {
            households.Enqueue((first.HouseholdId, first.Id, first.SponsorUserId));
        }
    }

    /// <summary>A household nobody else in the class uses, with a herder account of its own.</summary>
    public async Task<VisitParties> TakeHouseholdAsync()
    {
        await gate.WaitAsync();
        try
        {
            var (household, adoption, sponsor) = households.Dequeue();
            await using var db = await CreateDbContextAsync();
            var email = $"visit-herder-{household}@example.com";
            var herder = new ApplicationUser
            {
                UserName = email, NormalizedUserName = email.ToUpperInvariant(), Email = email, NormalizedEmail = email.ToUpperInvariant(),
                EmailConfirmed = true, DisplayName = "测试牧民", HerderHouseholdId = household, SecurityStamp = Guid.NewGuid().ToString("N"),
            };
            db.Users.Add(herder);
            await db.SaveChangesAsync();
            return new VisitParties(household, herder.Id, sponsor, adoption);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>July and August 2027, weekends, four guests a day, ¥200 an adult and ¥80 a child.</summary>
    public static VisitOfferInput SummerWeekends(int guestsPerDay = 4) => new(
        JulyFirst, new DateOnly(2027, 8, 31), VisitWeekdays.Weekend, guestsPerDay, VisitInclusions.FlockVisit | VisitInclusions.Meal,
        20_000, 8_000, "看羊、吃手把肉", "宝昌镇", PickUpOffered: true);

    public static VisitRequestInput Request(VisitParties parties, DateOnly day, int adults, int children = 0, string? key = null) => new(
        parties.AdoptionId, day, adults, children, "李喆", "13800138000", key ?? Guid.NewGuid().ToString("N"));

    /// <summary>How many guests the day's row counts, or null when the day has no row.</summary>
    public async Task<int?> BookedAsync(VisitParties parties, DateOnly day)
    {
        await using var db = await CreateDbContextAsync();
        return await db.VisitDays.Where(d => d.Offer.HouseholdId == parties.HouseholdId && d.Day == day)
            .Select(d => (int?)d.GuestsBooked).SingleOrDefaultAsync();
    }
}
