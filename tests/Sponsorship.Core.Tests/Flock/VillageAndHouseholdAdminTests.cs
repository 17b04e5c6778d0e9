using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Flock;

namespace Sponsorship.Core.Tests.Flock;

public class VillageAndHouseholdAdminTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    private readonly VillageAdmin villages = new(database.DbFactory, database.Clock);
    private readonly HouseholdAdmin households = new(database.DbFactory, database.AccountNumbers, database.Clock);
    private readonly PayoutAccounts accounts = new(database.DbFactory, database.AccountNumbers, database.Clock);

    [Fact]
    public async Task A_village_is_created_listed_and_renamed()
    {
        var name = Unique("村");

        var created = await villages.CreateAsync(new VillageInput($"  {name} ", " Hongqi "), database.AdminId);

        Assert.True(created.Succeeded);
        var row = Assert.Single(await villages.ListAsync(), v => v.Id == created.Id);
        Assert.Equal((name, "Hongqi", 0, (DateTimeOffset?)null), (row.Name, row.NameLatin, row.ActiveHouseholds, row.ArchivedAt));

        var renamed = await villages.UpdateAsync(created.Id, new VillageInput(name + "新", "Hongqi New"), database.AdminId);
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

        Assert.Equal(expected, (await villages.CreateAsync(new VillageInput(name, latin), database.AdminId)).Error);
        Assert.Equal(before, await CountAsync<Village>());
    }

    [Fact]
    public async Task A_name_longer_than_the_column_is_refused()
    {
        Assert.Equal(RegisterError.NameTooLong, (await villages.CreateAsync(new VillageInput(new string('村', 65), "Long"), database.AdminId)).Error);
    }

    [Fact]
    public async Task Two_villages_cannot_share_a_Chinese_name_even_when_one_is_archived()
    {
        var name = Unique("村");
        var first = await villages.CreateAsync(new VillageInput(name, "First"), database.AdminId);
        var other = await villages.CreateAsync(new VillageInput(Unique("村"), "Other"), database.AdminId);

        Assert.Equal(RegisterError.NameTaken, (await villages.CreateAsync(new VillageInput(name, "Second"), database.AdminId)).Error);
        Assert.Equal(RegisterError.NameTaken, (await villages.UpdateAsync(other.Id, new VillageInput(name, "Other"), database.AdminId)).Error);
        Assert.True((await villages.ArchiveAsync(first.Id, database.AdminId)).Succeeded);
        Assert.Equal(RegisterError.NameTaken, (await villages.CreateAsync(new VillageInput(name, "Third"), database.AdminId)).Error);

        // Keeping its own name while editing is not a clash.
        Assert.True((await villages.UpdateAsync(other.Id, new VillageInput((await NameOfAsync(other.Id))!, "Other renamed"), database.AdminId)).Succeeded);
    }

    [Fact]
    public async Task A_village_with_active_households_cannot_be_archived_until_they_are()
    {
        var village = await villages.CreateAsync(new VillageInput(Unique("村"), "Busy"), database.AdminId);
        var a = await households.CreateAsync(NewHousehold(village.Id), database.AdminId);
        var b = await households.CreateAsync(NewHousehold(village.Id), database.AdminId);

        var refused = await villages.ArchiveAsync(village.Id, database.AdminId);

        Assert.Equal((RegisterError.VillageHasHouseholds, 2), (refused.Error, refused.Count));
        Assert.True((await households.ArchiveAsync(a.Id, database.AdminId)).Succeeded);
        Assert.Equal(1, (await villages.ArchiveAsync(village.Id, database.AdminId)).Count);
        Assert.True((await households.ArchiveAsync(b.Id, database.AdminId)).Succeeded);
        Assert.True((await villages.ArchiveAsync(village.Id, database.AdminId)).Succeeded);

        Assert.DoesNotContain(await villages.ListAsync(), v => v.Id == village.Id);
        var archived = Assert.Single(await villages.ListAsync(includeArchived: true), v => v.Id == village.Id);
        Assert.Equal(database.Clock.GetUtcNow(), archived.ArchivedAt);
        Assert.Equal(RegisterError.AlreadyArchived, (await villages.ArchiveAsync(village.Id, database.AdminId)).Error);

        // Nothing can join an archived village; restoring it opens it again.
        Assert.Equal(RegisterError.VillageArchived, (await households.CreateAsync(NewHousehold(village.Id), database.AdminId)).Error);
        Assert.Equal(RegisterError.VillageArchived, (await households.RestoreAsync(a.Id, database.AdminId)).Error);
        Assert.True((await villages.RestoreAsync(village.Id, database.AdminId)).Succeeded);
        Assert.True((await households.RestoreAsync(a.Id, database.AdminId)).Succeeded);
        Assert.Equal(RegisterError.NotArchived, (await villages.RestoreAsync(village.Id, database.AdminId)).Error);
    }

    [Fact]
    public async Task Unknown_ids_are_not_found()
    {
        Assert.Equal(RegisterError.NotFound, (await villages.UpdateAsync(int.MaxValue, new VillageInput("名", "Name"), database.AdminId)).Error);
        Assert.Equal(RegisterError.NotFound, (await villages.ArchiveAsync(int.MaxValue, database.AdminId)).Error);
        Assert.Equal(RegisterError.NotFound, (await households.ArchiveAsync(int.MaxValue, database.AdminId)).Error);
        Assert.Equal(RegisterError.NotFound, (await households.UpdateAsync(int.MaxValue, NewHousehold(1), database.AdminId)).Error);
        Assert.Equal(RegisterError.UnknownVillage, (await households.CreateAsync(NewHousehold(int.MaxValue), database.AdminId)).Error);
    }

    [Fact]
    public async Task A_household_is_listed_with_its_account_masked_once_a_second_admin_confirmed_it()
    {
        var village = await villages.CreateAsync(new VillageInput(Unique("村"), "Listing"), database.AdminId);
        var created = await households.CreateAsync(
            new HouseholdInput(village.Id, " 乌兰 ", "Ulaan", "+86 139 0000 1234", "6228 4800 1234 5678 901", Trusted: true, "乌兰", "农业银行 太仆寺旗支行"), database.AdminId);
        await AddSheepAsync(created.Id, living: 2, archived: 1);
        Assert.Equal("", await AccountOnFileAsync(created.Id));

        Assert.True((await accounts.ConfirmAsync(await PendingChangeAsync(created.Id), database.SecondAdminId)).Succeeded);

        var row = Assert.Single(await households.ListAsync(new HouseholdFilter(VillageId: village.Id)));
        Assert.Equal(("乌兰", "Ulaan", "+86 139 0000 1234", "•••• 8901", true, 2), (row.HeadName, row.HeadNameLatin, row.Phone, row.MaskedAccount, row.Trusted, row.LivingSheep));
        Assert.DoesNotContain("6228", row.MaskedAccount, StringComparison.Ordinal);
        Assert.Equal("6228480012345678901", await AccountOnFileAsync(created.Id));
    }

    [Fact]
    public async Task A_new_payout_account_waits_for_a_different_admin_and_editing_without_one_keeps_the_account_on_file()
    {
        var village = await villages.CreateAsync(new VillageInput(Unique("村"), "Edit"), database.AdminId);
        var created = await households.CreateAsync(new HouseholdInput(village.Id, "图雅", "Tuya", "", "622848001111", false, "图雅", "农业银行"), database.AdminId);
        var first = await PendingChangeAsync(created.Id);
        Assert.Equal(RegisterError.RequesterCannotConfirm, (await accounts.ConfirmAsync(first, database.AdminId)).Error);
        Assert.True((await accounts.ConfirmAsync(first, database.SecondAdminId)).Succeeded);
        Assert.Equal(RegisterError.AlreadyDecided, (await accounts.ConfirmAsync(first, database.SecondAdminId)).Error);

        var edited = await households.UpdateAsync(created.Id, new HouseholdInput(village.Id, "图雅", "Tuya", "13900001111", PayoutAccount: "  ", Trusted: true), database.AdminId);

        Assert.True(edited.Succeeded);
        await using (var db = await database.CreateDbContextAsync())
        {
            var household = await db.Households.SingleAsync(h => h.Id == created.Id);
            Assert.Equal(("622848001111", "图雅", "农业银行", "13900001111", true), (database.AccountNumbers.Reveal(household.PayoutAccountEncrypted), household.PayoutAccountHolder, household.PayoutBank, household.Phone, household.Trusted));
        }

        // One admin asks for another account: the household is still paid into the confirmed one until a second admin agrees.
        Assert.True((await households.UpdateAsync(created.Id, new HouseholdInput(village.Id, "图雅", "Tuya", "", "6228480099998888", true, "图雅", "工商银行"), database.SecondAdminId)).Succeeded);
        Assert.Equal(RegisterError.AccountChangePending,
            (await accounts.RequestAsync(created.Id, new PayoutAccountInput("某人", "某银行", "6228000000000000"), database.AdminId)).Error);
        Assert.Equal("622848001111", await AccountOnFileAsync(created.Id));
        var second = await PendingChangeAsync(created.Id);
        Assert.Equal(RegisterError.RequesterCannotConfirm, (await accounts.ConfirmAsync(second, database.SecondAdminId)).Error);
        Assert.True((await accounts.ConfirmAsync(second, database.AdminId)).Succeeded);
        Assert.Equal("6228480099998888", await AccountOnFileAsync(created.Id));

        await using var audit = await database.CreateDbContextAsync();
        var change = await audit.PayoutAccountChanges.SingleAsync(c => c.Id == second);
        Assert.Equal((database.SecondAdminId, database.AdminId, PayoutAccountChangeStatus.Confirmed), (change.RequestedByUserId, change.DecidedByUserId, change.Status));
    }

    [Fact]
    public async Task Someone_who_is_not_an_administrator_changes_nothing_in_the_register()
    {
        var village = await villages.CreateAsync(new VillageInput(Unique("村"), "Guard"), database.AdminId);
        var created = await households.CreateAsync(NewHousehold(village.Id), database.AdminId);
        var change = await PendingChangeAsync(created.Id);

        Assert.Equal(RegisterError.NotAllowed, (await villages.CreateAsync(new VillageInput(Unique("村"), "Nobody"), "not-a-user")).Error);
        Assert.Equal(RegisterError.NotAllowed, (await households.CreateAsync(NewHousehold(village.Id), "")).Error);
        Assert.Equal(RegisterError.NotAllowed, (await households.ArchiveAsync(created.Id, "not-a-user")).Error);
        Assert.Equal(RegisterError.NotAllowed, (await accounts.ConfirmAsync(change, "not-a-user")).Error);
        Assert.Equal("", await AccountOnFileAsync(created.Id));
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
    [InlineData(1, "巴特尔", "Bater", "", "6228480012345678", RegisterError.AccountHolderRequired, "", "农业银行")]
    [InlineData(1, "巴特尔", "Bater", "", "6228480012345678", RegisterError.BankRequired, "巴特尔", " ")]
    [InlineData(1, "巴特尔", "Bater", "", "6228480012345678", RegisterError.AccountHolderTooLong, "巴特尔巴特尔巴特尔巴特尔巴特尔巴特尔巴特尔巴特尔巴特尔巴特尔巴特尔巴特尔巴特尔巴特尔巴特尔巴特尔巴特尔巴特尔巴特尔巴特尔巴特尔巴特尔", "农业银行")]
    public async Task A_household_with_a_bad_field_is_refused_and_nothing_is_saved(
        int villageId, string head, string latin, string phone, string? account, RegisterError expected, string holder = "巴特尔", string bank = "农业银行")
    {
        var before = await CountAsync<HerderHousehold>();
        var changes = await CountAsync<PayoutAccountChange>();

        Assert.Equal(expected, (await households.CreateAsync(new HouseholdInput(villageId, head, latin, phone, account, false, holder, bank), database.AdminId)).Error);
        Assert.Equal(changes, await CountAsync<PayoutAccountChange>());
        Assert.Equal(before, await CountAsync<HerderHousehold>());
    }

    [Fact]
    public async Task A_household_with_living_sheep_cannot_be_archived()
    {
        var village = await villages.CreateAsync(new VillageInput(Unique("村"), "Flock"), database.AdminId);
        var household = await households.CreateAsync(NewHousehold(village.Id), database.AdminId);
        var sheepIds = await AddSheepAsync(household.Id, living: 3, archived: 2);

        var refused = await households.ArchiveAsync(household.Id, database.AdminId);

        Assert.Equal((RegisterError.HouseholdHasSheep, 3), (refused.Error, refused.Count));
        await using (var db = await database.CreateDbContextAsync())
        {
            await db.Sheep.Where(s => sheepIds.Contains(s.Id)).ExecuteUpdateAsync(set => set.SetProperty(s => s.ArchivedAt, database.Clock.GetUtcNow()));
        }

        Assert.True((await households.ArchiveAsync(household.Id, database.AdminId)).Succeeded);
        Assert.DoesNotContain(await households.ChoicesAsync(), h => h.Id == household.Id);
        Assert.Contains(await households.ListAsync(new HouseholdFilter(IncludeArchived: true)), h => h.Id == household.Id && h.ArchivedAt != null);
    }

    [Fact]
    public async Task Households_are_found_by_part_of_a_name_or_phone()
    {
        var village = await villages.CreateAsync(new VillageInput(Unique("村"), "Search"), database.AdminId);
        var marker = Guid.NewGuid().ToString("N")[..6];
        var created = await households.CreateAsync(new HouseholdInput(village.Id, "萨仁", $"Saran {marker}", "13812345678", null, false), database.AdminId);

        Assert.Equal([created.Id], (await households.ListAsync(new HouseholdFilter(Search: marker))).Select(h => h.Id));
        Assert.Contains(await households.ListAsync(new HouseholdFilter(Search: "萨仁")), h => h.Id == created.Id);
        Assert.Contains(await households.ListAsync(new HouseholdFilter(Search: "12345")), h => h.Id == created.Id);
    }

    private static HouseholdInput NewHousehold(int villageId) => new(villageId, "巴雅尔", "Bayar", "13900000000", "622848000011112222", false, "巴雅尔", "农业银行");

    private async Task<int> PendingChangeAsync(int householdId)
    {
        await using var db = await database.CreateDbContextAsync();
        return await db.PayoutAccountChanges.Where(c => c.HouseholdId == householdId && c.Status == PayoutAccountChangeStatus.Pending).Select(c => c.Id).SingleAsync();
    }

    private async Task<string> AccountOnFileAsync(int householdId)
    {
        await using var db = await database.CreateDbContextAsync();
        return database.AccountNumbers.Reveal(await db.Households.Where(h => h.Id == householdId).Select(h => h.PayoutAccountEncrypted).SingleAsync());
    }

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
