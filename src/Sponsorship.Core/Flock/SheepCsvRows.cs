using System.Globalization;

namespace Sponsorship.Core.Flock;

/// <summary>One data line as read; the typed values are null where the line has an error in that column.</summary>
public sealed record ImportRow(
    int Line, string Tag, string Name, Sex? Sex, DateOnly? BirthDate, Breed? Breed,
    string HouseholdText, int? HouseholdId, string? HouseholdName, string? HouseholdNameLatin);

/// <summary>The rules for one line of a sheep CSV: a valid ear tag not seen earlier in the file, a name, sex, breed, a past birth date and a household.</summary>
public static class SheepCsvRows
{
    public const int MaxNameLength = 64;
    public const int MaxAgeYears = 15;

    private static readonly Dictionary<string, Sex> SexValues = new(StringComparer.OrdinalIgnoreCase)
    {
        ["ewe"] = Sex.Ewe, ["female"] = Sex.Ewe, ["f"] = Sex.Ewe, ["母羊"] = Sex.Ewe, ["母"] = Sex.Ewe,
        ["ram"] = Sex.Ram, ["male"] = Sex.Ram, ["m"] = Sex.Ram, ["公羊"] = Sex.Ram, ["公"] = Sex.Ram,
    };

    private static readonly Dictionary<string, Breed> BreedValues = new(StringComparer.OrdinalIgnoreCase)
    {
        ["chahar"] = Breed.Chahar, ["察哈尔羊"] = Breed.Chahar, ["察哈尔"] = Breed.Chahar,
        ["ujimqin"] = Breed.Ujimqin, ["乌珠穆沁羊"] = Breed.Ujimqin, ["乌珠穆沁"] = Breed.Ujimqin,
        ["sunit"] = Breed.Sunit, ["苏尼特羊"] = Breed.Sunit, ["苏尼特"] = Breed.Sunit,
    };

    private static readonly string[] DateFormats =
    [
        "yyyy-M-d", "yyyy/M/d", "yyyy.M.d", "yyyyMMdd", "yyyy年M月d日",
        "yyyy-M-d H:mm", "yyyy-M-d H:mm:ss", "yyyy/M/d H:mm", "yyyy/M/d H:mm:ss",
    ];

    /// <summary>Reads one line, adding its errors; <paramref name="firstLineOfTag"/> remembers the tags of the lines before it.</summary>
    public static ImportRow Read(
        int line, Func<ImportColumn, string> field, SheepCsvHouseholds households, DateOnly today, Dictionary<string, int> firstLineOfTag, List<ImportError> errors)
    {
        ArgumentNullException.ThrowIfNull(field);
        ArgumentNullException.ThrowIfNull(households);
        ArgumentNullException.ThrowIfNull(firstLineOfTag);
        ArgumentNullException.ThrowIfNull(errors);
        void Error(ImportColumn column, ImportErrorCode code, string value, EarTagError tagError = EarTagError.None, int? otherLine = null) =>
            errors.Add(new ImportError(line, column, code, value, tagError, otherLine));

        var tag = field(ImportColumn.Tag);
        if (tag.Length == 0)
        {
            Error(ImportColumn.Tag, ImportErrorCode.Required, "");
        }
        else if (!EarTag.TryParse(tag, out var earTag, out var tagError))
        {
            var scientific = tag.Contains('E', StringComparison.OrdinalIgnoreCase) && double.TryParse(tag, NumberStyles.Float, CultureInfo.InvariantCulture, out _);
            Error(ImportColumn.Tag, scientific ? ImportErrorCode.TagInScientificNotation : ImportErrorCode.BadTag, tag, tagError);
        }
        else
        {
            tag = earTag.Value.Value;
            if (firstLineOfTag.TryGetValue(tag, out var first))
            {
                Error(ImportColumn.Tag, ImportErrorCode.DuplicateInFile, tag, otherLine: first);
            }
            else
            {
                firstLineOfTag[tag] = line;
            }
        }

        var name = field(ImportColumn.Name);
        if (name.Length == 0)
        {
            Error(ImportColumn.Name, ImportErrorCode.Required, "");
        }
        else if (name.Length > MaxNameLength)
        {
            Error(ImportColumn.Name, ImportErrorCode.TooLong, name);
        }

        var sexText = field(ImportColumn.Sex);
        Sex? sex = SexValues.TryGetValue(sexText, out var s) ? s : null;
        if (sex is null)
        {
            Error(ImportColumn.Sex, sexText.Length == 0 ? ImportErrorCode.Required : ImportErrorCode.BadSex, sexText);
        }

        var breedText = field(ImportColumn.Breed);
        Breed? breed = BreedValues.TryGetValue(breedText, out var b) ? b : null;
        if (breed is null)
        {
            Error(ImportColumn.Breed, breedText.Length == 0 ? ImportErrorCode.Required : ImportErrorCode.BadBreed, breedText);
        }

        var dateText = field(ImportColumn.BirthDate);
        DateOnly? birthDate = null;
        if (dateText.Length == 0)
        {
            Error(ImportColumn.BirthDate, ImportErrorCode.Required, "");
        }
        else if (!DateTime.TryParseExact(dateText, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
        {
            Error(ImportColumn.BirthDate, ImportErrorCode.BadDate, dateText);
        }
        else if (DateOnly.FromDateTime(parsed) > today)
        {
            Error(ImportColumn.BirthDate, ImportErrorCode.FutureDate, dateText);
        }
        else if (DateOnly.FromDateTime(parsed) < today.AddYears(-MaxAgeYears))
        {
            Error(ImportColumn.BirthDate, ImportErrorCode.TooOld, dateText);
        }
        else
        {
            birthDate = DateOnly.FromDateTime(parsed);
        }

        var householdText = field(ImportColumn.Household);
        var (household, householdError) = householdText.Length == 0 ? (null, ImportErrorCode.Required) : households.Find(householdText);
        if (household is null)
        {
            Error(ImportColumn.Household, householdError, householdText);
        }

        return new ImportRow(line, tag, name, sex, birthDate, breed, householdText, household?.Id, household?.HeadName, household?.HeadNameLatin);
    }
}
