namespace Sponsorship.Web;

/// <summary>The <c>App</c> configuration section (the README's settings table).</summary>
public sealed class AppOptions
{
    public const string Section = "App";

    /// <summary>Where the SQLite file, stored files and caught mail live; relative paths are under the content root.</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>Absolute base for links in mail, PDFs and QR codes.</summary>
    public string PublicBaseUrl { get; set; } = "";

    /// <summary>Fill an empty database with the Taibus demo programme (on in Development, or with --seed-demo).</summary>
    public bool SeedDemo { get; set; }

    /// <summary>With the demo: every sheep's reviewed history and drawn portrait (the browser tests turn it off).</summary>
    public bool SeedDemoHistory { get; set; } = true;

    /// <summary>With the demo: last month's payouts paid and reconciled but for one line (the HTTP tests turn it off).</summary>
    public bool SeedDemoMoneyCycle { get; set; } = true;

    /// <summary>
    /// The absolute address of a page for a link that leaves the app (a confirmation or reset mail, a PDF, a QR code, a
    /// payment provider's return): always built from <see cref="PublicBaseUrl"/>, never from the Host a request named.
    /// </summary>
    public string PublicLink(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var baseUrl = string.IsNullOrWhiteSpace(PublicBaseUrl) ? DevelopmentBaseUrl : PublicBaseUrl.TrimEnd('/');
        return $"{baseUrl}/{path.TrimStart('/')}";
    }

    /// <summary>Where <c>dotnet run</c> listens; the base of links only when no public base URL is configured (Development).</summary>
    public const string DevelopmentBaseUrl = "http://localhost:5080";

    public string ResolveDataDirectory(string contentRoot) =>
        Path.GetFullPath(Path.IsPathRooted(DataDirectory) ? DataDirectory : Path.Combine(contentRoot, DataDirectory));
}
