using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Sponsorship.Core.Identity;

namespace Sponsorship.Web.Features.Identity;

/// <summary>
/// Puts the person's display name into the cookie so the app bar can greet them without a query, marks a sign-in
/// whose account has two-factor sign-in on (<see cref="AdminTwoFactor"/>), and carries the privacy notice version the
/// person accepted (<see cref="Privacy.PrivacySetup.UsePrivacyConsent"/>).
/// </summary>
public sealed class DisplayNameClaim(
    UserManager<ApplicationUser> userManager, RoleManager<IdentityRole> roleManager, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<ApplicationUser, IdentityRole>(userManager, roleManager, options)
{
    public const string Type = "sponsorship:display_name";

    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(ApplicationUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        if (!string.IsNullOrWhiteSpace(user.DisplayName))
        {
            identity.AddClaim(new Claim(Type, user.DisplayName));
        }

        if (user.TwoFactorEnabled)
        {
            identity.AddClaim(new Claim(AdminTwoFactor.ClaimType, "on"));
        }

        if (user.PrivacyNoticeVersion is { } version)
        {
            identity.AddClaim(new Claim(Privacy.PrivacySetup.NoticeClaim, version.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        return identity;
    }
}
