using System.Globalization;
using System.Text;

namespace Sponsorship.Core.Flock;

public enum LatinNameError
{
    None = 0,
    TooLong,
    NotLatin,
}

/// <summary>
/// The rule for a sheep's name in Latin letters (团团 → Tuantuan, 乌日娜 → Urna): optional; letters of the Latin script
/// with or without diacritics (Lǜlü, Öljei), spaces, hyphens and apostrophes (Xi'an), starting with a letter.
/// </summary>
public static class SheepLatinName
{
    public const int MaxLength = 64;

    /// <summary>The name as stored (trimmed, runs of spaces made one, composed), or the reason it cannot be.</summary>
    public static (string Name, LatinNameError Error) Clean(string? input)
    {
        var name = string.Join(' ', (input ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Normalize(NormalizationForm.FormC);
        if (name.Length > MaxLength)
        {
            return (name, LatinNameError.TooLong);
        }

        var decomposed = name.Normalize(NormalizationForm.FormD);
        return name.Length == 0 || (IsLatinLetter(decomposed[0]) && decomposed.All(Allowed))
            ? (name, LatinNameError.None)
            : (name, LatinNameError.NotLatin);
    }

    private static bool Allowed(char c) =>
        c is ' ' or '-' or '\'' or '’' || IsLatinLetter(c) || CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark;

    // U+0000–U+024F are the Latin blocks (Basic, Latin-1, Extended-A and -B); after decomposition a tone mark is a
    // separate combining character.
    private static bool IsLatinLetter(char c) => c <= '\u024F' && char.IsLetter(c);
}
