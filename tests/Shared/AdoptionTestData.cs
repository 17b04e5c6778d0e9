using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Adoptions;
using Sponsorship.Core.Data;
using Sponsorship.Core.Ledger;
using Sponsorship.Core.Payments;

namespace Sponsorship.Testing;

/// <summary>
/// Adoptions written straight into the database (a plan, a split rule, the adoption and its captured payment), for tests
/// of what happens to an adopted sheep before the checkout exists in them.
/// </summary>
public sealed class AdoptionTestData(IDbContextFactory<SponsorshipDbContext> dbFactory)
{
    public async Task<string> UserIdAsync(string email)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        return await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
    }

    public async Task<int> ActiveAdoptionAsync(
        int sheepId, string sponsorUserId, DateTimeOffset start, DeathPolicy deathPolicy = DeathPolicy.Replacement,
        string? giftRecipientName = null, string? giftRecipientEmail = null, EndOfTermOptions endOfTerm = EndOfTermOptions.MeatBox)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        var plan = await db.AdoptionPlans.OrderBy(p => p.Id).FirstOrDefaultAsync();
        if (plan is null)
        {
            plan = new AdoptionPlan
            {
                NameZh = "一年认养", NameEn = "One year", DescriptionZh = "认养一只羊一年", DescriptionEn = "One sheep for a year",
                TermMonths = 12, PriceFen = 180_000, EndOfTermOptions = EndOfTermOptions.MeatBox | EndOfTermOptions.Wool | EndOfTermOptions.NothingFurther,
                IsActive = true, CreatedAt = start,
            };
            db.AdoptionPlans.Add(plan);
        }

        var rule = await db.SplitRules.OrderBy(r => r.Id).FirstOrDefaultAsync();
        if (rule is null)
        {
            rule = new SplitRule
            {
                Version = 1, EffectiveFrom = start.AddYears(-1), HerderBasisPoints = 7000, VillageBasisPoints = 1000, CooperativeBasisPoints = 500,
                PlatformBasisPoints = 1500, ActivationTrancheBasisPoints = 3000, CareTrancheBasisPoints = 4000, CareMinDays = 30, CreatedAt = start,
            };
            db.SplitRules.Add(rule);
        }

        await db.SaveChangesAsync();
        var sponsorName = await db.Users.Where(u => u.Id == sponsorUserId).Select(u => u.DisplayName).SingleAsync();
        var adoption = new Adoption
        {
            SheepId = sheepId, SponsorUserId = sponsorUserId, BuyerUserId = sponsorUserId, PlanId = plan.Id, PriceFen = plan.PriceFen,
            TermMonths = plan.TermMonths, SplitRuleId = rule.Id, Status = AdoptionStatus.Active, NameOnCertificate = sponsorName,
            EndOfTermChoice = endOfTerm, DeathPolicy = deathPolicy, CreatedAt = start, StartAt = start, EndAt = start.AddMonths(plan.TermMonths),
            GiftRecipientName = giftRecipientName, GiftRecipientEmail = giftRecipientEmail,
            GiftRevealOn = giftRecipientEmail is null ? null : DateOnly.FromDateTime(start.UtcDateTime),
            IdempotencyKey = Guid.NewGuid().ToString("N"), RequestHash = "test",
        };
        db.Adoptions.Add(adoption);
        await db.SaveChangesAsync();
        db.Payments.Add(new Payment
        {
            AdoptionId = adoption.Id, Purpose = PaymentPurpose.Adoption, Provider = "sandbox", ProviderReference = Guid.NewGuid().ToString("N"),
            AmountFen = adoption.PriceFen, Status = PaymentStatus.Captured, CreatedAt = start, CapturedAt = start, TermStart = start,
            TermEnd = adoption.EndAt, IdempotencyKey = Guid.NewGuid().ToString("N"),
        });
        await db.SaveChangesAsync();
        return adoption.Id;
    }
}
