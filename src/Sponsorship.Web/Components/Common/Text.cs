using System.Globalization;
using Microsoft.Extensions.Localization;
using Sponsorship.Core.Flock;
using Sponsorship.Web.Resources;

namespace Sponsorship.Web.Components.Common;

/// <summary>Localised names for domain values, so every page words them the same way.</summary>
public static class Text
{
    public static bool Chinese => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "zh";

    public static string Breed(this IStringLocalizer<Strings> l, Breed breed) => l[$"Breed.{breed}"];

    public static string Sex(this IStringLocalizer<Strings> l, Sex sex) => l[$"Sex.{sex}"];

    public static string Age(this IStringLocalizer<Strings> l, int months) =>
        months < 12 ? l.Count("Age.Months", months) : months % 12 == 0 ? l.Count("Age.Years", months / 12) : l["Age.YearsMonths", months / 12, months % 12];

    public static string Pick(string chinese, string latin) => Chinese ? chinese : latin;

    /// <summary>
    /// A sentence with a count as its first value: the key's ".One" form for exactly one ("1 new photo", "1 day ago"),
    /// the key's own otherwise ("3 new photos").
    /// </summary>
    public static string Count(this IStringLocalizer<Strings> l, string key, int count, params object[] more) =>
        l[count == 1 ? key + ".One" : key, [count, .. more]];

    /// <summary>An amount in fen as people read it: ¥1,800.00 (and -¥12.50 for money going out).</summary>
    public static string Yuan(long fen) =>
        (fen < 0 ? "-¥" : "¥") + (Math.Abs(fen) / 100m).ToString("N2", CultureInfo.InvariantCulture);

    /// <summary>The one way a date is written in Chinese, on pages and in mail: 2026年12月6日.</summary>
    public const string ChineseDatePattern = "yyyy年M月d日";

    /// <summary>The one way a date is written in English, on pages and in mail: 6 Dec 2026.</summary>
    public const string EnglishDatePattern = "d MMM yyyy";

    /// <summary>A calendar date in the reader's language: 2026年12月6日 or 6 Dec 2026.</summary>
    public static string Date(DateOnly day) => day.ToString(Chinese ? ChineseDatePattern : EnglishDatePattern, CultureInfo.InvariantCulture);

    /// <summary>
    /// A sheep's name as the reader reads it: 团团 in Chinese; 团团 · Tuantuan in English, the characters alone when it
    /// has no name in Latin letters.
    /// </summary>
    public static string Sheep(string name, string nameLatin) =>
        Chinese || string.IsNullOrWhiteSpace(nameLatin) || name.Length == 0 ? name : $"{name} · {nameLatin}";

    /// <summary>
    /// Where a move went in the reader's language: the named pasture (夏季草场 / Summer pasture); null for a place the
    /// herder wrote out, which pages quote as the herder's words rather than mix into their own.
    /// </summary>
    public static string? Pasture(MovedTo moved) => moved.Name is { } name ? Pick(name, moved.NameLatin ?? name) : null;

    public static string Household(string headName, string headNameLatin) =>
        Chinese ? $"{headName}家" : $"{headNameLatin} household";
}
