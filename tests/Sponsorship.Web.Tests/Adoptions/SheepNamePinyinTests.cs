using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Sponsorship.Core.Adoptions;
using Sponsorship.Core.Data;
using Sponsorship.Core.Demo;
using Sponsorship.Core.Flock;
using Sponsorship.Core.Payments;
using Sponsorship.Testing;

namespace Sponsorship.Web.Tests.Adoptions;

/// <summary>
/// The pages that name a sponsored sheep beyond its profile (paying, the office's lists, a gift, a herder's earnings, an
/// organisation's order) write 云朵 · Yunduo in English and 云朵 alone in Chinese.
/// </summary>
[Collection(SharedApp.Name)]
public sealed class SheepNamePinyinTests(SponsorshipAppFactory app)
{
    private const string Name = "云朵";
    private const string Latin = "Yunduo";

    [Theory]
    [InlineData("en")]
    [InlineData("zh-CN")]
    public async Task The_pages_of_a_bank_transfer_and_the_offices_lists_carry_the_pinyin_in_English_only(string culture)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var placed = await PlaceBankTransferAsync(scope);
        var token = GiftClaims.NewToken();
        await using (var db = await DbAsync(scope))
        {
            var sheepId = await db.Adoptions.Where(a => a.Id == placed.AdoptionId).Select(a => a.SheepId).SingleAsync();
            await RenameAsync(db, sheepId);
            await db.Adoptions.Where(a => a.Id == placed.AdoptionId).ExecuteUpdateAsync(set => set
                .SetProperty(a => a.Fulfilment, FulfilmentStatus.Due)
                .SetProperty(a => a.GiftClaimTokenHash, GiftClaims.Hash(token)));
            db.AnimalLogs.Add(new AnimalLog
            {
                SheepId = sheepId, Kind = LogKind.Weighing, QuantityKg = 41.5m, At = Now, RecordedAt = Now.AddYears(1),
                IdempotencyKey = Guid.NewGuid().ToString("N"), Review = ReviewStatus.Pending,
            });
            await db.SaveChangesAsync();
        }

        var sponsor = await SignedInAsync(DemoAccounts.Sponsor, culture);
        var admin = await SignedInAsync(DemoAccounts.Admin, culture);
        var friend = await SignedInAsync(DemoAccounts.SecondSponsor, culture);

        AssertNamed(culture, await PageAsync(sponsor, $"/my/payments/{placed.PaymentReference}/bank-transfer"));
        AssertNamed(culture, await PageAsync(sponsor, $"/my/payments/{placed.PaymentReference}/return"));
        AssertNamed(culture, await PageAsync(admin, "/admin/payments"));
        AssertNamed(culture, await PageAsync(admin, "/admin/fulfilment"));
        AssertNamed(culture, await PageAsync(admin, "/admin/review"));
        AssertNamed(culture, await PageAsync(friend, $"/gifts/claim/{token}"));
    }

    [Theory]
    [InlineData("en")]
    [InlineData("zh-CN")]
    public async Task A_herders_earnings_and_an_organisations_order_carry_the_pinyin_in_English_only(string culture)
    {
        int orderId, organisationId;
        await using var scope = app.Services.CreateAsyncScope();
        await using (var db = await DbAsync(scope))
        {
            // Paid, so the herder's share of it is released and the earnings page lists it.
            var household = await db.Users.Where(u => u.Email == DemoAccounts.Herder.Email).Select(u => u.HerderHouseholdId!.Value).SingleAsync();
            var money = MoneyTestData.For(scope.ServiceProvider);
            var paid = await money.AdoptAndPayAsync(
                await money.FreeSheepAsync(household), await money.UserIdAsync(DemoAccounts.Sponsor.Email), 180_000, Now.AddDays(-3));
            await RenameAsync(db, paid.SheepId);

            var ordered = await (
                from a in db.Adoptions
                join o in db.OrganisationOrders on a.OrganisationOrderId equals o.Id
                where a.Status != AdoptionStatus.Cancelled
                orderby a.Id
                select new { a.SheepId, OrderId = o.Id, o.OrganisationId }).FirstAsync();
            await RenameAsync(db, ordered.SheepId);
            (orderId, organisationId) = (ordered.OrderId, ordered.OrganisationId);
        }

        AssertNamed(culture, await PageAsync(await SignedInAsync(DemoAccounts.Herder, culture), "/herder/earnings"));
        AssertNamed(culture, await PageAsync(await SignedInAsync(DemoAccounts.OrganisationContact, culture), $"/organisations/{organisationId}/orders/{orderId}"));
    }

    private static void AssertNamed(string culture, string html)
    {
        if (culture == "en")
        {
            Assert.Contains($"{Name} · {Latin}", html, StringComparison.Ordinal);
        }
        else
        {
            Assert.Contains(Name, html, StringComparison.Ordinal);
            Assert.DoesNotContain(Latin, html, StringComparison.Ordinal);
        }
    }

    private static async Task<string> PageAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path} answered {(int)response.StatusCode}");
        return WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
    }

    private async Task<HttpClient> SignedInAsync(DemoAccount account, string culture)
    {
        var client = await HttpTestClient.SignedInAsync(app, account.Email, DemoAccounts.Password);
        await client.GetAsync($"/language?culture={culture}&returnUrl=/");
        return client;
    }

    private DateTimeOffset Now => app.Services.GetRequiredService<TimeProvider>().GetUtcNow();

    private static Task<SponsorshipDbContext> DbAsync(AsyncServiceScope scope) =>
        scope.ServiceProvider.GetRequiredService<IDbContextFactory<SponsorshipDbContext>>().CreateDbContextAsync();

    private static Task<int> RenameAsync(SponsorshipDbContext db, int sheepId) =>
        db.Sheep.Where(s => s.Id == sheepId).ExecuteUpdateAsync(set => set.SetProperty(s => s.Name, Name).SetProperty(s => s.NameLatin, Latin));

    private static async Task<CheckoutResult> PlaceBankTransferAsync(AsyncServiceScope scope)
    {
        string sponsor;
        int planId;
        List<int> free;
        await using (var db = await DbAsync(scope))
        {
            sponsor = await db.Users.Where(u => u.Email == DemoAccounts.Sponsor.Email).Select(u => u.Id).SingleAsync();
            planId = await db.AdoptionPlans.Where(p => p.IsActive).OrderBy(p => p.Id).Select(p => p.Id).FirstAsync();
            var held = db.Adoptions.Where(Adoption.HoldsSheep).Select(a => a.SheepId);
            free = await db.Sheep.Where(s => s.ArchivedAt == null && !held.Contains(s.Id)).OrderByDescending(s => s.Id).Select(s => s.Id).Take(50).ToListAsync();
        }

        foreach (var sheepId in free.OrderBy(_ => Random.Shared.Next()))
        {
            var request = new CheckoutRequest(
                sheepId, planId, "李喆", EndOfTermOptions.NothingFurther, DeathPolicy.Replacement, BankTransferPayments.ProviderName, "zh-CN", Guid.NewGuid().ToString("N"));
            var placed = await scope.ServiceProvider.GetRequiredService<Checkout>().PlaceAsync(request, sponsor, "/my");
            if (placed.Succeeded)
            {
                return placed;
            }
        }

        throw new InvalidOperationException("No free sheep to check out.");
    }
}
