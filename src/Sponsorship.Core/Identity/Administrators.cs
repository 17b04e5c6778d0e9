using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Data;

namespace Sponsorship.Core.Identity;

/// <summary>
/// The one check every administrator use case makes before it reads or changes anything, whatever page or endpoint
/// calls it: the caller's account holds the Admin role now (a second administrator confirmed it, see
/// <see cref="AdminGrants"/>) and is not disabled. It reads the database each time, so a role taken away or an account
/// disabled stops an open page at its next click, not at its next sign-in.
/// </summary>
public static class Administrators
{
    public static async Task<bool> IsAdministratorAsync(SponsorshipDbContext db, string? userId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (string.IsNullOrEmpty(userId))
        {
            return false;
        }

        return await (
            from user in db.Users
            join userRole in db.UserRoles on user.Id equals userRole.UserId
            join role in db.Roles on userRole.RoleId equals role.Id
            where user.Id == userId && user.DisabledAt == null && role.Name == Roles.Admin
            select user.Id).AnyAsync(cancellationToken);
    }

    /// <summary>The same check on a context of its own, for use cases that do not open one before they decide.</summary>
    public static async Task<bool> IsAdministratorAsync(IDbContextFactory<SponsorshipDbContext> dbFactory, string? userId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dbFactory);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await IsAdministratorAsync(db, userId, cancellationToken);
    }
}
