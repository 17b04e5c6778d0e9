using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Flock;

namespace Sponsorship.Core.Tests.Flock;

public class VillageAndHouseholdAdminTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    private readonly VillageAdmin villages = new(database.DbFactory, database.Clock);
    private readonly HouseholdAdmin households = new(database.DbFactory, database.Clock);

    [Fact]
    public async Task A_village_is_created_listed_and_renamed()
    {
        var name = Unique("村");

        var created = await villages.CreateAsync(new VillageInput($"  {name} ", " Hongqi "));

        Assert.True(created.Succeeded);
        var row = Assert.Single(await villages.ListAsync(), v => v.Id == created.Id);
        Assert.Equal((name, "Hongqi", 0, (DateTimeOffset?)null), (row.Name, row.NameLatin, row.ActiveHouseholds, row.ArchivedAt));

        var renamed = await villages.UpdateAsync(created.Id, new VillageInput(name + "新", "Hongqi New"));
        Assert.True(renamed.Succeeded);
        Assert.Equal("Hongqi New", (await villages.ListAsync()).Single(v => v.Id == created.Id).NameLatin);
    }

    [Theory]
    [InlineData("", "Latin", RegisterError.NameRequired)]
    [InlineData("   ", "Latin", RegisterError.NameRequired)]
    [InlineData("名字", " ", RegisterError.LatinNameRequired)]
    public async Task A_village_needs_both_names(string name, string latin, RegisterError expected)
    {
        var before = await CountAsync<Village>();

        Assert.Equal(expected, (await villages.CreateAsync(new VillageInput(name, latin))).Error);
        Assert.Equal(before, await CountAsync<Village>());
    }

    [Fact]
    public async Task A_name_longer_than_the_column_is_refused()
    {
        Assert.Equal(RegisterError.NameTooLong, (await villages.CreateAsync(new VillageInput(new string('村', 65), "Long"))).Error);
    }

    [Fact]
    public async Task Two_villages_cannot_share_a_Chinese_name_even_when_one_is_archived()
    {
        var name = Unique("村");
        var first = await villages.CreateAsync(new VillageInput(name, "First"));
        var other = await villages.CreateAsync(new VillageInput(Unique("村"), "Other"));

        Assert.Equal(RegisterError.NameTaken, (await villages.CreateAsync(new VillageInput(name, "Second"))).Error);
        Assert.Equal(RegisterError.NameTaken, (await villages.UpdateAsync(other.Id, new VillageInput(name, "Other"))).Error);
        Assert.True((await villages.ArchiveAsync(first.Id)).Succeeded);
        Assert.Equal(RegisterError.NameTaken, (await villages.CreateAsync(new VillageInput(name, "Third"))).Error);

        // Keeping its own name while editing is not a clash.
        Assert.True((await villages.UpdateAsync(other.Id, new VillageInput((await NameOfAsync(other.Id))!, "Other renamed"))).Succeeded);
    }

    [Fact]
    public async Task A_village_with_active_households_cannot_be_archived_until_they_are()
    {
        var village = await villages.CreateAsync(new VillageInput(Unique("村"), "Busy"));
        var a = await households.CreateAsync(NewHousehold(village.Id));
        var b = await households.CreateAsync(NewHousehold(village.Id));

        var refused = await villages.ArchiveAsync(village.Id);

        Assert.Equal((RegisterError.VillageHasHouseholds, 2), (refused.Error, refused.Count));
        Assert.True((await households.ArchiveAsync(a.Id)).Succeeded);
        Assert.Equal(1, (await villages.ArchiveAsync(village.Id)).Count);
        Assert.True((await households.ArchiveAsync(b.Id)).Succeeded);
        Assert.True((await villages.ArchiveAsync(village.Id)).Succeeded);

        Assert.DoesNotContain(await villages.ListAsync(), v => v.Id == village.Id);
        var archived = Assert.Single(await villages.ListAsync(includeArchived: true), v => v.Id == village.Id);
        Assert.Equal(database.Clock.GetUtcNow(), archived.ArchivedAt);
        Assert.Equal(RegisterError.AlreadyArchived, (await villages.ArchiveAsync(village.Id)).Error);

        // Nothing can join an archived village; restoring it opens it again.
        Assert.Equal(RegisterError.VillageArchived, (await households.CreateAsync(NewHousehold(village.Id))).Error);
        Assert.Equal(RegisterError.VillageArchived, (await households.RestoreAsync(a.Id)).Error);
        Assert.True((await villages.RestoreAsync(village.Id)).Succeeded);
        Assert.True((await households.RestoreAsync(a.Id)).Succeeded);
        Assert.Equal(RegisterError.NotArchived, (await villages.RestoreAsync(village.Id)).Error);
    }

    [Fact]
    public async Task Unknown_ids_are_not_found()
    {
        Assert.Equal(RegisterError.NotFound, (await villages.UpdateAsync(int.MaxValue, new VillageInput("名", "Name"))).Error);
        Assert.Equal(RegisterError.NotFound, (await villages.ArchiveAsync(int.MaxValue)).Error);
        Assert.Equal(RegisterError.NotFound, (await households.ArchiveAsync(int.MaxValue)).Error);
        Assert.Equal(RegisterError.NotFound, (await households.UpdateAsync(int.MaxValue, NewHousehold(1))).Error);
        Assert.Equal(RegisterError.UnknownVillage, (await households.CreateAsync(NewHousehold(int.MaxValue))).Error);
    }

    [Fact]
    public async Task A_household_is_listed_with_its_account_masked_and_its_living_sheep_counted()
    {
        var village = await villages.CreateAsync(new VillageInput(Unique("村"), "Listing"));
        var created = await households.CreateAsync(new HouseholdInput(village.Id, " 乌兰 ", "Ulaan", "+86 139 0000 1234", "6228 4800 1234 5678 901", Trusted: true));
        await AddSheepAsync(created.Id, living: 2, archived: 1);

        var row = Assert.Single(await households.ListAsync(new HouseholdFilter(VillageId: village.Id)));

        Assert.Equal(("乌兰", "Ulaan", "+86 139 0000 1234", "•••• 8901", true, 2), (row.HeadName, row.HeadNameLatin, row.Phone, row.MaskedAccount, row.Trusted, row.LivingSheep));
        Assert.DoesNotContain("6228", row.MaskedAccount, StringComparison.Ordinal);
        await using var db = await database.CreateDbContextAsync();
        Assert.Equal("6228480012345678901", await db.Households.Where(h => h.Id == created.Id).Select(h => h.PayoutAccount).SingleAsync());
    }

    [Fact]
    public async Task Editing_without_a_new_account_keeps_the_one_on_file()
    {
        var village = await villages.CreateAsync(new VillageInput(Unique("村"), "Edit"));
        var created = await households.CreateAsync(new HouseholdInput(village.Id, "图雅", "Tuya", "", "622848001111", false));

        var edited = await households.UpdateAsync(created.Id, new HouseholdInput(village.Id, "图雅", "Tuya", "13900001111", PayoutAccount: "  ", Trusted: true));

        Assert.True(edited.Succeeded);
        await using var db = await database.CreateDbContextAsync();
        var household = await db.Households.SingleAsync(h => h.Id == created.Id);
        Assert.Equal(("622848001111", "13900001111", true), (household.PayoutAccount, household.Phone, household.Trusted));

        Assert.True((await households.UpdateAsync(created.Id, new HouseholdInput(village.Id, "图雅", "Tuya", "", "6228480099998888", true))).Succeeded);
        await using var again = await database.CreateDbContextAsync();
        Assert.Equal("6228480099998888", await again.Households.Where(h => h.Id == created.Id).Select(h => h.PayoutAccount).SingleAsync());
    }

    [Theory]
    [InlineData(0, "巴特尔", "Bater", "", null, RegisterError.VillageRequired)]
    [InlineData(-1, "巴特尔", "Bater", "", null, RegisterError.VillageRequired)]
    [InlineData(1, "", "Bater", "", null, RegisterError.NameRequired)]
    [InlineData(1, "巴特尔", " ", "", null, RegisterError.LatinNameRequired)]
    [InlineData(1, "巴特尔", "Bater", "call me", null, RegisterError.PhoneInvalid)]
    [InlineData(1, "巴特尔", "Bater", "123", null, RegisterError.PhoneInvalid)]
    [InlineData(1, "巴特尔", "Bater", "139+0000", null, RegisterError.PhoneInvalid)]
    [InlineData(1, "巴特尔", "Bater", "", "1234", RegisterError.AccountInvalid)]
    [InlineData(1, "巴特尔", "Bater", "", "6228-4800-1234", RegisterError.AccountInvalid)]
    public async Task A_household_with_a_bad_field_is_refused_and_nothing_is_saved(int villageId, string head, string latin, string phone, string? account, RegisterError expected)
    {
        var before = await CountAsync<HerderHousehold>();

        Assert.Equal(expected, (await households.CreateAsync(new HouseholdInput(villageId, head, latin, phone, account, false))).Error);
        Assert.Equal(before, await CountAsync<HerderHousehold>());
    }

    [Fact]
    public async Task A_household_with_living_sheep_cannot_be_archived()
    {
        var village = await villages.CreateAsync(new VillageInput(Unique("村"), "Flock"));
        var household = await households.CreateAsync(NewHousehold(village.Id));
        var sheepIds = await AddSheepAsync(household.Id, living: 3, archived: 2);

        var refused = await households.ArchiveAsync(household.Id);

        Assert.Equal((RegisterError.HouseholdHasSheep, 3), (refused.Error, refused.Count));
        await using (var db = await database.CreateDbContextAsync())
        {
            await db.Sheep.Where(s => sheepIds.Contains(s.Id)).ExecuteUpdateAsync(set => set.SetProperty(s => s.ArchivedAt, database.Clock.GetUtcNow()));
        }

        Assert.True((await households.ArchiveAsync(household.Id)).Succeeded);
        Assert.DoesNotContain(await households.ChoicesAsync(), h => h.Id == household.Id);
        Assert.Contains(await households.ListAsync(new HouseholdFilter(IncludeArchived: true)), h => h.Id == household.Id && h.ArchivedAt != null);
    }

    [Fact]
    public async Task Households_are_found_by_part_of_a_name_or_phone()
    {
        var village = await villages.CreateAsync(new VillageInput(Unique("村"), "Search"));
        var marker = Guid.NewGuid().ToString("N")[..6];
        var created = await households.CreateAsync(new HouseholdInput(village.Id, "萨仁", $"Saran {marker}", "13812345678", null, false));

        Assert.Equal([created.Id], (await households.ListAsync(new HouseholdFilter(Search: marker))).Select(h => h.Id));
        Assert.Contains(await households.ListAsync(new HouseholdFilter(Search: "萨仁")), h => h.Id == created.Id);
        Assert.Contains(await households.ListAsync(new HouseholdFilter(Search: "12345")), h => h.Id == created.Id);
    }

    private static HouseholdInput NewHousehold(int villageId) => new(villageId, "巴雅尔", "Bayar", "13900000000", "622848000011112222", false);

    private static string Unique(string suffix) => Guid.NewGuid().ToString("N")[..8] + suffix;

    private async Task<string?> NameOfAsync(int villageId)
    {
        await using var db = await database.CreateDbContextAsync();
        return await db.Villages.Where(v => v.Id == villageId).Select(v => v.Name).SingleOrDefaultAsync();
    }

    private async Task<int> CountAsync<T>()
        where T : class
    {
        await using var db = await database.CreateDbContextAsync();
        return await db.Set<T>().CountAsync();
    }

    private async Task<List<int>> AddSheepAsync(int householdId, int living, int archived)
    {
        await using var db = await database.CreateDbContextAsync();
        var sheep = Enumerable.Range(0, living + archived).Select(i => new Sheep
        {
            Name = $"羊{i}",
            Sex = Sex.Ewe,
            Breed = Breed.Chahar,
            BirthDate = new DateOnly(2025, 1, 1),
            HouseholdId = householdId,
            ArchivedAt = i < living ? null : database.Clock.GetUtcNow(),
            RemovalReason = i < living ? null : RemovalReason.Sold,
        }).ToList();
        db.Sheep.AddRange(sheep);
        await db.SaveChangesAsync();
        return [.. sheep.Select(s => s.Id)];
    }
}
