using System.Globalization;

namespace Sponsorship.Web.Components.Common;

/// <summary>
/// Numbers in a page's query string are read as text and parsed here, so a value that does not parse (a word, a quote,
/// a number too large) is ignored like an absent one instead of failing the page with a server error.
/// </summary>
public static class QueryValue
{
    public static int? Number(string? text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;

    public static long? LargeNumber(string? text) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;
}
