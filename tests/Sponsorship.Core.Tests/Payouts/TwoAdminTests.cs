using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Sponsorship.Core.Data;
using Sponsorship.Core.Demo;
using Sponsorship.Core.Flock;
using Sponsorship.Core.Identity;
using Sponsorship.Core.Payouts;
using Sponsorship.Testing;

namespace Sponsorship.Core.Tests.Payouts;

/// <summary>One administrator alone cannot move money, make an administrator or redirect a household's pay.</summary>
public class TwoAdminTests : IClassFixture<SeededDatabaseWithoutMoney>
{
    private const string Password = "steppe-wind-2026";
    private readonly SeededDatabaseWithoutMoney database;
    private readonly MoneyTestData money;
    private readonly PayoutBatches batches;
    private readonly AdminGrants grants;

    public TwoAdminTests(SeededDatabaseWithoutMoney database)
    {
        this.database = database;
        money = new MoneyTestData(database.DbFactory);
        batches = new PayoutBatches(database.DbFactory, database.AccountNumbers, database.Clock);
        grants = new AdminGrants(database.DbFactory, database.Clock);
    }

    [Fact]
    public async Task A_self_made_admin_cannot_approve_its_makers_batch_until_a_different_admin_confirms_it()
    {
        var adminA = await money.UserIdAsync(DemoAccounts.Admin.Email);
        var adminB = await money.UserIdAsync(DemoAccounts.SecondAdmin.Email);
        var (x, grantId) = await CreateAdminAsync(adminA);
        var batchId = await DraftAsync(adminA, household: 20);

        Assert.Equal(PayoutOutcome.NotAllowed, await batches.ApproveAsync(batchId, x));
        Assert.Equal(AdminGrantError.RequesterCannotConfirm, await grants.ConfirmAsync(grantId, adminA));
        Assert.Equal(AdminGrantError.NotAllowed, await grants.ConfirmAsync(grantId, x));
        Assert.Equal(PayoutBatchStatus.Draft, (await batches.DetailAsync(batchId, adminA))!.Batch.Status);

        Assert.Equal(AdminGrantError.None, await grants.ConfirmAsync(grantId, adminB));
        Assert.Equal(AdminGrantError.AlreadyDecided, await grants.ConfirmAsync(grantId, adminB));
        Assert.Equal(PayoutOutcome.Done, await batches.ApproveAsync(batchId, x));

        await using var db = await database.CreateDbContextAsync();
        var grant = await db.AdminGrants.SingleAsync(g => g.Id == grantId);
        Assert.Equal((adminA, adminB, AdminGrantStatus.Confirmed), (grant.RequestedByUserId, grant.DecidedByUserId, grant.Status));
        await batches.DiscardAsync(batchId, adminA);
    }

    [Fact]
    public async Task Two_admins_confirming_at_the_same_moment_give_the_role_once()
    {
        var adminA = await money.UserIdAsync(DemoAccounts.Admin.Email);
        var (x, grantId) = await CreateAdminAsync(adminA);
        var deciders = new[] { await money.UserIdAsync(DemoAccounts.SecondAdmin.Email), database.AdminId, database.SecondAdminId };
        using var barrier = new Barrier(deciders.Length);

        var outcomes = await Task.WhenAll(deciders.Select(decider => Task.Run(async () =>
        {
            barrier.SignalAndWait();
            return await new AdminGrants(database.DbFactory, database.Clock).ConfirmAsync(grantId, decider);
        })));

        Assert.Single(outcomes, o => o == AdminGrantError.None);
        Assert.All(outcomes.Where(o => o != AdminGrantError.None), o => Assert.Equal(AdminGrantError.AlreadyDecided, o));
        await using var db = await database.CreateDbContextAsync();
        Assert.Equal(1, await db.UserRoles.CountAsync(r => r.UserId == x));
    }

    [Fact]
    public async Task A_demoted_admins_open_page_can_no_longer_create_users_or_approve_and_the_session_stamp_changes()
    {
        var adminA = await money.UserIdAsync(DemoAccounts.Admin.Email);
        var (x, grantId) = await CreateAdminAsync(adminA);
        Assert.Equal(AdminGrantError.None, await grants.ConfirmAsync(grantId, await money.UserIdAsync(DemoAccounts.SecondAdmin.Email)));
        var batchId = await DraftAsync(adminA, household: 21);
        var stampBefore = await StampAsync(x);

        Assert.Equal(AdminGrantError.None, await grants.RevokeAsync(x, adminA));

        // The page was opened while X was an administrator; every click now goes through Core, which asks again.
        await using var scope = database.CreateScope();
        var staff = scope.ServiceProvider.GetRequiredService<StaffAccounts>();
        var created = await staff.CreateAsync(new NewStaffAccount($"x-{Guid.NewGuid():N}@example.com", "X 的同伙", Roles.Admin, null, Password), x);
        Assert.Equal(StaffAccountError.NotAllowed, created.Error);
        Assert.Equal(PayoutOutcome.NotAllowed, await batches.ApproveAsync(batchId, x));
        Assert.NotEqual(stampBefore, await StampAsync(x));
        await batches.DiscardAsync(batchId, adminA);
    }

    [Fact]
    public async Task A_disabled_account_loses_its_power_and_cannot_sign_in_and_two_admins_always_remain()
    {
        var adminA = await money.UserIdAsync(DemoAccounts.Admin.Email);
        var (x, grantId) = await CreateAdminAsync(adminA);
        Assert.Equal(AdminGrantError.None, await grants.ConfirmAsync(grantId, await money.UserIdAsync(DemoAccounts.SecondAdmin.Email)));
        var access = new AccountAccess(database.DbFactory, database.Clock);

        Assert.Equal(AccountAccessError.Self, await access.DisableAsync(adminA, adminA));
        Assert.Equal(AccountAccessError.None, await access.DisableAsync(x, adminA));

        await using var db = await database.CreateDbContextAsync();
        Assert.False(await Administrators.IsAdministratorAsync(db, x));
        Assert.NotNull((await db.Users.SingleAsync(u => u.Id == x)).DisabledAt);
        Assert.Equal(AccountAccessError.None, await access.EnableAsync(x, adminA));
        Assert.False(await Administrators.IsAdministratorAsync(db, x));
    }

    [Fact]
    public async Task A_household_account_changed_after_approval_is_not_what_the_bank_file_pays()
    {
        var adminA = await money.UserIdAsync(DemoAccounts.Admin.Email);
        var adminB = await money.UserIdAsync(DemoAccounts.SecondAdmin.Email);
        var householdId = await HouseholdAsync(30);
        string frozen;
        await using (var db = await database.CreateDbContextAsync())
        {
            var household = await db.Households.SingleAsync(h => h.Id == householdId);
            household.HeadName = "=HYPERLINK(\"http://x\",\"y\")";
            household.PayoutAccountHolder = "=HYPERLINK(\"http://x\",\"y\")";
            await db.SaveChangesAsync();
            frozen = database.AccountNumbers.Reveal(household.PayoutAccountEncrypted);
        }

        var batchId = await DraftAsync(adminA, household: 30);
        Assert.Equal(PayoutOutcome.Done, await batches.ApproveAsync(batchId, adminB));
        var line = Assert.Single((await batches.DetailAsync(batchId, adminB))!.Lines, l => l.HouseholdId == householdId);
        Assert.Equal(frozen, line.Account);

        // One admin asks to pay another account, a second confirms it: the household's account changes, the batch does not.
        var accounts = new PayoutAccounts(database.DbFactory, database.AccountNumbers, database.Clock);
        var change = await accounts.RequestAsync(householdId, new PayoutAccountInput("骗子", "某银行", "6222 0000 1111 2222"), adminA);
        Assert.Equal(RegisterError.RequesterCannotConfirm, (await accounts.ConfirmAsync(change.Id, adminA)).Error);
        Assert.True((await accounts.ConfirmAsync(change.Id, adminB)).Succeeded);
        Assert.Equal(PayoutOutcome.Done, await batches.ExportAsync(batchId, adminA));

        var file = Encoding.UTF8.GetString((await batches.BankFileAsync(batchId, adminA))!);
        Assert.Contains(frozen, file, StringComparison.Ordinal);
        Assert.DoesNotContain("6222000011112222", file, StringComparison.Ordinal);
        Assert.Contains("\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"", file, StringComparison.Ordinal);
        Assert.DoesNotContain(",=HYPERLINK", file, StringComparison.Ordinal);
        Assert.Null(await batches.BankFileAsync(batchId, "not-a-user"));
    }

    [Theory]
    [InlineData("=1+1", "'=1+1")]
    [InlineData("+86 139", "'+86 139")]
    [InlineData("-2", "'-2")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\tcmd", "'\tcmd")]
    [InlineData("\rcmd", "'\rcmd")]
    [InlineData("巴特尔", "巴特尔")]
    [InlineData("6228480012345678", "6228480012345678")]
    [InlineData("", "")]
    public void A_csv_cell_that_a_spreadsheet_would_run_is_written_as_text(string value, string written) =>
        Assert.Equal(written, CsvCells.Text(value));

    private async Task<(string UserId, int GrantId)> CreateAdminAsync(string maker)
    {
        var email = $"x-{Guid.NewGuid():N}@example.com";
        await using var scope = database.CreateScope();
        var result = await scope.ServiceProvider.GetRequiredService<StaffAccounts>().CreateAsync(new NewStaffAccount(email, "新管理员 X", Roles.Admin, null, Password), maker);
        Assert.True(result.AwaitsConfirmation);
        await using var db = await database.CreateDbContextAsync();
        var userId = await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
        Assert.Empty(await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().GetRolesAsync((await db.Users.SingleAsync(u => u.Id == userId))));
        return (userId, await db.AdminGrants.Where(g => g.UserId == userId).Select(g => g.Id).SingleAsync());
    }

    /// <summary>Pays the household's sheep an adoption, then drafts a batch whose minimum leaves out everyone else's.</summary>
    private async Task<int> DraftAsync(string maker, int household)
    {
        var sponsor = await money.UserIdAsync(DemoAccounts.Sponsor.Email);
        await money.AdoptAndPayAsync(await money.FreeSheepAsync(await HouseholdAsync(household)), sponsor, 9_000_000, TestDatabase.Start.AddDays(-10));
        var (batchId, outcome) = await batches.DraftAsync(new DateOnly(2026, 11, 30), 1_000_000, maker);
        Assert.Equal(PayoutOutcome.Done, outcome);
        return batchId!.Value;
    }

    private async Task<int> HouseholdAsync(int number)
    {
        await using var db = await database.CreateDbContextAsync();
        return await db.Households.OrderBy(h => h.Id).Skip(number - 1).Select(h => h.Id).FirstAsync();
    }

    private async Task<string?> StampAsync(string userId)
    {
        await using var db = await database.CreateDbContextAsync();
        return await db.Users.Where(u => u.Id == userId).Select(u => u.SecurityStamp).SingleAsync();
    }
}
