using System.Security.Cryptography;

namespace Sponsorship.Core.Identity;

/// <summary>
/// A new security stamp on the account, saved with the change that needs it (a role given or taken, the account disabled):
/// every cookie and open circuit carrying the old stamp is refused at its next check, so power lost ends at once.
/// </summary>
public static class SecurityStamps
{
    public static void Renew(ApplicationUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        user.SecurityStamp = Convert.ToHexString(RandomNumberGenerator.GetBytes(20));
        user.ConcurrencyStamp = Guid.NewGuid().ToString();
    }
}
