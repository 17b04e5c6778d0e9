using Sponsorship.Core.Identity;

namespace Sponsorship.Web.Features.Identity;

/// <summary>Where each role lands after signing in.</summary>
public static class StartPages
{
    public const string Admin = "admin";
    public const string Herder = "herder";
    public const string Sponsor = "my";

    public static string For(IEnumerable<string> roles)
    {
        var set = roles.ToHashSet();
        return set.Contains(Roles.Admin) ? Admin : set.Contains(Roles.Herder) ? Herder : set.Contains(Roles.Sponsor) ? Sponsor : "";
    }
}
