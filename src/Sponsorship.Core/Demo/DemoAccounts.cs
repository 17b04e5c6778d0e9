using Sponsorship.Core.Identity;

namespace Sponsorship.Core.Demo;

/// <summary>The demo sign-ins printed at start. A and B accounts let people try the ownership rules.</summary>
public static class DemoAccounts
{
    public const string Password = "grassland-demo-1096";

    public static readonly DemoAccount Admin = new("admin@example.com", "管理员 Admin", Roles.Admin, HouseholdNumber: null);
    public static readonly DemoAccount SecondAdmin = new("admin2@example.com", "审核员 Checker", Roles.Admin, HouseholdNumber: null);
    public static readonly DemoAccount Sponsor = new("sponsor@example.com", "李喆", Roles.Sponsor, HouseholdNumber: null);
    public static readonly DemoAccount SecondSponsor = new("sponsor2@example.com", "Zoë Müller", Roles.Sponsor, HouseholdNumber: null);
    public static readonly DemoAccount Herder = new("herder@example.com", "巴特尔 Bater", Roles.Herder, HouseholdNumber: 1);
    public static readonly DemoAccount SecondHerder = new("herder2@example.com", "其木格 Chimeg", Roles.Herder, HouseholdNumber: 2);

    /// <summary>The contact of the demo's Changping district office (see DemoOrganisations).</summary>
    public static readonly DemoAccount OrganisationContact = new("changping@example.com", "刘建华", Roles.Sponsor, HouseholdNumber: null);

    public static readonly IReadOnlyList<DemoAccount> All = [Admin, SecondAdmin, Sponsor, SecondSponsor, Herder, SecondHerder, OrganisationContact];
}

/// <param name="HouseholdNumber">For herders: the 1-based position of their household in the demo data.</param>
public sealed record DemoAccount(string Email, string DisplayName, string Role, int? HouseholdNumber);
