using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Sponsorship.Core.Adoptions;
using Sponsorship.Core.Certificates;
using Sponsorship.Core.Identity;
using Sponsorship.Core.Ledger;
using Sponsorship.Core.Mail;
using Sponsorship.Core.Payments;
using Sponsorship.Testing;

namespace Sponsorship.Core.Tests.Privacy;

/// <summary>A sponsor of the test's own with records of every kind the deletion and the export deal with.</summary>
internal sealed class PrivacyScene(TestDatabase database)
{
    public const string Password = "a long enough password";

    private readonly MoneyTestData money = new(database.DbFactory);

    public async Task<string> NewUserAsync(string email, string role = Roles.Sponsor, int? householdId = null)
    {
        await using var scope = database.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = new ApplicationUser
        {
            UserName = email, Email = email, EmailConfirmed = true, DisplayName = "王喆 Zoë", PhoneNumber = "13800138000",
            HerderHouseholdId = householdId,
        };
        Assert.True((await users.CreateAsync(user, Password)).Succeeded);
        Assert.True((await users.AddToRoleAsync(user, role)).Succeeded);
        return user.Id;
    }

    public async Task<int> HouseholdAsync(int number)
    {
        await using var db = await database.CreateDbContextAsync();
        return await db.Households.OrderBy(h => h.Id).Skip(number - 1).Select(h => h.Id).FirstAsync();
    }

    /// <summary>An active adoption with a delivery address, a meat box to send at the end and a certificate.</summary>
    public async Task<(int AdoptionId, string Serial)> ActiveAsync(string sponsorId, int household)
    {
        var paid = await money.AdoptAndPayAsync(await money.FreeSheepAsync(await HouseholdAsync(household)), sponsorId, 180_000, TestDatabase.Start.AddDays(-30));
        await using var db = await database.CreateDbContextAsync();
        var adoption = await db.Adoptions.SingleAsync(a => a.Id == paid.AdoptionId);
        adoption.NameOnCertificate = "王喆";
        adoption.ShowNameOnVerification = true;
        adoption.DeliveryAddress = "北京市朝阳区幸福路 1 号";
        adoption.EndOfTermChoice = EndOfTermOptions.MeatBox;
        var certificate = await CertificateIssuer.IssueAsync(db, adoption, TestDatabase.Start, database.Calendar);
        await db.SaveChangesAsync();
        return (adoption.Id, certificate.Serial);
    }

    /// <summary>An adoption already refunded (its remainder returned through the ledger).</summary>
    public async Task<int> RefundedAsync(string sponsorId, int household)
    {
        var paid = await money.AdoptAndPayAsync(await money.FreeSheepAsync(await HouseholdAsync(household)), sponsorId, 180_000, TestDatabase.Start.AddDays(-60));
        await LedgerWrites.RunAsync(database.DbFactory, async db =>
        {
            var adoption = await db.Adoptions.SingleAsync(a => a.Id == paid.AdoptionId);
            await ShareReleases.RefundRemainderAsync(db, adoption, TestDatabase.Start.AddDays(-20), TestDatabase.Start.AddDays(-20));
            adoption.Status = AdoptionStatus.Refunded;
            adoption.ClosedAt = TestDatabase.Start.AddDays(-20);
            return true;
        });
        return paid.AdoptionId;
    }

    /// <summary>A gift the sponsor bought for a friend who has not claimed it yet.</summary>
    public async Task<int> GiftInFlightAsync(string sponsorId, int household)
    {
        var paid = await money.AdoptAndPayAsync(await money.FreeSheepAsync(await HouseholdAsync(household)), sponsorId, 180_000, TestDatabase.Start.AddDays(-10));
        await using var db = await database.CreateDbContextAsync();
        var adoption = await db.Adoptions.SingleAsync(a => a.Id == paid.AdoptionId);
        adoption.GiftRecipientName = "李雷";
        adoption.GiftRecipientEmail = "li.lei@example.com";
        adoption.GiftRevealOn = DateOnly.FromDateTime(TestDatabase.Start.UtcDateTime).AddDays(5);
        adoption.GiftClaimTokenHash = "a-claim-token-hash";
        await db.SaveChangesAsync();
        return adoption.Id;
    }

    /// <summary>A gift someone else bought that the sponsor claimed.</summary>
    public async Task<int> GiftReceivedAsync(string sponsorId, string buyerId, int household)
    {
        var paid = await money.AdoptAndPayAsync(await money.FreeSheepAsync(await HouseholdAsync(household)), buyerId, 180_000, TestDatabase.Start.AddDays(-10));
        await using var db = await database.CreateDbContextAsync();
        var adoption = await db.Adoptions.SingleAsync(a => a.Id == paid.AdoptionId);
        adoption.SponsorUserId = sponsorId;
        adoption.GiftRecipientName = "王喆";
        adoption.GiftRecipientEmail = "zoe@example.com";
        adoption.GiftClaimedAt = TestDatabase.Start.AddDays(-2);
        await db.SaveChangesAsync();
        return adoption.Id;
    }

    /// <summary>A checkout the sponsor started and has not paid: the sheep held, the payment pending.</summary>
    public async Task<(int AdoptionId, int PaymentId)> PendingAsync(string sponsorId, int household)
    {
        var sheep = await money.FreeSheepAsync(await HouseholdAsync(household));
        await using var db = await database.CreateDbContextAsync();
        var plan = await db.AdoptionPlans.OrderBy(p => p.Id).FirstAsync();
        var rule = await SplitRules.InForceAsync(db, TestDatabase.Start);
        var key = Guid.NewGuid().ToString("N");
        var adoption = new Adoption
        {
            SheepId = sheep, SponsorUserId = sponsorId, BuyerUserId = sponsorId, PlanId = plan.Id, PriceFen = 180_000, TermMonths = 12,
            SplitRuleId = rule.Id, Status = AdoptionStatus.PendingPayment, NameOnCertificate = "王喆", DeathPolicy = DeathPolicy.DonateRemainder,
            CreatedAt = TestDatabase.Start, ReservedUntil = TestDatabase.Start.AddMinutes(30), IdempotencyKey = key, RequestHash = key,
        };
        var payment = new Payment
        {
            Adoption = adoption, Purpose = PaymentPurpose.Adoption, Provider = "sandbox", ProviderReference = key, AmountFen = 180_000,
            Status = PaymentStatus.Pending, CreatedAt = TestDatabase.Start, IdempotencyKey = key,
        };
        db.Payments.Add(payment);
        await db.SaveChangesAsync();
        return (adoption.Id, payment.Id);
    }

    /// <summary>One mail about the adoption already sent to the sponsor (with its subject) and one still waiting.</summary>
    public async Task<(long SentId, long WaitingId)> MailsAsync(string sponsorId, string email, int adoptionId)
    {
        await using var db = await database.CreateDbContextAsync();
        var sent = Outbox.Queue(db, new GrowthUpdatePayload(adoptionId, TestDatabase.Start.AddDays(-10)), email, "王喆", "zh-CN", TestDatabase.Start.AddDays(-3), sponsorId);
        sent.Status = OutboxStatus.Sent;
        sent.SentAt = TestDatabase.Start.AddDays(-3);
        sent.Subject = "您的羊长大了";
        var waiting = Outbox.Queue(db, new MonthlyDigestPayload(adoptionId, "2026-10"), email, "王喆", "zh-CN", TestDatabase.Start, sponsorId);
        await db.SaveChangesAsync();
        return (sent.Id, waiting.Id);
    }
}
