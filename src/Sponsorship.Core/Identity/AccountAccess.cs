using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Data;

namespace Sponsorship.Core.Identity;

public enum AccountAccessError
{
    None = 0,
    NotAllowed,
    NotFound,

    /// <summary>An administrator cannot disable their own account (another one can).</summary>
    Self,

    /// <summary>Disabling this administrator would leave fewer than two enabled administrators.</summary>
    TooFewAdmins,
    AlreadyDone,
}

/// <summary>
/// An administrator disables an account (sign-in refused; open sessions and circuits lose access at their next check,
/// within a minute), enables it again, or lifts a lockout that wrong passwords caused. Disabling an administrator also
/// takes the Admin role away: enabling gives back a plain account, and power again needs two administrators.
/// </summary>
public sealed class AccountAccess(IDbContextFactory<SponsorshipDbContext> dbFactory, TimeProvider clock)
{
    public async Task<AccountAccessError> DisableAsync(string userId, string adminUserId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!await Administrators.IsAdministratorAsync(db, adminUserId, cancellationToken))
        {
            return AccountAccessError.NotAllowed;
        }

        if (userId == adminUserId)
        {
            return AccountAccessError.Self;
        }

        var user = await db.Users.SingleOrDefaultAsync(u => u.Id == userId, cancellationToken);
        if (user is null)
        {
            return AccountAccessError.NotFound;
        }

        if (user.DisabledAt is not null)
        {
            return AccountAccessError.AlreadyDone;
        }

        var now = clock.GetUtcNow();
        if (await AdminGrants.HoldsAdminRoleAsync(db, userId, cancellationToken))
        {
            if (await AdminGrants.LeavesTooFewAsync(db, userId, cancellationToken))
            {
                return AccountAccessError.TooFewAdmins;
            }

            await AdminGrants.RemoveAdminRoleAsync(db, user, adminUserId, now, cancellationToken);
        }

        user.DisabledAt = now;
        user.DisabledByUserId = adminUserId;
        SecurityStamps.Renew(user);
        return await SaveAsync(db, cancellationToken);
    }

    public async Task<AccountAccessError> EnableAsync(string userId, string adminUserId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var (user, refusal) = await LiveAccountForAdminAsync(db, userId, adminUserId, cancellationToken);
        if (user is null)
        {
            return refusal;
        }

        if (user.DisabledAt is null)
        {
            return AccountAccessError.AlreadyDone;
        }

        user.DisabledAt = null;
        user.DisabledByUserId = null;
        SecurityStamps.Renew(user);
        return await SaveAsync(db, cancellationToken);
    }

    /// <summary>Ends a lockout at once (five guesses by a stranger must not keep an administrator out for long).</summary>
    public async Task<AccountAccessError> LiftLockoutAsync(string userId, string adminUserId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var (user, refusal) = await LiveAccountForAdminAsync(db, userId, adminUserId, cancellationToken);
        if (user is null)
        {
            return refusal;
        }

        user.LockoutEnd = null;
        user.AccessFailedCount = 0;
        return await SaveAsync(db, cancellationToken);
    }

    /// <summary>
    /// The account an administrator acts on, or why they cannot. A deleted account stays closed for good: it has no owner
    /// any more.
    /// </summary>
    private static async Task<(ApplicationUser? User, AccountAccessError Refusal)> LiveAccountForAdminAsync(
        SponsorshipDbContext db, string userId, string adminUserId, CancellationToken cancellationToken)
    {
        if (!await Administrators.IsAdministratorAsync(db, adminUserId, cancellationToken))
        {
            return (null, AccountAccessError.NotAllowed);
        }

        var user = await db.Users.SingleOrDefaultAsync(u => u.Id == userId && u.DeletedAt == null, cancellationToken);
        return user is null ? (null, AccountAccessError.NotFound) : (user, AccountAccessError.None);
    }

    private static async Task<AccountAccessError> SaveAsync(SponsorshipDbContext db, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return AccountAccessError.None;
        }
        catch (DbUpdateConcurrencyException)
        {
            return AccountAccessError.AlreadyDone;
        }
    }
}
