namespace Sponsorship.Core.Organisations;

public enum CreditCodeError
{
    None = 0,
    Empty,
    WrongLength,

    /// <summary>A character outside the code's alphabet (digits and capitals without I, O, S, V, Z).</summary>
    BadCharacter,

    /// <summary>The first character names no registration authority (1–9, A–G or Y).</summary>
    UnknownAuthority,

    /// <summary>Characters 3–8 must be the six-digit administrative division code.</summary>
    BadDivision,

    /// <summary>The 18th character does not match the other seventeen: a typing mistake somewhere.</summary>
    CheckCharacterMismatch,
}

/// <summary>
/// The unified social credit code (统一社会信用代码) of GB 32100-2015: 18 characters — the registration authority, the
/// kind of organisation, the six-digit administrative division, the nine-character organisation code and a check
/// character. The check character is 31 minus the weighted sum of the first seventeen modulo 31 (weights 3^i mod 31),
/// with 31 written as 0, so any single mistyped character or swapped neighbours are caught.
/// </summary>
public static class CreditCode
{
    public const int Length = 18;

    /// <summary>The 31 characters a code may use, in the order of their values 0–30.</summary>
    public const string Alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";

    private const string Authorities = "123456789ABCDEFGY";

    private static readonly int[] Weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

    /// <summary>Spaces removed and letters capitalised, as people copy codes from business licences.</summary>
    public static string Normalize(string? text) =>
        new([.. (text ?? "").Where(c => !char.IsWhiteSpace(c) && c != '-').Select(char.ToUpperInvariant)]);

    public static CreditCodeError Check(string? text)
    {
        var code = Normalize(text);
        if (code.Length == 0)
        {
            return CreditCodeError.Empty;
        }

        if (code.Length != Length)
        {
            return CreditCodeError.WrongLength;
        }

        if (code.Any(c => !Alphabet.Contains(c, StringComparison.Ordinal)))
        {
            return CreditCodeError.BadCharacter;
        }

        if (!Authorities.Contains(code[0], StringComparison.Ordinal))
        {
            return CreditCodeError.UnknownAuthority;
        }

        if (code.AsSpan(2, 6).ContainsAnyExceptInRange('0', '9'))
        {
            return CreditCodeError.BadDivision;
        }

        return code[17] == CheckCharacter(code.AsSpan(0, 17)) ? CreditCodeError.None : CreditCodeError.CheckCharacterMismatch;
    }

    public static bool IsValid(string? text) => Check(text) == CreditCodeError.None;

    /// <summary>The check character for the first seventeen characters (which must be in <see cref="Alphabet"/>).</summary>
    public static char CheckCharacter(ReadOnlySpan<char> first17)
    {
        if (first17.Length != Length - 1)
        {
            throw new ArgumentException("A credit code's check character is computed over its first 17 characters.", nameof(first17));
        }

        var sum = 0;
        for (var i = 0; i < first17.Length; i++)
        {
            var value = Alphabet.IndexOf(first17[i], StringComparison.Ordinal);
            if (value < 0)
            {
                throw new ArgumentException($"'{first17[i]}' is not a credit code character.", nameof(first17));
            }

            sum += value * Weights[i];
        }

        return Alphabet[(31 - (sum % 31)) % 31];
    }
}
