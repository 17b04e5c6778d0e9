using Microsoft.AspNetCore.Authentication.Cookies;
using Sponsorship.Core.Identity;

namespace Sponsorship.Web.Features.Identity;

/// <summary>
/// A herder on the summer pasture may not see a network for weeks; being sent to the sign-in page when the signal comes
/// back would strand the entries waiting on the phone. So a herder's sign-in is kept (a persistent cookie) for
/// <see cref="Length"/>, renewed as it is used. It stays revocable: signing out removes it from the phone, and the
/// security stamp check ends every copy within <see cref="IdentitySetup.SessionCheckInterval"/> once an administrator
/// disables the account or takes the role away. Every other role keeps the default session.
/// </summary>
public static class HerderSession
{
    public static readonly TimeSpan Length = TimeSpan.FromDays(60);

    public static Task KeepLongerAsync(CookieSigningInContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Principal?.IsInRole(Roles.Herder) == true && context.Properties.IssuedUtc is { } issued)
        {
            // Sliding renewal keeps the span between issued and expires, so the session stays this long while it is used.
            context.Properties.IsPersistent = true;
            context.Properties.ExpiresUtc = issued + Length;
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// Signing a herder out also tells the browser to drop the herder app's kept pages and outbox (the page's script
    /// warned first if entries were waiting). The security stamp is left alone: signing out on one phone does not end
    /// the herder's sessions elsewhere; an administrator disabling the account does.
    /// </summary>
    public static void End(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.User.IsInRole(Roles.Herder))
        {
            context.Response.Headers["Clear-Site-Data"] = "\"cache\", \"storage\"";
        }
    }
}
