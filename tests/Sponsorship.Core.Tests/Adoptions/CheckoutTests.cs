using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Adoptions;
using Sponsorship.Core.Data;
using Sponsorship.Core.Payments;
using Xunit.Abstractions;

namespace Sponsorship.Core.Tests.Adoptions;

public class CheckoutTests(AdoptionDatabase database, ITestOutputHelper output) : IClassFixture<AdoptionDatabase>
{
    [Fact]
    public async Task Fifty_parallel_checkouts_of_one_sheep_reserve_it_exactly_once()
    {
        var sheepId = database.TakeFreeSheep();
        var retries = Contention.RetriesTaken;
        var watch = Stopwatch.StartNew();

        // Every checkout is held after its "is the sheep free?" check until all fifty have made it: each of them saw the
        // sheep free, so the unique filtered index is what lets one through.
        var race = await Race.RunAsync(50, i =>
            database.Checkout.PlaceAsync(database.Request(sheepId), i % 2 == 0 ? database.SponsorA : database.SponsorB, "/my"));

        output.WriteLine($"figure: 50 racing checkouts for one sheep on {database.Provider}: all answered in {watch.ElapsedMilliseconds} ms, {Contention.RetriesTaken - retries} retries");

        var results = race.Results;
        Assert.Equal(50, race.ReachedWrite);
        Assert.Single(results, r => r.Succeeded);
        Assert.Equal(49, results.Count(r => r.Error == CheckoutError.SheepTaken));
        await using var db = await database.CreateDbContextAsync();
        var held = await db.Adoptions.Where(a => a.SheepId == sheepId).ToListAsync();
        var adoption = Assert.Single(held);
        Assert.Equal(AdoptionStatus.PendingPayment, adoption.Status);
        Assert.Equal(1, await db.Payments.CountAsync(p => p.AdoptionId == adoption.Id));
    }

    [Fact]
    public async Task The_same_key_sent_many_times_at_once_gives_one_adoption()
    {
        var request = database.Request(database.TakeFreeSheep());
        var race = await Race.RunAsync(10, _ => database.Checkout.PlaceAsync(request, database.SponsorA, "/my"));

        var results = race.Results;
        Assert.Equal(10, race.ReachedWrite);
        Assert.All(results, r => Assert.True(r.Succeeded, r.Error.ToString()));
        Assert.Single(results.Select(r => r.AdoptionId).Distinct());
        Assert.Single(results.Select(r => r.PaymentReference).Distinct());
        await using var db = await database.CreateDbContextAsync();
        Assert.Equal(1, await db.Adoptions.CountAsync(a => a.IdempotencyKey == request.IdempotencyKey));
    }

    [Theory]
    [InlineData(AdoptionStatus.PendingPayment, AdoptionStatus.PendingPayment, false)]
    [InlineData(AdoptionStatus.Active, AdoptionStatus.PendingPayment, false)]
    [InlineData(AdoptionStatus.PendingPayment, AdoptionStatus.Active, false)]
    [InlineData(AdoptionStatus.Active, AdoptionStatus.Active, false)]
    [InlineData(AdoptionStatus.Ended, AdoptionStatus.PendingPayment, true)]
    [InlineData(AdoptionStatus.Replaced, AdoptionStatus.Active, true)]
    [InlineData(AdoptionStatus.Refunded, AdoptionStatus.PendingPayment, true)]
    [InlineData(AdoptionStatus.Cancelled, AdoptionStatus.Cancelled, true)]
    public async Task The_database_itself_lets_a_sheep_have_only_one_pending_or_active_adoption(
        AdoptionStatus first, AdoptionStatus second, bool allowed)
    {
        var sheepId = database.TakeFreeSheep();
        await using (var db = await database.CreateDbContextAsync())
        {
            db.Adoptions.Add(await DirectAdoptionAsync(db, sheepId, first));
            await db.SaveChangesAsync();
        }

        await using (var db = await database.CreateDbContextAsync())
        {
            db.Adoptions.Add(await DirectAdoptionAsync(db, sheepId, second));
            if (allowed)
            {
                await db.SaveChangesAsync();
            }
            else
            {
                await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
            }
        }

        await using var check = await database.CreateDbContextAsync();
        Assert.Equal(allowed ? 2 : 1, await check.Adoptions.CountAsync(a => a.SheepId == sheepId));
    }

    [Fact]
    public async Task The_same_key_with_a_different_request_is_refused()
    {
        var request = database.Request(database.TakeFreeSheep());
        Assert.True((await database.Checkout.PlaceAsync(request, database.SponsorA, "/my")).Succeeded);

        var changed = await database.Checkout.PlaceAsync(request with { NameOnCertificate = "Someone else" }, database.SponsorA, "/my");
        var otherSponsor = await database.Checkout.PlaceAsync(request, database.SponsorB, "/my");

        Assert.Equal(CheckoutError.KeyReused, changed.Error);
        Assert.Equal(CheckoutError.KeyReused, otherSponsor.Error);
    }

    [Fact]
    public async Task A_checkout_holds_the_sheep_with_a_snapshot_of_the_plan_and_the_rule_in_force()
    {
        var sheepId = database.TakeFreeSheep();
        var result = await database.Checkout.PlaceAsync(database.Request(sheepId), database.SponsorA, "/my");

        Assert.True(result.Succeeded);
        Assert.Equal($"/pay/sandbox/{result.PaymentReference}", result.RedirectUrl);
        await using var db = await database.CreateDbContextAsync();
        var adoption = await db.Adoptions.SingleAsync(a => a.Id == result.AdoptionId);
        Assert.Equal(database.PlanPrice, adoption.PriceFen);
        Assert.Equal(12, adoption.TermMonths);
        Assert.Equal(database.Clock.GetUtcNow().AddMinutes(15), adoption.ReservedUntil);
        Assert.Equal(await db.SplitRules.OrderByDescending(r => r.EffectiveFrom).Select(r => r.Id).FirstAsync(), adoption.SplitRuleId);

        // Changing the plan afterwards does not change the adoption.
        await db.AdoptionPlans.Where(p => p.Id == database.PlanId).ExecuteUpdateAsync(s => s.SetProperty(p => p.PriceFen, 1L));
        Assert.Equal(database.PlanPrice, await db.Adoptions.Where(a => a.Id == result.AdoptionId).Select(a => a.PriceFen).SingleAsync());
        await db.AdoptionPlans.Where(p => p.Id == database.PlanId).ExecuteUpdateAsync(s => s.SetProperty(p => p.PriceFen, database.PlanPrice));
    }

    [Fact]
    public async Task Bad_choices_are_refused_by_name_and_nothing_is_saved()
    {
        var sheepId = database.TakeFreeSheep();
        var request = database.Request(sheepId);

        Assert.Equal(CheckoutError.NameRequired, (await Place(request with { NameOnCertificate = "  " })).Error);
        Assert.Equal(CheckoutError.GiftEmailInvalid, (await Place(request with { GiftRecipientName = "王芳", GiftRecipientEmail = "not-an-email" })).Error);
        Assert.Equal(CheckoutError.GiftRevealDateInPast, (await Place(request with
        {
            GiftRecipientName = "王芳", GiftRecipientEmail = "wang@example.com", GiftRevealOn = new DateOnly(2020, 1, 1),
        })).Error);
        Assert.Equal(CheckoutError.DeliveryAddressRequired, (await Place(request with { EndOfTermChoice = EndOfTermOptions.MeatBox })).Error);
        Assert.Equal(CheckoutError.EndOfTermNotOffered, (await Place(request with { EndOfTermChoice = EndOfTermOptions.None })).Error);
        Assert.Equal(CheckoutError.ProviderUnavailable, (await Place(request with { Provider = "paypal" })).Error);
        Assert.Equal(CheckoutError.PlanUnavailable, (await Place(request with { PlanId = 9999 })).Error);
        Assert.Equal(CheckoutError.SheepNotFound, (await Place(request with { SheepId = 999_999 })).Error);

        await using var db = await database.CreateDbContextAsync();
        Assert.False(await db.Adoptions.AnyAsync(a => a.SheepId == sheepId));

        Task<CheckoutResult> Place(CheckoutRequest r) =>
            database.Checkout.PlaceAsync(r with { IdempotencyKey = Guid.NewGuid().ToString("N") }, database.SponsorA, "/my");
    }

    [Fact]
    public async Task A_sheep_that_has_left_the_flock_cannot_be_adopted()
    {
        var sheepId = database.TakeFreeSheep();
        await using var db = await database.CreateDbContextAsync();
        await db.Sheep.Where(s => s.Id == sheepId).ExecuteUpdateAsync(s => s.SetProperty(x => x.ArchivedAt, database.Clock.GetUtcNow()));

        Assert.Equal(CheckoutError.SheepUnavailable, (await database.Checkout.PlaceAsync(database.Request(sheepId), database.SponsorA, "/my")).Error);
    }

    [Fact]
    public async Task A_lapsed_reservation_is_released_by_the_job_and_the_sheep_can_be_adopted_again()
    {
        var sheepId = database.TakeFreeSheep();
        var first = await database.Checkout.PlaceAsync(database.Request(sheepId), database.SponsorA, "/my");
        var expiry = new ReservationExpiry(database.DbFactory, database.Clock);

        database.Clock.Advance(TimeSpan.FromMinutes(14));
        var early = await expiry.RunAsync();
        Assert.Equal(CheckoutError.SheepTaken, (await database.Checkout.PlaceAsync(database.Request(sheepId), database.SponsorB, "/my")).Error);

        database.Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.True(await expiry.RunAsync() >= 1);
        var second = await database.Checkout.PlaceAsync(database.Request(sheepId), database.SponsorB, "/my");

        Assert.Equal(0, early);
        Assert.True(second.Succeeded);
        await using var db = await database.CreateDbContextAsync();
        Assert.Equal(AdoptionStatus.Cancelled, await db.Adoptions.Where(a => a.Id == first.AdoptionId).Select(a => a.Status).SingleAsync());
        Assert.Equal(PaymentStatus.Expired, await db.Payments.Where(p => p.AdoptionId == first.AdoptionId).Select(p => p.Status).SingleAsync());
    }

    /// <summary>An adoption written straight to the database, past every check of the checkout.</summary>
    private async Task<Adoption> DirectAdoptionAsync(SponsorshipDbContext db, int sheepId, AdoptionStatus status)
    {
        var key = Guid.NewGuid().ToString("N");
        return new Adoption
        {
            SheepId = sheepId, SponsorUserId = database.SponsorA, BuyerUserId = database.SponsorA, PlanId = database.PlanId,
            PriceFen = database.PlanPrice, TermMonths = 12, SplitRuleId = await db.SplitRules.Select(r => r.Id).FirstAsync(),
            Status = status, NameOnCertificate = "李喆", DeathPolicy = DeathPolicy.Replacement, CreatedAt = database.Clock.GetUtcNow(),
            IdempotencyKey = key, RequestHash = key,
        };
    }
}
