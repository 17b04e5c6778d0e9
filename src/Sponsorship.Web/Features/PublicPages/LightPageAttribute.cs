namespace Sponsorship.Web.Features.PublicPages;

/// <summary>
/// Marks a page people open on one or two bars of signal (the herders' pages) that renders statically and uses only the
/// MudBlazor components <c>css/mud-static.css</c> covers: like a <see cref="PublicPageAttribute"/> page it gets that
/// trimmed stylesheet with the theme in it instead of MudBlazor's whole stylesheet, script and inline theme, and its
/// HTML is compressed (see <see cref="LightPages"/>).
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class LightPageAttribute : Attribute;

/// <summary>What a page's <c>&lt;head&gt;</c> and scripts need, from its endpoint.</summary>
public static class LightPages
{
    /// <summary>A public page or a <see cref="LightPageAttribute"/> page: the trimmed stylesheet, no MudBlazor script.</summary>
    public static bool IsLight(HttpContext? context) => IsPublic(context) || Has<LightPageAttribute>(context);

    /// <summary>A public page runs no script at all: its links and its filter form are plain HTML.</summary>
    public static bool IsPublic(HttpContext? context) => Has<PublicPageAttribute>(context);

    /// <summary>
    /// A GET of a <see cref="LightPageAttribute"/> page, whose HTML may be compressed although it is someone's own page:
    /// its only secrets, the antiforgery token and the persisted component state, are encrypted afresh for every
    /// response, so comparing the sizes of compressed responses (BREACH) learns nothing about them. Nothing a stranger
    /// can choose is echoed beside the page's own data either: posts, and GETs with a query string (a search's digits,
    /// a form's "saved" notice), are not compressed.
    /// </summary>
    public static bool IsCompressible(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return (HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method))
            && !context.Request.QueryString.HasValue
            && Has<LightPageAttribute>(context);
    }

    private static bool Has<T>(HttpContext? context) where T : class => context?.GetEndpoint()?.Metadata.GetMetadata<T>() is not null;
}
