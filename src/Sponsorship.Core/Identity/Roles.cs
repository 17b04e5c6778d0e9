namespace Sponsorship.Core.Identity;

public static class Roles
{
    public const string Sponsor = nameof(Sponsor);
    public const string Herder = nameof(Herder);
    public const string Admin = nameof(Admin);

    public static readonly IReadOnlyList<string> All = [Sponsor, Herder, Admin];
}
