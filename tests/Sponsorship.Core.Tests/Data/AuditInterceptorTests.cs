using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Sponsorship.Core.Data;
using Sponsorship.Core.Flock;
using Sponsorship.Core.Identity;

namespace Sponsorship.Core.Tests.Data;

/// <summary>
/// The audit trail through the real interceptor on a real SQLite file. Each test acts as its own user, so it reads back
/// only the rows it caused.
/// </summary>
public class AuditInterceptorTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    private static int nextEarTag = 90_000_000;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Added_rows_are_audited_with_their_real_generated_keys(bool async)
    {
        var householdId = await NewHouseholdAsync();
        var user = ActAsNewUser();

        var tag = new IdTag { Type = IdTagType.NationalEarTag, Value = NextEarTag(), ValidFrom = database.Clock.GetUtcNow() };
        var sheep = NewSheep(householdId, tag);
        await using (var db = await database.CreateDbContextAsync())
        {
            db.Sheep.Add(sheep);
            await SaveAsync(db, async);
        }

        Assert.True(sheep.Id > 0);
        Assert.True(tag.Id > 0);
        var rows = await AuditRowsAsync(user);
        Assert.Equal(2, rows.Count);
        Assert.All(rows, r =>
        {
            Assert.Equal(AuditAction.Added, r.Action);
            Assert.Equal(database.Clock.GetUtcNow(), r.At);
            Assert.DoesNotContain("-", r.Key, StringComparison.Ordinal);
        });

        var sheepRow = Assert.Single(rows, r => r.Entity == nameof(Sheep));
        Assert.Equal(sheep.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), sheepRow.Key);
        var sheepFields = Fields(sheepRow);
        Assert.Contains(nameof(Sheep.Name), sheepFields);
        Assert.Contains(nameof(Sheep.Breed), sheepFields);
        Assert.Contains(nameof(Sheep.HouseholdId), sheepFields);
        Assert.DoesNotContain(nameof(Sheep.Id), sheepFields);

        var tagRow = Assert.Single(rows, r => r.Entity == nameof(IdTag));
        Assert.Equal(tag.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), tagRow.Key);
        Assert.Contains(nameof(IdTag.SheepId), Fields(tagRow));
        Assert.Contains(nameof(IdTag.Value), Fields(tagRow));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_modification_records_only_the_modified_fields(bool async)
    {
        var sheepId = await NewSheepAsync();
        var user = ActAsNewUser();

        await using (var db = await database.CreateDbContextAsync())
        {
            var sheep = await db.Sheep.SingleAsync(s => s.Id == sheepId);
            sheep.Name = "雪球";
            sheep.Notes = "Moved to the summer pasture.";
            await SaveAsync(db, async);
        }

        var row = Assert.Single(await AuditRowsAsync(user));
        Assert.Equal(AuditAction.Modified, row.Action);
        Assert.Equal(nameof(Sheep), row.Entity);
        Assert.Equal(sheepId.ToString(System.Globalization.CultureInfo.InvariantCulture), row.Key);
        Assert.Equal([nameof(Sheep.Name), nameof(Sheep.Notes)], Fields(row).Order());
    }

    [Fact]
    public async Task A_deletion_is_audited_with_the_deleted_key()
    {
        int villageId;
        await using (var db = await database.CreateDbContextAsync())
        {
            var village = new Village { Name = Unique("村"), NameLatin = Unique("Village") };
            db.Villages.Add(village);
            await db.SaveChangesAsync();
            villageId = village.Id;
        }

        var user = ActAsNewUser();
        await using (var db = await database.CreateDbContextAsync())
        {
            db.Villages.Remove(await db.Villages.SingleAsync(v => v.Id == villageId));
            await db.SaveChangesAsync();
        }

        var row = Assert.Single(await AuditRowsAsync(user));
        Assert.Equal(AuditAction.Deleted, row.Action);
        Assert.Equal(nameof(Village), row.Entity);
        Assert.Equal(villageId.ToString(System.Globalization.CultureInfo.InvariantCulture), row.Key);
        Assert.Equal("", row.ChangedFields);
    }

    [Fact]
    public async Task Password_hashes_and_security_stamps_are_never_listed()
    {
        var actor = ActAsNewUser();
        var email = $"{Guid.NewGuid():N}@example.com";
        await using (var scope = database.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            var user = new ApplicationUser { UserName = email, Email = email, DisplayName = "审计 Audit" };
            Assert.True((await users.CreateAsync(user, "first-password-long")).Succeeded);
            Assert.True((await users.ChangePasswordAsync(user, "first-password-long", "second-password-long")).Succeeded);
        }

        var rows = (await AuditRowsAsync(actor)).Where(r => r.Entity == nameof(ApplicationUser)).ToList();
        var added = Assert.Single(rows, r => r.Action == AuditAction.Added);
        Assert.Contains(nameof(ApplicationUser.Email), Fields(added));
        Assert.Contains(rows, r => r.Action == AuditAction.Modified);
        Assert.All(rows, r =>
        {
            Assert.DoesNotContain(nameof(ApplicationUser.PasswordHash), Fields(r));
            Assert.DoesNotContain(nameof(ApplicationUser.SecurityStamp), Fields(r));
            Assert.DoesNotContain(nameof(ApplicationUser.ConcurrencyStamp), Fields(r));
        });
    }

    [Fact]
    public async Task Writes_with_nobody_signed_in_are_not_audited()
    {
        database.CurrentUser.UserId = null;
        var before = await CountAuditRowsAsync();

        var sheepId = await NewSheepAsync();

        await using var db = await database.CreateDbContextAsync();
        Assert.True(await db.Sheep.AnyAsync(s => s.Id == sheepId));
        Assert.Equal(before, await CountAuditRowsAsync());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_failed_save_keeps_neither_the_change_nor_its_audit(bool async)
    {
        var householdId = await NewHouseholdAsync();
        var takenTag = NextEarTag();
        await NewSheepAsync(householdId, takenTag);
        var user = ActAsNewUser();
        var name = Unique("Dup");

        await using (var db = await database.CreateDbContextAsync())
        {
            // The sheep row is written first; its tag then breaks the unique index on (Type, Value).
            db.Sheep.Add(NewSheep(householdId, new IdTag { Type = IdTagType.NationalEarTag, Value = takenTag, ValidFrom = database.Clock.GetUtcNow() }, name));
            await Assert.ThrowsAsync<DbUpdateException>(() => SaveAsync(db, async));
            Assert.Null(db.Database.CurrentTransaction);
        }

        await using var check = await database.CreateDbContextAsync();
        Assert.False(await check.Sheep.AnyAsync(s => s.Name == name));
        Assert.Empty(await AuditRowsAsync(user));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task When_the_audit_cannot_be_written_the_change_is_not_kept_either(bool async)
    {
        // A real database rule, not a fake: this user's audit rows are refused.
        var user = ActAsNewUser();
        await database.RefuseInsertsAsync("AuditEntries", "UserId", user, "audit refused");

        var refused = Unique("Refused");
        var later = Unique("Later");
        await using (var db = await database.CreateDbContextAsync())
        {
            db.Villages.Add(new Village { Name = refused, NameLatin = refused });
            await Assert.ThrowsAnyAsync<DbUpdateException>(() => SaveAsync(db, async));
            Assert.Null(db.Database.CurrentTransaction);
            Assert.Empty(db.ChangeTracker.Entries<AuditEntry>());

            // The same context carries on (after showing the error, forgetting what it tracked) with nobody signed in:
            // that write must stick, not vanish into a transaction left open by the failed save.
            database.CurrentUser.UserId = null;
            db.ChangeTracker.Clear();
            db.Villages.Add(new Village { Name = later, NameLatin = later });
            await SaveAsync(db, async);
        }

        await using var check = await database.CreateDbContextAsync();
        Assert.False(await check.Villages.AnyAsync(v => v.Name == refused));
        Assert.True(await check.Villages.AnyAsync(v => v.Name == later));
        Assert.Empty(await AuditRowsAsync(user));
    }

    [Fact]
    public async Task Inside_a_callers_transaction_the_change_and_its_audit_roll_back_together()
    {
        var user = ActAsNewUser();
        var name = Unique("Rolled back");
        await using (var db = await database.CreateDbContextAsync())
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            db.Villages.Add(new Village { Name = name, NameLatin = name });
            await db.SaveChangesAsync();
            Assert.Single(await db.AuditEntries.Where(a => a.UserId == user).ToListAsync());
            await transaction.RollbackAsync();
        }

        await using var check = await database.CreateDbContextAsync();
        Assert.False(await check.Villages.AnyAsync(v => v.Name == name));
        Assert.Empty(await AuditRowsAsync(user));
    }

    private static Task<int> SaveAsync(DbContext db, bool async) =>
        async ? db.SaveChangesAsync() : Task.FromResult(db.SaveChanges());

    private static string NextEarTag() => EarTag.ForTaibus(Interlocked.Increment(ref nextEarTag)).Value;

    private static string Unique(string prefix) => $"{prefix} {Guid.NewGuid():N}";

    private static string[] Fields(AuditEntry row) => row.ChangedFields.Split(',', StringSplitOptions.RemoveEmptyEntries);

    private string ActAsNewUser()
    {
        var id = Guid.NewGuid().ToString("N");
        database.CurrentUser.UserId = id;
        return id;
    }

    private Sheep NewSheep(int householdId, IdTag tag, string? name = null) => new()
    {
        Name = name ?? Unique("Sheep"),
        Sex = Sex.Ewe,
        Breed = Breed.Ujimqin,
        BirthDate = DateOnly.FromDateTime(database.Clock.GetUtcNow().UtcDateTime).AddMonths(-8),
        HouseholdId = householdId,
        Tags = [tag],
    };

    /// <summary>A village and household made with nobody signed in (so without audit rows).</summary>
    private async Task<int> NewHouseholdAsync()
    {
        var acting = database.CurrentUser.UserId;
        database.CurrentUser.UserId = null;
        await using var db = await database.CreateDbContextAsync();
        var household = new HerderHousehold
        {
            Village = new Village { Name = Unique("村"), NameLatin = Unique("Village") },
            HeadName = "巴特尔",
            HeadNameLatin = "Bater",
        };
        db.Households.Add(household);
        await db.SaveChangesAsync();
        database.CurrentUser.UserId = acting;
        return household.Id;
    }

    private async Task<int> NewSheepAsync(int? householdId = null, string? earTag = null)
    {
        householdId ??= await NewHouseholdAsync();
        var acting = database.CurrentUser.UserId;
        database.CurrentUser.UserId = null;
        await using var db = await database.CreateDbContextAsync();
        var sheep = NewSheep(householdId.Value, new IdTag { Type = IdTagType.NationalEarTag, Value = earTag ?? NextEarTag(), ValidFrom = database.Clock.GetUtcNow() });
        db.Sheep.Add(sheep);
        await db.SaveChangesAsync();
        database.CurrentUser.UserId = acting;
        return sheep.Id;
    }

    private async Task<List<AuditEntry>> AuditRowsAsync(string userId)
    {
        await using var db = await database.CreateDbContextAsync();
        return await db.AuditEntries.AsNoTracking().Where(a => a.UserId == userId).ToListAsync();
    }

    private async Task<int> CountAuditRowsAsync()
    {
        await using var db = await database.CreateDbContextAsync();
        return await db.AuditEntries.CountAsync();
    }
}
