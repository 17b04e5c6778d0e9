using System.Globalization;

namespace Sponsorship.Web.Features.Flock.Offline;

/// <summary>The herder pages as an installable app: its manifest in the reader's language (我的羊群 or My flock).</summary>
public static class HerderApp
{
    /// <summary>A manifest cannot be worded per request (browsers fetch it without cookies), so there is one per language.</summary>
    public static string ManifestPath =>
        CultureInfo.CurrentUICulture.Name.StartsWith("en", StringComparison.Ordinal) ? "herder-app.en.webmanifest" : "herder-app.zh-CN.webmanifest";
}
