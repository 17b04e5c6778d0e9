using System.Globalization;
using Microsoft.AspNetCore.OutputCaching;

namespace Sponsorship.Web.Features.PublicPages;

/// <summary>The names of what public pages show, by which cached pages are evicted.</summary>
public static class PublicPageTags
{
    /// <summary>Every public page (a deployment or a broad change).</summary>
    public const string All = "public";

    /// <summary>Every page of the catalogue, filtered or not.</summary>
    public const string Catalogue = "public:catalogue";

    /// <summary>The programme's figures.</summary>
    public const string Figures = "public:figures";

    /// <summary>The pages about one sheep: its profile under any of its ear tags, its certificates' verification.</summary>
    public static string Sheep(int sheepId) => string.Create(CultureInfo.InvariantCulture, $"public:sheep:{sheepId}");

    /// <summary>Tags the page being rendered, when it is going into the shared cache (a page about one sheep names it).</summary>
    public static void Add(HttpContext? context, string tag) =>
        context?.Features.Get<IOutputCacheFeature>()?.Context.Tags.Add(tag);
}
