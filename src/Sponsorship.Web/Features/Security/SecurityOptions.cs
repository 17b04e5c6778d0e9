namespace Sponsorship.Web.Features.Security;

/// <summary>
/// The <c>Security</c> section: extra CSP sources for features that talk to another origin (a payment provider's
/// checkout page is a form target; a CDN for photos would be an image source). Empty by default.
/// </summary>
public sealed class SecurityOptions
{
    public const string Section = "Security";

    public IList<string> FormActionSources { get; } = [];

    public IList<string> ConnectSources { get; } = [];

    public IList<string> ImageSources { get; } = [];
}

/// <summary>
/// The <c>RateLimits</c> section: requests allowed per client IP address in each window. Generous on purpose: mobile
/// carriers in China put many phones behind one address (carrier-grade NAT), and wrong passwords for one account are
/// already limited per address (<see cref="SignInPerAccount"/>); these limits stop one address from trying many accounts.
/// </summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    /// <summary>POSTs to the sign-in pages (password, two-factor code, recovery code).</summary>
    public RateLimitWindow SignIn { get; set; } = new() { PermitLimit = 100, WindowSeconds = 60 };

    /// <summary>POSTs that create an account or send account mail (register, forgot password, resend confirmation).</summary>
    public RateLimitWindow Registration { get; set; } = new() { PermitLimit = 30, WindowSeconds = 60 };

    /// <summary>Wrong passwords per client address and email before that pair must wait (<see cref="SignInGuard"/>).</summary>
    public RateLimitWindow SignInPerAccount { get; set; } = new() { PermitLimit = 5, WindowSeconds = 900 };

    /// <summary>Certificate verification (<c>/verify/{serial}</c>, policy <see cref="RateLimits.Verification"/>).</summary>
    public RateLimitWindow Verification { get; set; } = new() { PermitLimit = 120, WindowSeconds = 60 };
}

public sealed class RateLimitWindow
{
    public int PermitLimit { get; set; }

    public int WindowSeconds { get; set; }
}
