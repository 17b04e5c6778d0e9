using Microsoft.AspNetCore.Identity;

namespace Sponsorship.Core.Identity;

/// <summary>How accounts are hardened (password hashing, length, lockout), shared by the web app, the seeder and the tests.</summary>
public static class IdentitySettings
{
    public const int PasswordHashIterations = 210_000;
    public const int MinimumPasswordLength = 12;

    /// <summary>
    /// Wrong passwords from anywhere before an account is locked for 15 minutes. Guessing from one source is stopped much
    /// earlier, per address and account (the web app's sign-in guard), so one attacker cannot lock an administrator out
    /// from the administrator's own network; an administrator can lift a lockout at once.
    /// </summary>
    public const int MaxFailedAttempts = 20;

    public static void Apply(IdentityOptions options)
    {
        options.SignIn.RequireConfirmedAccount = true;
        options.User.RequireUniqueEmail = true;
        options.Password.RequiredLength = MinimumPasswordLength;
        options.Password.RequireDigit = false;
        options.Password.RequireLowercase = false;
        options.Password.RequireUppercase = false;
        options.Password.RequireNonAlphanumeric = false;
        options.Password.RequiredUniqueChars = 1;
        options.Lockout.AllowedForNewUsers = true;
        options.Lockout.MaxFailedAccessAttempts = MaxFailedAttempts;
        options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
        options.Stores.SchemaVersion = IdentitySchemaVersions.Version2;
    }

    public static void Apply(PasswordHasherOptions options)
    {
        options.CompatibilityMode = PasswordHasherCompatibilityMode.IdentityV3;
        options.IterationCount = PasswordHashIterations;
    }
}
