using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Sponsorship.Core.Identity;

namespace Sponsorship.Web.Features.Security;

/// <summary>
/// Sign-in answers the same for known and unknown addresses, in comparable time, and one source cannot lock anyone out:
/// wrong passwords are counted per client address and email (<c>RateLimits:SignInPerAccount</c>, 5 in 15 minutes),
/// whether or not the account exists, and only then refused there — the account's own lockout (Identity's, after
/// <see cref="IdentitySettings.MaxFailedAttempts"/> failures from anywhere) is the backstop an administrator can lift.
/// For an unknown address, or an account whose password Identity would not check, a dummy password hash is computed so
/// the answer takes as long as a real check.
/// </summary>
public sealed class SignInGuard(IOptions<PasswordHasherOptions> hashing, IMemoryCache cache, IOptions<RateLimitOptions> limits, TimeProvider clock)
{
    private readonly PasswordHasher<ApplicationUser> hasher = new(hashing);
    private readonly Lazy<string> dummyHash = new(() => new PasswordHasher<ApplicationUser>(hashing).HashPassword(new ApplicationUser(), Guid.NewGuid().ToString("N")));

    /// <summary>How long this source must wait before trying this address again; null when it may try.</summary>
    public TimeSpan? Wait(string clientAddress, string email)
    {
        if (!cache.TryGetValue(Key(clientAddress, email), out Window? window) || window is null)
        {
            return null;
        }

        var remaining = window.Ends - clock.GetUtcNow();
        return window.Failures >= limits.Value.SignInPerAccount.PermitLimit && remaining > TimeSpan.Zero ? remaining : null;
    }

    public void Failed(string clientAddress, string email)
    {
        var now = clock.GetUtcNow();
        var length = TimeSpan.FromSeconds(limits.Value.SignInPerAccount.WindowSeconds);
        var window = cache.GetOrCreate(Key(clientAddress, email), entry =>
        {
            entry.AbsoluteExpiration = now + length;
            return new Window(now + length);
        })!;
        Interlocked.Increment(ref window.Failures);
    }

    public void Succeeded(string clientAddress, string email) => cache.Remove(Key(clientAddress, email));

    /// <summary>Spends what a real password check costs (PBKDF2 with the same iterations) on nothing.</summary>
    public void SpendLikeAPasswordCheck(string password) =>
        hasher.VerifyHashedPassword(new ApplicationUser(), dummyHash.Value, password);

    private static string Key(string clientAddress, string email) => $"sign-in:{clientAddress}:{email.Trim().ToUpperInvariant()}";

    private sealed class Window(DateTimeOffset ends)
    {
        public int Failures;

        public DateTimeOffset Ends { get; } = ends;
    }
}
