namespace Sponsorship.Core.Identity;

/// <summary>The two languages every string a person reads exists in.</summary>
public static class Cultures
{
    public const string Chinese = "zh-CN";
    public const string English = "en";
    public const string Default = Chinese;

    public static readonly IReadOnlyList<string> Supported = [Chinese, English];

    public static bool IsChinese(System.Globalization.CultureInfo culture) =>
        culture.TwoLetterISOLanguageName == "zh";
}
