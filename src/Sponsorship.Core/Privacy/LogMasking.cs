using System.Text.RegularExpressions;

namespace Sponsorship.Core.Privacy;

/// <summary>
/// What of a person may go into a log line: an address reduced to its first letter and its domain
/// ("w***@example.com"), enough to tell two failures apart and to see a broken domain, never enough to name anyone.
/// </summary>
public static partial class LogMasking
{
    public static string Email(string? address)
    {
        if (string.IsNullOrEmpty(address))
        {
            return "";
        }

        var at = address.LastIndexOf('@');
        return at <= 0 ? "***" : $"{address[0]}***{address[at..]}";
    }

    /// <summary>The text with every address in it masked (an SMTP server's answer often repeats the recipient).</summary>
    public static string Emails(string? text) =>
        string.IsNullOrEmpty(text) ? "" : Address().Replace(text, m => Email(m.Value));

    [GeneratedRegex(@"[^\s<>()""',;:@]+@[A-Za-z0-9.\-]+", RegexOptions.CultureInvariant)]
    private static partial Regex Address();
}
