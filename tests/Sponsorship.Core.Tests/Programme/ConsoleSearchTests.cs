using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Flock;
using Sponsorship.Core.Payouts;
using Sponsorship.Core.Programme;
using Sponsorship.Testing;

namespace Sponsorship.Core.Tests.Programme;

/// <summary>The console's search box over the demo programme: each kind of record by what the office types.</summary>
public sealed class ConsoleSearchTests(SeededDatabaseWithoutMoney database) : IClassFixture<SeededDatabaseWithoutMoney>
{
    private ConsoleSearch Search => new(database.DbFactory, new SheepRegister(database.DbFactory, database.Clock));

    [Fact]
    public async Task The_last_digits_of_an_ear_tag_find_the_sheep_and_a_retired_tag_still_finds_it()
    {
        var flock = new FlockTestData(database.DbFactory);
        var (sheepId, oldTag) = await flock.LivingSheepAsync(await flock.HouseholdIdAsync(2), index: 1);
        var newTag = await flock.RetagAsync(sheepId, 88_123_457, database.Clock.GetUtcNow());

        var byNew = await Search.FindAsync(database.AdminId, newTag[^7..]);
        var byOld = await Search.FindAsync(database.AdminId, oldTag[^8..]);

        Assert.Equal(newTag, Assert.Single(byNew!.Sheep, s => s.Id == sheepId).EarTag);
        Assert.Contains(byOld!.Sheep, s => s.Id == sheepId);
    }

    [Fact]
    public async Task A_payout_reference_a_person_and_a_household_are_found_by_part_of_what_they_are_called_in_any_case()
    {
        var reference = "PB-SEARCH-" + Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();
        int householdId;
        await using (var db = await database.CreateDbContextAsync())
        {
            var household = await db.Households.OrderBy(h => h.Id).FirstAsync();
            householdId = household.Id;
            var batch = new PayoutBatch { Reference = reference, PeriodEnd = database.Calendar.Today, CreatedAt = database.Clock.GetUtcNow(), CreatedByUserId = database.AdminId };
            batch.Lines.Add(new PayoutLine { HouseholdId = household.Id, AmountFen = 32_400, Reference = reference + "-1" });
            db.PayoutBatches.Add(batch);
            await db.SaveChangesAsync();
        }

        var line = await Search.FindAsync(database.AdminId, reference.ToLowerInvariant() + "-1");
        var person = await Search.FindAsync(database.AdminId, "TEST-ADMIN2@");
        string head;
        await using (var db = await database.CreateDbContextAsync())
        {
            head = await db.Households.Where(h => h.Id == householdId).Select(h => h.HeadName).SingleAsync();
        }

        var household2 = await Search.FindAsync(database.AdminId, head);

        Assert.Equal(32_400, Assert.Single(line!.PayoutLines).AmountFen);
        Assert.Equal("test-admin2@example.com", Assert.Single(person!.People).Email);
        Assert.Contains(household2!.Households, h => h.Id == householdId);
    }

    [Fact]
    public async Task A_percent_sign_is_taken_literally_and_a_single_character_searches_nothing()
    {
        var wildcard = await Search.FindAsync(database.AdminId, "%%");
        var single = await Search.FindAsync(database.AdminId, "3");

        Assert.True(wildcard!.Empty);
        Assert.True(single!.Empty);
        Assert.Null(await Search.FindAsync("not-an-admin", "3152"));
    }
}
