using Sponsorship.Core.Demo;
using Sponsorship.Core.Ledger;
using Sponsorship.Core.Payouts;
using Sponsorship.Testing;

namespace Sponsorship.Core.Tests.Payouts;

public class OwnershipTests : IClassFixture<SeededDatabase>
{
    private readonly SeededDatabase database;

    public OwnershipTests(SeededDatabase database) => this.database = database;

    [Fact]
    public async Task A_herder_sees_only_their_household_and_a_sponsor_only_their_money_trail()
    {
        var money = new MoneyTestData(database.DbFactory);
        var sponsorA = await money.UserIdAsync(DemoAccounts.Sponsor.Email);
        var sponsorB = await money.UserIdAsync(DemoAccounts.SecondSponsor.Email);
        var paid = await money.AdoptAndPayAsync(await money.FreeSheepAsync(1), sponsorA, 180_000, TestDatabase.Start.AddDays(-3));

        var earnings = new HerderEarnings(database.DbFactory);
        var herderA = await earnings.ForUserAsync(await money.UserIdAsync(DemoAccounts.Herder.Email));
        var herderB = await earnings.ForUserAsync(await money.UserIdAsync(DemoAccounts.SecondHerder.Email));
        Assert.Equal(1, herderA!.HouseholdId);
        Assert.Equal(32_400, herderA.AvailableFen);
        Assert.Equal(180_000 - 18_000 - 27_000 - 27_000 - 32_400, herderA.PendingFen);
        Assert.Equal(2, herderB!.HouseholdId);
        Assert.Equal(0, herderB.AvailableFen);
        Assert.Null(await earnings.ForUserAsync(sponsorA));

        await using var db = await database.CreateDbContextAsync();
        var trail = await MoneyTrail.ForAdoptionAsync(db, paid.AdoptionId, sponsorA);
        Assert.NotNull(trail);
        Assert.Equal(180_000, trail.PaidFen);
        Assert.Equal(32_400, Assert.Single(trail.Steps).HerderFen);
        Assert.Null(await MoneyTrail.ForAdoptionAsync(db, paid.AdoptionId, sponsorB));
        Assert.Null(await MoneyTrail.ForAdoptionAsync(db, paid.AdoptionId + 1000, sponsorA));
    }
}
