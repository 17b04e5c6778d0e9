using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Sponsorship.Core.Data;
using Sponsorship.Core.Flock;
using Sponsorship.Core.Identity;

namespace Sponsorship.Core.Tests.Data;

/// <summary>
/// The audit trail page's reads: changes written through the real interceptor, named after the records and people they
/// are about, filtered and paged in the database. Each test works on its own household so the filters isolate it.
/// </summary>
public sealed class AuditTrailTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    private AuditTrail Trail => new(database.DbFactory, database.Calendar);

    [Fact]
    public async Task A_change_to_a_households_payout_account_names_the_household_and_the_administrator()
    {
        var householdId = await NewHouseholdAsync("巴特尔", "Bater");
        await ChangeAsync(database.AdminId, householdId, h => { h.PayoutAccountHolder = "巴特尔"; h.PayoutBank = "农村信用社"; });

        var page = await Trail.PageAsync(database.AdminId, new AuditQuery(Entity: nameof(HerderHousehold)));

        var row = Assert.Single(page!.Rows, r => r.Key == householdId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(AuditAction.Modified, row.Action);
        Assert.Equal("巴特尔家", row.Subject);
        Assert.Equal("Bater household", row.SubjectLatin);
        Assert.Equal("测试管理员 Test admin", row.ActorName);
        Assert.Equal("test-admin@example.com", row.ActorEmail);
        Assert.Contains(nameof(HerderHousehold.PayoutBank), row.ChangedFields, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_role_granted_to_an_account_is_named_by_the_account_and_the_role_not_by_its_keys()
    {
        database.CurrentUser.UserId = database.SecondAdminId;
        var email = $"{Guid.NewGuid():N}@example.com";
        await using (var scope = database.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            var user = new ApplicationUser { UserName = email, Email = email, DisplayName = "其木格 Qimuge" };
            Assert.True((await users.CreateAsync(user)).Succeeded);
            var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
            if (!await roles.RoleExistsAsync(Roles.Herder))
            {
                await roles.CreateAsync(new IdentityRole(Roles.Herder));
            }

            Assert.True((await users.AddToRoleAsync(user, Roles.Herder)).Succeeded);
        }

        database.CurrentUser.UserId = null;

        var page = await Trail.PageAsync(database.AdminId, new AuditQuery(Entity: AuditTrail.UserRoleEntity));

        var grant = Assert.Single(page!.Rows, r => r.Subject == $"其木格 Qimuge · {Roles.Herder}");
        Assert.Equal(AuditAction.Added, grant.Action);
        var account = Assert.Single((await Trail.PageAsync(database.AdminId, new AuditQuery(Entity: nameof(ApplicationUser))))!.Rows,
            r => r.Subject == "其木格 Qimuge" && r.Action == AuditAction.Added);
        Assert.Equal("test-admin2@example.com", account.ActorEmail);
    }

    [Fact]
    public async Task The_trail_filters_by_person_and_by_programme_day()
    {
        var householdId = await NewHouseholdAsync("乌力吉", "Uliji");
        var key = householdId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await ChangeAsync(database.AdminId, householdId, h => h.Phone = "13800000001");
        database.Clock.Advance(TimeSpan.FromDays(2));
        await ChangeAsync(database.SecondAdminId, householdId, h => h.Phone = "13800000002");
        var today = database.Calendar.Today;

        var bySecond = await Trail.PageAsync(database.AdminId, new AuditQuery(Person: "TEST-admin2", Entity: nameof(HerderHousehold)));
        var byFirst = await Trail.PageAsync(database.AdminId, new AuditQuery(Person: "test-admin@", Entity: nameof(HerderHousehold)));
        var todayOnly = await Trail.PageAsync(database.AdminId, new AuditQuery(Entity: nameof(HerderHousehold), From: today, To: today));
        var before = await Trail.PageAsync(database.AdminId, new AuditQuery(Entity: nameof(HerderHousehold), To: today.AddDays(-1)));

        Assert.Single(bySecond!.Rows, r => r.Key == key);
        Assert.All(bySecond.Rows, r => Assert.Equal("test-admin2@example.com", r.ActorEmail));
        Assert.Single(byFirst!.Rows, r => r.Key == key);
        Assert.All(byFirst.Rows, r => Assert.Equal("test-admin@example.com", r.ActorEmail));
        Assert.Equal("test-admin2@example.com", Assert.Single(todayOnly!.Rows, r => r.Key == key).ActorEmail);
        Assert.Equal("test-admin@example.com", Assert.Single(before!.Rows, r => r.Key == key).ActorEmail);
    }

    [Fact]
    public async Task The_trail_pages_in_the_database_newest_first_and_a_page_past_the_end_shows_the_last()
    {
        var householdId = await NewHouseholdAsync("宝音", "Bayin");
        for (var i = 0; i < AuditQuery.PageSize + 5; i++)
        {
            await ChangeAsync(database.AdminId, householdId, h => h.Phone = $"1390000{i:0000}");
        }

        var person = "test-admin@example";
        var first = await Trail.PageAsync(database.AdminId, new AuditQuery(person, nameof(HerderHousehold)));
        var last = await Trail.PageAsync(database.AdminId, new AuditQuery(person, nameof(HerderHousehold), Page: 99));

        Assert.Equal(AuditQuery.PageSize, first!.Rows.Count);
        Assert.True(first.Total >= AuditQuery.PageSize + 5);
        Assert.Equal(first.PageCount, last!.Page);
        Assert.Equal(first.Rows.OrderByDescending(r => r.Id).Select(r => r.Id), first.Rows.Select(r => r.Id));
        Assert.True(first.Rows[^1].Id > last.Rows[0].Id);
        Assert.Equal(first.Total - ((first.PageCount - 1) * AuditQuery.PageSize), last.Rows.Count);
    }

    [Fact]
    public async Task Someone_who_is_not_an_administrator_reads_no_trail()
    {
        Assert.Null(await Trail.PageAsync("not-an-admin", new AuditQuery()));
    }

    private async Task<int> NewHouseholdAsync(string head, string latin)
    {
        database.CurrentUser.UserId = null;
        await using var db = await database.CreateDbContextAsync();
        var household = new HerderHousehold
        {
            Village = new Village { Name = "村" + Guid.NewGuid().ToString("N")[..6], NameLatin = "Village " + Guid.NewGuid().ToString("N")[..6] },
            HeadName = head,
            HeadNameLatin = latin,
        };
        db.Households.Add(household);
        await db.SaveChangesAsync();
        return household.Id;
    }

    private async Task ChangeAsync(string actorId, int householdId, Action<HerderHousehold> change)
    {
        database.CurrentUser.UserId = actorId;
        await using (var db = await database.CreateDbContextAsync())
        {
            change(await db.Households.SingleAsync(h => h.Id == householdId));
            await db.SaveChangesAsync();
        }

        database.CurrentUser.UserId = null;
    }
}
