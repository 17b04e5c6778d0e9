using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Data;

namespace Sponsorship.Core.Identity;

/// <summary>
/// One account as administrators see it. <see cref="Role"/> is the role it holds (Admin only once confirmed);
/// <see cref="AdminPending"/> says a request to make it an administrator waits for a second administrator.
/// </summary>
public sealed record AccountRow(
    string Id, string Email, string DisplayName, string Role, string? HouseholdName, string? HouseholdNameLatin,
    bool AdminPending = false, bool Disabled = false, bool LockedOut = false);

public sealed record HouseholdChoice(int Id, string HeadName, string HeadNameLatin, string Village, string VillageLatin);

public sealed record NewStaffAccount(string Email, string DisplayName, string Role, int? HouseholdId, string Password);

public enum StaffAccountError
{
    None = 0,
    NotAllowed,
    RoleNotStaff,
    HouseholdRequired,
    UnknownHousehold,
    EmailTaken,
    Rejected,
    NameRequired,
    NameTooLong,
}

/// <param name="AwaitsConfirmation">An admin account was made as a plain one: a second administrator must confirm it.</param>
public sealed record StaffAccountResult(StaffAccountError Error, IReadOnlyList<string> IdentityErrors, bool AwaitsConfirmation = false)
{
    public bool Succeeded => Error == StaffAccountError.None;
}

/// <summary>
/// Herders and administrators do not register themselves: an administrator creates their accounts. A new administrator
/// starts as a plain account with a waiting <see cref="AdminGrant"/>; a different administrator confirms it
/// (<see cref="AdminGrants"/>).
/// </summary>
public sealed class StaffAccounts(IDbContextFactory<SponsorshipDbContext> dbFactory, UserManager<ApplicationUser> users, TimeProvider clock)
{
    public const int MaxListed = 500;
    public const int MaxDisplayNameLength = 128;

    /// <summary>Accounts with their roles, staff first; null when the caller is not an administrator.</summary>
    public async Task<IReadOnlyList<AccountRow>?> ListAsync(string adminUserId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!await Administrators.IsAdministratorAsync(db, adminUserId, cancellationToken))
        {
            return null;
        }

        var now = clock.GetUtcNow();
        var rows = await (
            from user in db.Users.AsNoTracking().Where(u => u.DeletedAt == null)
            join userRole in db.UserRoles on user.Id equals userRole.UserId into userRoles
            from userRole in userRoles.DefaultIfEmpty()
            join role in db.Roles on userRole.RoleId equals role.Id into roles
            from role in roles.DefaultIfEmpty()
            join household in db.Households on user.HerderHouseholdId equals household.Id into households
            from household in households.DefaultIfEmpty()
            let pending = db.AdminGrants.Any(g => g.UserId == user.Id && g.Status == AdminGrantStatus.Pending)
            orderby role.Name == Roles.Sponsor, role.Name, user.Email
            select new
            {
                user.Id, user.Email, user.DisplayName, Role = role.Name, household.HeadName, household.HeadNameLatin, Pending = pending,
                user.DisabledAt, user.LockoutEnd,
            })
            .Take(MaxListed).ToListAsync(cancellationToken);
        return [.. rows.Select(r => new AccountRow(
            r.Id, r.Email ?? "", r.DisplayName, r.Role ?? "", r.HeadName, r.HeadNameLatin, r.Pending, r.DisabledAt is not null,
            r.LockoutEnd is { } end && end > now))];
    }

    public async Task<StaffAccountResult> CreateAsync(NewStaffAccount account, string adminUserId, CancellationToken cancellationToken = default)
    {
        if (!await Administrators.IsAdministratorAsync(dbFactory, adminUserId, cancellationToken))
        {
            return Fail(StaffAccountError.NotAllowed);
        }

        if (account.Role is not (Roles.Herder or Roles.Admin))
        {
            return Fail(StaffAccountError.RoleNotStaff);
        }

        var name = account.DisplayName.Trim();
        if (name.Length == 0)
        {
            return Fail(StaffAccountError.NameRequired);
        }

        if (name.Length > MaxDisplayNameLength)
        {
            return Fail(StaffAccountError.NameTooLong);
        }

        if (account.Role == Roles.Herder)
        {
            if (account.HouseholdId is not { } householdId)
            {
                return Fail(StaffAccountError.HouseholdRequired);
            }

            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            if (!await db.Households.AnyAsync(h => h.Id == householdId && h.ArchivedAt == null, cancellationToken))
            {
                return Fail(StaffAccountError.UnknownHousehold);
            }
        }

        var email = account.Email.Trim();
        if (await users.FindByEmailAsync(email) is not null)
        {
            return Fail(StaffAccountError.EmailTaken);
        }

        var user = new ApplicationUser
        {
            UserName = email,
            Email = email,
            EmailConfirmed = true,
            DisplayName = name,
            HerderHouseholdId = account.Role == Roles.Herder ? account.HouseholdId : null,
        };
        var created = await users.CreateAsync(user, account.Password);
        if (!created.Succeeded)
        {
            return new StaffAccountResult(StaffAccountError.Rejected, [.. created.Errors.Select(e => e.Description)]);
        }

        if (account.Role == Roles.Admin)
        {
            // Not an administrator yet: a plain account with a request that another administrator must confirm.
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            db.AdminGrants.Add(AdminGrants.NewRequest(user.Id, adminUserId, clock.GetUtcNow()));
            await db.SaveChangesAsync(cancellationToken);
            return new StaffAccountResult(StaffAccountError.None, [], AwaitsConfirmation: true);
        }

        var added = await users.AddToRoleAsync(user, account.Role);
        if (!added.Succeeded)
        {
            // Nothing half-saved: an account without its role is removed again.
            await users.DeleteAsync(user);
            return new StaffAccountResult(StaffAccountError.Rejected, [.. added.Errors.Select(e => e.Description)]);
        }

        return new StaffAccountResult(StaffAccountError.None, []);
    }

    public async Task<IReadOnlyList<HouseholdChoice>> HouseholdsAsync(string adminUserId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!await Administrators.IsAdministratorAsync(db, adminUserId, cancellationToken))
        {
            return [];
        }

        return await db.Households.AsNoTracking()
            .Where(h => h.ArchivedAt == null)
            .OrderBy(h => h.Id)
            .Select(h => new HouseholdChoice(h.Id, h.HeadName, h.HeadNameLatin, h.Village.Name, h.Village.NameLatin))
            .ToListAsync(cancellationToken);
    }

    private static StaffAccountResult Fail(StaffAccountError error) => new(error, []);
}
