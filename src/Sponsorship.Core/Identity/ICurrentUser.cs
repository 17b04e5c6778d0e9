namespace Sponsorship.Core.Identity;

/// <summary>Who is acting right now, as far as the trusted layer knows; null id when nobody is signed in.</summary>
public interface ICurrentUser
{
    string? UserId { get; }
}
