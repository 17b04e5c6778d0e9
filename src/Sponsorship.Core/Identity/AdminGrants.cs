using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Data;

namespace Sponsorship.Core.Identity;

public enum AdminGrantError
{
    None = 0,

    /// <summary>The caller is not an administrator (any more).</summary>
    NotAllowed,
    NotFound,

    /// <summary>The administrator who asked cannot confirm their own request.</summary>
    RequesterCannotConfirm,
    AlreadyAdmin,
    AlreadyPending,

    /// <summary>Someone decided a moment earlier; nothing changed.</summary>
    AlreadyDecided,
    NotAdmin,

    /// <summary>Fewer than two administrators would be left, and nobody could confirm a new one.</summary>
    TooFewAdmins,
    AccountDisabled,
}

public sealed record PendingAdminGrant(int Id, string UserId, string Email, string DisplayName, string RequestedBy, string RequestedByUserId, DateTimeOffset RequestedAt);

/// <summary>
/// Making an administrator takes two: one administrator asks (<see cref="RequestAsync"/>, or by creating an admin
/// account), a different existing administrator confirms, and only the confirmation gives the Admin role. Until then the
/// account is a plain one. Revoking takes the role away at once. Every decision renews the account's security stamp.
/// </summary>
public sealed class AdminGrants(IDbContextFactory<SponsorshipDbContext> dbFactory, TimeProvider clock)
{
    /// <summary>The requester of the grants made when the programme was installed (the demo's administrators).</summary>
    public const string Installation = "installation";

    /// <summary>At least this many enabled administrators stay, so that someone can still confirm a new one.</summary>
    public const int MinimumAdministrators = 2;

    public async Task<AdminGrantError> RequestAsync(string userId, string adminUserId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!await Administrators.IsAdministratorAsync(db, adminUserId, cancellationToken))
        {
            return AdminGrantError.NotAllowed;
        }

        var user = await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => new { u.DisabledAt }).SingleOrDefaultAsync(cancellationToken);
        if (user is null)
        {
            return AdminGrantError.NotFound;
        }

        if (user.DisabledAt is not null)
        {
            return AdminGrantError.AccountDisabled;
        }

        if (await HoldsAdminRoleAsync(db, userId, cancellationToken))
        {
            return AdminGrantError.AlreadyAdmin;
        }

        db.AdminGrants.Add(NewRequest(userId, adminUserId, clock.GetUtcNow()));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return AdminGrantError.None;
        }
        catch (DbUpdateException)
        {
            // The unique index on waiting grants: another administrator asked a moment ago.
            return AdminGrantError.AlreadyPending;
        }
    }

    public static AdminGrant NewRequest(string userId, string requestedByUserId, DateTimeOffset now) =>
        new() { UserId = userId, RequestedByUserId = requestedByUserId, RequestedAt = now, Status = AdminGrantStatus.Pending };

    /// <summary>A different administrator confirms: the account gets the Admin role in the same save.</summary>
    public async Task<AdminGrantError> ConfirmAsync(int grantId, string adminUserId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!await Administrators.IsAdministratorAsync(db, adminUserId, cancellationToken))
        {
            return AdminGrantError.NotAllowed;
        }

        var grant = await db.AdminGrants.Include(g => g.User).SingleOrDefaultAsync(g => g.Id == grantId, cancellationToken);
        if (grant is null)
        {
            return AdminGrantError.NotFound;
        }

        if (grant.Status != AdminGrantStatus.Pending)
        {
            return AdminGrantError.AlreadyDecided;
        }

        if (grant.RequestedByUserId == adminUserId || grant.UserId == adminUserId)
        {
            return AdminGrantError.RequesterCannotConfirm;
        }

        if (grant.User.DisabledAt is not null)
        {
            return AdminGrantError.AccountDisabled;
        }

        Decide(grant, AdminGrantStatus.Confirmed, adminUserId);
        if (!await HoldsAdminRoleAsync(db, grant.UserId, cancellationToken))
        {
            db.UserRoles.Add(new IdentityUserRole<string> { UserId = grant.UserId, RoleId = await AdminRoleIdAsync(db, cancellationToken) });
        }

        SecurityStamps.Renew(grant.User);
        return await SaveDecisionAsync(db, cancellationToken);
    }

    /// <summary>Any administrator (the requester too) turns a waiting request down; the account stays a plain one.</summary>
    public async Task<AdminGrantError> RefuseAsync(int grantId, string adminUserId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!await Administrators.IsAdministratorAsync(db, adminUserId, cancellationToken))
        {
            return AdminGrantError.NotAllowed;
        }

        var grant = await db.AdminGrants.SingleOrDefaultAsync(g => g.Id == grantId, cancellationToken);
        if (grant is null)
        {
            return AdminGrantError.NotFound;
        }

        if (grant.Status != AdminGrantStatus.Pending)
        {
            return AdminGrantError.AlreadyDecided;
        }

        Decide(grant, AdminGrantStatus.Refused, adminUserId);
        return await SaveDecisionAsync(db, cancellationToken);
    }

    /// <summary>Takes the Admin role away at once (one administrator is enough to remove power, never to give it).</summary>
    public async Task<AdminGrantError> RevokeAsync(string userId, string adminUserId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!await Administrators.IsAdministratorAsync(db, adminUserId, cancellationToken))
        {
            return AdminGrantError.NotAllowed;
        }

        var user = await db.Users.SingleOrDefaultAsync(u => u.Id == userId, cancellationToken);
        if (user is null)
        {
            return AdminGrantError.NotFound;
        }

        if (!await HoldsAdminRoleAsync(db, userId, cancellationToken))
        {
            return AdminGrantError.NotAdmin;
        }

        if (await LeavesTooFewAsync(db, userId, cancellationToken))
        {
            return AdminGrantError.TooFewAdmins;
        }

        await RemoveAdminRoleAsync(db, user, adminUserId, clock.GetUtcNow(), cancellationToken);
        return await SaveDecisionAsync(db, cancellationToken);
    }

    public async Task<IReadOnlyList<PendingAdminGrant>?> PendingAsync(string adminUserId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!await Administrators.IsAdministratorAsync(db, adminUserId, cancellationToken))
        {
            return null;
        }

        return await db.AdminGrants.AsNoTracking().Where(g => g.Status == AdminGrantStatus.Pending).OrderBy(g => g.RequestedAt).ThenBy(g => g.Id)
            .Select(g => new PendingAdminGrant(
                g.Id, g.UserId, g.User.Email ?? "", g.User.DisplayName,
                db.Users.Where(u => u.Id == g.RequestedByUserId).Select(u => u.DisplayName).FirstOrDefault() ?? g.RequestedByUserId,
                g.RequestedByUserId, g.RequestedAt))
            .ToListAsync(cancellationToken);
    }

    /// <summary>Removes the role, marks the confirmed grant revoked and renews the stamp; the caller saves.</summary>
    internal static async Task RemoveAdminRoleAsync(SponsorshipDbContext db, ApplicationUser user, string adminUserId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var roleId = await AdminRoleIdAsync(db, cancellationToken);
        db.UserRoles.RemoveRange(await db.UserRoles.Where(r => r.UserId == user.Id && r.RoleId == roleId).ToListAsync(cancellationToken));
        foreach (var grant in await db.AdminGrants.Where(g => g.UserId == user.Id && (g.Status == AdminGrantStatus.Confirmed || g.Status == AdminGrantStatus.Pending)).ToListAsync(cancellationToken))
        {
            grant.Status = grant.Status == AdminGrantStatus.Pending ? AdminGrantStatus.Refused : AdminGrantStatus.Revoked;
            grant.DecidedByUserId = adminUserId;
            grant.DecidedAt = now;
        }

        SecurityStamps.Renew(user);
    }

    internal static Task<bool> HoldsAdminRoleAsync(SponsorshipDbContext db, string userId, CancellationToken cancellationToken) =>
        (from userRole in db.UserRoles
         join role in db.Roles on userRole.RoleId equals role.Id
         where userRole.UserId == userId && role.Name == Roles.Admin
         select userRole).AnyAsync(cancellationToken);

    /// <summary>Whether taking <paramref name="userId"/>'s power away would leave fewer than two enabled administrators.</summary>
    internal static async Task<bool> LeavesTooFewAsync(SponsorshipDbContext db, string userId, CancellationToken cancellationToken)
    {
        var others = await (
            from user in db.Users
            join userRole in db.UserRoles on user.Id equals userRole.UserId
            join role in db.Roles on userRole.RoleId equals role.Id
            where role.Name == Roles.Admin && user.DisabledAt == null && user.Id != userId
            select user.Id).Distinct().CountAsync(cancellationToken);
        return others < MinimumAdministrators;
    }

    private static async Task<string> AdminRoleIdAsync(SponsorshipDbContext db, CancellationToken cancellationToken) =>
        await db.Roles.Where(r => r.Name == Roles.Admin).Select(r => r.Id).SingleAsync(cancellationToken);

    private void Decide(AdminGrant grant, AdminGrantStatus status, string adminUserId)
    {
        grant.Status = status;
        grant.DecidedByUserId = adminUserId;
        grant.DecidedAt = clock.GetUtcNow();
    }

    private static async Task<AdminGrantError> SaveDecisionAsync(SponsorshipDbContext db, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return AdminGrantError.None;
        }
        catch (DbUpdateException)
        {
            // The grant's status (a concurrency token) or the role row changed under us: someone decided first.
            return AdminGrantError.AlreadyDecided;
        }
    }
}
