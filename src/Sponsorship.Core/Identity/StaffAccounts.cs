using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Data;

namespace Sponsorship.Core.Identity;

public sealed record AccountRow(string Id, string Email, string DisplayName, string Role, string? HouseholdName, string? HouseholdNameLatin);

public sealed record HouseholdChoice(int Id, string HeadName, string HeadNameLatin, string Village, string VillageLatin);

public sealed record NewStaffAccount(string Email, string DisplayName, string Role, int? HouseholdId, string Password);

public enum StaffAccountError
{
    None = 0,
    RoleNotStaff,
    HouseholdRequired,
    UnknownHousehold,
    EmailTaken,
    Rejected,
}

public sealed record StaffAccountResult(StaffAccountError Error, IReadOnlyList<string> IdentityErrors)
{
    public bool Succeeded => Error == StaffAccountError.None;
}

/// <summary>Herders and administrators do not register themselves: an administrator creates their accounts.</summary>
public sealed class StaffAccounts(IDbContextFactory<SponsorshipDbContext> dbFactory, UserManager<ApplicationUser> users)
{
    public async Task<IReadOnlyList<AccountRow>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await (
            from user in db.Users.AsNoTracking()
            join userRole in db.UserRoles on user.Id equals userRole.UserId
            join role in db.Roles on userRole.RoleId equals role.Id
            join household in db.Households on user.HerderHouseholdId equals household.Id into households
            from household in households.DefaultIfEmpty()
            orderby role.Name, user.Email
            select new AccountRow(user.Id, user.Email ?? "", user.DisplayName, role.Name ?? "", household.HeadName, household.HeadNameLatin))
            .ToListAsync(cancellationToken);
    }

    public async Task<StaffAccountResult> CreateAsync(NewStaffAccount account, CancellationToken cancellationToken = default)
    {
        if (account.Role is not (Roles.Herder or Roles.Admin))
        {
            return Fail(StaffAccountError.RoleNotStaff);
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
            DisplayName = account.DisplayName.Trim(),
            HerderHouseholdId = account.Role == Roles.Herder ? account.HouseholdId : null,
        };
        var created = await users.CreateAsync(user, account.Password);
        if (!created.Succeeded)
        {
            return new StaffAccountResult(StaffAccountError.Rejected, [.. created.Errors.Select(e => e.Description)]);
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

    public async Task<IReadOnlyList<HouseholdChoice>> HouseholdsAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Households.AsNoTracking()
            .Where(h => h.ArchivedAt == null)
            .OrderBy(h => h.Id)
            .Select(h => new HouseholdChoice(h.Id, h.HeadName, h.HeadNameLatin, h.Village.Name, h.Village.NameLatin))
            .ToListAsync(cancellationToken);
    }

    private static StaffAccountResult Fail(StaffAccountError error) => new(error, []);
}
