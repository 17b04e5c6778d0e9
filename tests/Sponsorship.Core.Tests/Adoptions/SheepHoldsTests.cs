using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Adoptions;
using Sponsorship.Core.Organisations;

namespace Sponsorship.Core.Tests.Adoptions;

/// <summary>One rule for which sheep can be newly adopted: every place that offers or takes a sheep reads it.</summary>
public class SheepHoldsTests(AdoptionDatabase database) : IClassFixture<AdoptionDatabase>
{
    public enum Hold
    {
        PendingAdoption,
        ActiveAdoption,
        ReportedDead,
    }

    [Theory]
    [InlineData(Hold.PendingAdoption)]
    [InlineData(Hold.ActiveAdoption)]
    [InlineData(Hold.ReportedDead)]
    public async Task A_sheep_with_a_pending_adoption_an_active_one_or_a_reported_death_is_offered_nowhere_and_refused_everywhere(Hold hold)
    {
        // An adoption waiting for a replacement, offered the sheep under test while it is free.
        var (awaiting, _) = await database.AdoptAsync();
        await database.ConfirmDeathAsync(awaiting);
        var sheepId = (await database.Replacements().ChoicesAsync(awaiting, database.SponsorA))!.Candidates[0].Id;
        // A checkout of that sheep whose payment was declined, so its money comes back late.
        var declined = await database.Checkout.PlaceAsync(database.Request(sheepId), database.SponsorB, "/my");
        Assert.StartsWith("declined", (await database.SendSandboxAsync("payment.declined", declined.PaymentReference, database.PlanPrice)).Outcome, StringComparison.Ordinal);
        Assert.Equal(SheepStanding.Free, await Choices.StandingAsync(sheepId));
        Assert.Contains(sheepId, await FreeForOrdersAsync());

        var standing = await HoldAsync(hold, sheepId);

        // The checkout's choices and the checkout itself.
        Assert.Equal(standing, await Choices.StandingAsync(sheepId));
        var checkout = await database.Checkout.PlaceAsync(database.Request(sheepId), database.SponsorB, "/my");
        Assert.Equal(standing == SheepStanding.Held ? CheckoutError.SheepTaken : CheckoutError.SheepRemovalPending, checkout.Error);
        // Organisation orders: neither spread over it nor accepted by hand.
        Assert.DoesNotContain(sheepId, await FreeForOrdersAsync());
        await using (var db = await database.CreateDbContextAsync())
        {
            Assert.Equal(
                standing == SheepStanding.Held ? OrderError.SheepTaken : OrderError.SheepUnavailable,
                (await OrderSheep.CheckChosenAsync(db, [sheepId])).Error);
        }

        // Replacements: no longer offered, and refused when chosen.
        Assert.DoesNotContain((await database.Replacements().ChoicesAsync(awaiting, database.SponsorA))!.Candidates, c => c.Id == sheepId);
        Assert.Equal(
            standing == SheepStanding.Held ? ReplacementError.SheepTaken : ReplacementError.SheepUnavailable,
            (await database.Replacements().ChooseAsync(awaiting, database.SponsorA, sheepId)).Error);
        // Payment notices: the declined checkout's money, captured late, does not reopen it.
        Assert.StartsWith("flagged", (await database.SendSandboxAsync("payment.captured", declined.PaymentReference, database.PlanPrice)).Outcome, StringComparison.Ordinal);
        await using var check = await database.CreateDbContextAsync();
        Assert.Equal(AdoptionStatus.Cancelled, await check.Adoptions.Where(a => a.Id == declined.AdoptionId).Select(a => a.Status).SingleAsync());
    }

    private CheckoutChoices Choices => new(database.DbFactory, Microsoft.Extensions.Options.Options.Create(database.Options));

    private async Task<SheepStanding> HoldAsync(Hold hold, int sheepId)
    {
        switch (hold)
        {
            case Hold.ReportedDead:
                await database.ReportDeathAsync(sheepId);
                return SheepStanding.RemovalPending;
            case Hold.ActiveAdoption:
                await database.AdoptAsync(request: database.Request(sheepId));
                return SheepStanding.Held;
            default:
                Assert.True((await database.Checkout.PlaceAsync(database.Request(sheepId), database.SponsorA, "/my")).Succeeded);
                return SheepStanding.Held;
        }
    }

    private async Task<List<int>> FreeForOrdersAsync()
    {
        await using var db = await database.CreateDbContextAsync();
        return [.. (await OrderSheep.FreeAsync(db)).Select(c => c.SheepId)];
    }
}
