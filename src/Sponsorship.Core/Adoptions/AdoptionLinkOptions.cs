namespace Sponsorship.Core.Adoptions;

/// <summary>Where links in adoption mail point: the app's public address (<c>App:PublicBaseUrl</c>), passed in by the host.</summary>
public sealed class AdoptionLinkOptions
{
    public string PublicBaseUrl { get; set; } = "";

    /// <summary>An absolute URL for a path of this app ("gifts/claim/…").</summary>
    public string Absolute(string path) => $"{PublicBaseUrl.TrimEnd('/')}/{path.TrimStart('/')}";
}
