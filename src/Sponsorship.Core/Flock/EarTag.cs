using System.Diagnostics.CodeAnalysis;

namespace Sponsorship.Core.Flock;

/// <summary>
/// The national livestock ear tag (畜禽标识): 15 digits = species code (3 for sheep and goats) + the 6-digit county
/// administrative code (Taibus Banner is 152527) + an 8-digit sequence. The code has no check digit, so validation
/// checks the shape: the species, a real province prefix, a county-level code and a non-zero sequence.
/// </summary>
public readonly record struct EarTag(string CountyCode, int Sequence)
{
    public const int Length = 15;
    public const char SheepSpeciesCode = '3';
    public const string TaibusCountyCode = "152527";

    // GB/T 2260 province-level prefixes.
    private static readonly HashSet<string> ProvinceCodes =
    [
        "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37",
        "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65",
    ];

    public string Value => $"{SheepSpeciesCode}{CountyCode}{Sequence:D8}";

    public override string ToString() => Value;

    public static EarTag ForTaibus(int sequence) => new(TaibusCountyCode, sequence);

    public static bool TryParse(string? text, [NotNullWhen(true)] out EarTag? tag, out EarTagError error)
    {
        tag = null;
        var value = (text ?? "").Trim();
        error = Check(value);
        if (error != EarTagError.None)
        {
            return false;
        }

        tag = new EarTag(value.Substring(1, 6), int.Parse(value.AsSpan(7, 8), System.Globalization.CultureInfo.InvariantCulture));
        return true;
    }

    private static EarTagError Check(string value)
    {
        if (value.Length == 0)
        {
            return EarTagError.Empty;
        }

        if (!value.All(char.IsAsciiDigit))
        {
            return EarTagError.NotDigits;
        }

        if (value.Length != Length)
        {
            return EarTagError.WrongLength;
        }

        if (value[0] != SheepSpeciesCode)
        {
            return EarTagError.NotSheep;
        }

        if (!ProvinceCodes.Contains(value.Substring(1, 2)))
        {
            return EarTagError.UnknownRegion;
        }

        if (value.Substring(5, 2) == "00")
        {
            return EarTagError.NotACounty;
        }

        return value.AsSpan(7).TrimStart('0').IsEmpty ? EarTagError.ZeroSequence : EarTagError.None;
    }
}

public enum EarTagError
{
    None = 0,
    Empty,
    NotDigits,
    WrongLength,
    NotSheep,
    UnknownRegion,
    NotACounty,
    ZeroSequence,
}
