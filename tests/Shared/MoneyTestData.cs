using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Sponsorship.Core.Adoptions;
using Sponsorship.Core.Data;
using Sponsorship.Core.Ledger;
using Sponsorship.Core.Payments;

namespace Sponsorship.Testing;

/// <summary>An adoption with one captured payment, as a test created it.</summary>
public sealed record PaidAdoption(int AdoptionId, int PaymentId, int SheepId, int HouseholdId);

/// <summary>
/// Creates adoptions with captured payments straight in the database and posts them as checkout will: the capture
/// (<c>capture:payment:{id}</c>, psp:clearing → deferred) and the activation release, through the real LedgerBook.
/// Linked into the Core, Web and browser test projects.
/// </summary>
public sealed class MoneyTestData(IDbContextFactory<SponsorshipDbContext> dbFactory)
{
    public static MoneyTestData For(IServiceProvider scopedServices) => new(scopedServices.GetRequiredService<IDbContextFactory<SponsorshipDbContext>>());

    public async Task<string> UserIdAsync(string email)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        return await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
    }

    /// <summary>The first living sheep of the household that has no pending or active adoption.</summary>
    public async Task<int> FreeSheepAsync(int householdId)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        return await db.Sheep.Where(s => s.HouseholdId == householdId && s.ArchivedAt == null
                && !db.Adoptions.Where(Adoption.HoldsSheep).Any(a => a.SheepId == s.Id))
            .OrderBy(s => s.Id).Select(s => s.Id).FirstAsync();
    }

    public async Task<PaidAdoption> AdoptAndPayAsync(int sheepId, string sponsorUserId, long priceFen, DateTimeOffset start, int termMonths = 12, bool activate = true)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        await SplitRules.EnsureInitialAsync(db, start);
        var rule = await SplitRules.InForceAsync(db, start);
        var plan = await db.AdoptionPlans.OrderBy(p => p.Id).FirstOrDefaultAsync();
        if (plan is null)
        {
            plan = new AdoptionPlan { NameZh = "一年认养", NameEn = "One year", TermMonths = 12, PriceFen = 180_000, IsActive = true, CreatedAt = start, EndOfTermOptions = EndOfTermOptions.NothingFurther };
            db.AdoptionPlans.Add(plan);
            await db.SaveChangesAsync();
        }

        var key = Guid.NewGuid().ToString("N");
        var adoption = new Adoption
        {
            SheepId = sheepId, SponsorUserId = sponsorUserId, BuyerUserId = sponsorUserId, PlanId = plan.Id, PriceFen = priceFen, TermMonths = termMonths,
            SplitRuleId = rule.Id, Status = AdoptionStatus.Active, NameOnCertificate = "Test", DeathPolicy = DeathPolicy.DonateRemainder,
            CreatedAt = start, StartAt = start, EndAt = start.AddMonths(termMonths), IdempotencyKey = key, RequestHash = key,
        };
        db.Adoptions.Add(adoption);
        await db.SaveChangesAsync();
        var payment = await PayAsync(adoption, priceFen, start, termMonths, activate);
        var householdId = await db.Sheep.Where(s => s.Id == sheepId).Select(s => s.HouseholdId).SingleAsync();
        return new PaidAdoption(adoption.Id, payment, sheepId, householdId);
    }

    /// <summary>A captured payment for one more term (a renewal when the adoption has one already), posted and activated.</summary>
    public async Task<int> PayAsync(Adoption adoption, long amountFen, DateTimeOffset termStart, int termMonths, bool activate = true)
    {
        ArgumentNullException.ThrowIfNull(adoption);
        await using var db = await dbFactory.CreateDbContextAsync();
        var key = Guid.NewGuid().ToString("N");
        var payment = new Payment
        {
            AdoptionId = adoption.Id, Purpose = PaymentPurpose.Adoption, Provider = "sandbox", ProviderReference = key, AmountFen = amountFen,
            Status = PaymentStatus.Captured, CreatedAt = termStart, CapturedAt = termStart, TermStart = termStart, TermEnd = termStart.AddMonths(termMonths),
            IdempotencyKey = key,
        };
        db.Payments.Add(payment);
        await db.SaveChangesAsync();
        await LedgerWrites.RunAsync(dbFactory, async tx =>
        {
            await LedgerBook.PostAsync(tx, new LedgerPosting(LedgerKeys.Capture(payment.Id), LedgerKinds.Capture, $"payment:{payment.Id}",
                [new(LedgerAccounts.PspClearing, -amountFen), new(LedgerAccounts.AdoptionDeferred(adoption.Id), amountFen)], adoption.Id), termStart);
            if (activate)
            {
                var tracked = await tx.Adoptions.SingleAsync(a => a.Id == adoption.Id);
                var trackedPayment = await tx.Payments.SingleAsync(p => p.Id == payment.Id);
                await ShareReleases.ReleaseActivationAsync(tx, tracked, trackedPayment, termStart);
            }

            return true;
        });
        return payment.Id;
    }

    public async Task<Adoption> AdoptionAsync(int adoptionId)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        return await db.Adoptions.AsNoTracking().SingleAsync(a => a.Id == adoptionId);
    }

    public async Task<long> BalanceAsync(string code)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        return await LedgerBook.BalanceAsync(db, code);
    }
}
