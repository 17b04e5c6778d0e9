using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Sponsorship.Core.Flock;
using Sponsorship.Core.Identity;

namespace Sponsorship.Core.Tests.Identity;

/// <summary>A test database with the roles, one village and two households (the second one archived).</summary>
public class StaffDatabase : TestDatabase
{
    public int HouseholdId { get; private set; }

    public int ArchivedHouseholdId { get; private set; }

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await using (var scope = CreateScope())
        {
            await RoleSetup.EnsureRolesAsync(scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>());
        }

        await using var db = await CreateDbContextAsync();
        var village = new Village { Name = "红旗村", NameLatin = "Hongqi" };
        var household = new HerderHousehold { Village = village, HeadName = "乌云", HeadNameLatin = "Uyun" };
        var archived = new HerderHousehold { Village = village, HeadName = "苏和", HeadNameLatin = "Sükh", ArchivedAt = Clock.GetUtcNow() };
        db.Households.AddRange(household, archived);
        await db.SaveChangesAsync();
        HouseholdId = household.Id;
        ArchivedHouseholdId = archived.Id;
    }
}

public class StaffAccountsTests(StaffDatabase database) : IClassFixture<StaffDatabase>
{
    private const string GoodPassword = "steppe-wind-2026";

    [Fact]
    public async Task A_herder_needs_a_household()
    {
        var email = NewEmail();

        var result = await CreateAsync(new NewStaffAccount(email, "巴特尔", Roles.Herder, HouseholdId: null, GoodPassword));

        Assert.Equal(StaffAccountError.HouseholdRequired, result.Error);
        Assert.False(result.Succeeded);
        Assert.False(await UserExistsAsync(email));
    }

    [Fact]
    public async Task A_herder_cannot_join_an_unknown_household()
    {
        var email = NewEmail();

        var result = await CreateAsync(new NewStaffAccount(email, "巴特尔", Roles.Herder, HouseholdId: 999_999, GoodPassword));

        Assert.Equal(StaffAccountError.UnknownHousehold, result.Error);
        Assert.False(await UserExistsAsync(email));
    }

    [Fact]
    public async Task A_herder_cannot_join_an_archived_household()
    {
        var email = NewEmail();

        var result = await CreateAsync(new NewStaffAccount(email, "苏和", Roles.Herder, database.ArchivedHouseholdId, GoodPassword));

        Assert.Equal(StaffAccountError.UnknownHousehold, result.Error);
        Assert.False(await UserExistsAsync(email));
    }

    [Theory]
    [InlineData(Roles.Sponsor)]
    [InlineData("Superuser")]
    [InlineData("")]
    public async Task Only_herder_and_admin_are_staff_roles(string role)
    {
        var email = NewEmail();

        var result = await CreateAsync(new NewStaffAccount(email, "李喆", role, database.HouseholdId, GoodPassword));

        Assert.Equal(StaffAccountError.RoleNotStaff, result.Error);
        Assert.False(await UserExistsAsync(email));
    }

    [Fact]
    public async Task An_email_can_be_used_only_once()
    {
        var email = NewEmail();
        Assert.True((await CreateAsync(new NewStaffAccount(email, "管理员", Roles.Admin, null, GoodPassword))).Succeeded);

        var again = await CreateAsync(new NewStaffAccount($"  {email.ToUpperInvariant()} ", "管理员二", Roles.Admin, null, GoodPassword));

        Assert.Equal(StaffAccountError.EmailTaken, again.Error);
        var normalized = email.ToUpperInvariant();
        await using var db = await database.CreateDbContextAsync();
        Assert.Equal(1, await db.Users.CountAsync(u => u.NormalizedEmail == normalized));
    }

    [Fact]
    public async Task A_new_herder_gets_the_role_and_the_household()
    {
        var email = NewEmail();

        var result = await CreateAsync(new NewStaffAccount($" {email} ", " 乌云 Uyun ", Roles.Herder, database.HouseholdId, GoodPassword));

        Assert.True(result.Succeeded, string.Join("; ", result.IdentityErrors));
        Assert.Equal(StaffAccountError.None, result.Error);
        await using var scope = database.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = await users.FindByEmailAsync(email);
        Assert.NotNull(user);
        Assert.Equal(email, user.Email);
        Assert.Equal("乌云 Uyun", user.DisplayName);
        Assert.Equal(database.HouseholdId, user.HerderHouseholdId);
        Assert.True(user.EmailConfirmed);
        Assert.Equal([Roles.Herder], await users.GetRolesAsync(user));
        Assert.True(await users.CheckPasswordAsync(user, GoodPassword));

        var listed = Assert.Single((await StaffAccounts(scope).ListAsync(database.AdminId))!, a => a.Email == email);
        Assert.Equal(Roles.Herder, listed.Role);
        Assert.Equal("乌云", listed.HouseholdName);
    }

    [Fact]
    public async Task A_new_admin_is_a_plain_account_until_a_different_admin_confirms_it()
    {
        var email = NewEmail();

        var result = await CreateAsync(new NewStaffAccount(email, "审核员", Roles.Admin, database.HouseholdId, GoodPassword));

        Assert.True(result.Succeeded);
        Assert.True(result.AwaitsConfirmation);
        await using var scope = database.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = await users.FindByEmailAsync(email);
        Assert.NotNull(user);
        Assert.Null(user.HerderHouseholdId);
        Assert.Empty(await users.GetRolesAsync(user));
        var listed = Assert.Single((await StaffAccounts(scope).ListAsync(database.AdminId))!, a => a.Email == email);
        Assert.True(listed.AdminPending);
    }

    [Fact]
    public async Task Someone_who_is_not_an_administrator_creates_no_account_and_lists_none()
    {
        var email = NewEmail();
        await using var scope = database.CreateScope();

        var result = await StaffAccounts(scope).CreateAsync(new NewStaffAccount(email, "冒充者", Roles.Admin, null, GoodPassword), "not-a-user");

        Assert.Equal(StaffAccountError.NotAllowed, result.Error);
        Assert.False(await UserExistsAsync(email));
        Assert.Null(await StaffAccounts(scope).ListAsync("not-a-user"));
    }

    [Theory]
    [InlineData("  ", StaffAccountError.NameRequired)]
    [InlineData("名字名字名字名字名字名字名字名字名字名字名字名字名字名字名字名字名字名字名字名字名字名字名字名字名字名字名字名字名字名字名字名字名字名字名字名字名字名字名字名字名字名字名字名字名字名字名字名字名字名字名字名字名字名字名字名字名字名字名字名字名字名字名字名字名", StaffAccountError.NameTooLong)]
    public async Task A_staff_name_is_required_and_capped(string name, StaffAccountError expected)
    {
        var email = NewEmail();

        Assert.Equal(expected, (await CreateAsync(new NewStaffAccount(email, name, Roles.Herder, database.HouseholdId, GoodPassword))).Error);
        Assert.False(await UserExistsAsync(email));
    }

    [Fact]
    public async Task A_rejected_password_leaves_no_user_behind()
    {
        var email = NewEmail();

        var result = await CreateAsync(new NewStaffAccount(email, "巴特尔", Roles.Herder, database.HouseholdId, "too-short"));

        Assert.Equal(StaffAccountError.Rejected, result.Error);
        Assert.NotEmpty(result.IdentityErrors);
        Assert.False(await UserExistsAsync(email));
    }

    [Fact]
    public async Task Only_living_households_are_offered()
    {
        await using var scope = database.CreateScope();

        var households = await StaffAccounts(scope).HouseholdsAsync(database.AdminId);

        var offered = Assert.Single(households);
        Assert.Equal(database.HouseholdId, offered.Id);
        Assert.Equal("红旗村", offered.Village);
    }

    private static StaffAccounts StaffAccounts(AsyncServiceScope scope) => scope.ServiceProvider.GetRequiredService<StaffAccounts>();

    private static string NewEmail() => $"staff-{Guid.NewGuid():N}@example.com";

    private async Task<StaffAccountResult> CreateAsync(NewStaffAccount account)
    {
        await using var scope = database.CreateScope();
        return await StaffAccounts(scope).CreateAsync(account, database.AdminId);
    }

    private async Task<bool> UserExistsAsync(string email)
    {
        var normalized = email.ToUpperInvariant();
        await using var db = await database.CreateDbContextAsync();
        return await db.Users.AnyAsync(u => u.NormalizedEmail == normalized);
    }
}
