using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Sponsorship.Core.Identity;

namespace Sponsorship.Web.Features.Identity;

/// <summary>
/// Outside Development an administrator must have an authenticator app set up before any admin page or endpoint (and so
/// any money action) works: every authorization that asks for the Admin role fails for an administrator whose sign-in
/// carries no two-factor claim, and the access-denied page sends them to set one up. In Development the demo
/// administrators keep signing in with a password (<see cref="Operations.DevelopmentConveniences"/>).
/// </summary>
public sealed class AdminTwoFactor(bool required) : AuthorizationHandler<RolesAuthorizationRequirement>
{
    /// <summary>Put into the sign-in cookie when the account has two-factor sign-in turned on.</summary>
    public const string ClaimType = "sponsorship:two_factor";

    public bool Required => required;

    /// <summary>An administrator who must set up an authenticator before admin pages open.</summary>
    public bool NeedsSetup(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return required && user.IsInRole(Roles.Admin) && !user.HasClaim(c => c.Type == ClaimType);
    }

    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, RolesAuthorizationRequirement requirement)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(requirement);
        if (requirement.AllowedRoles.Contains(Roles.Admin) && NeedsSetup(context.User))
        {
            context.Fail(new AuthorizationFailureReason(this, "An administrator needs an authenticator app set up."));
        }

        return Task.CompletedTask;
    }
}
