using Sponsorship.Core.Data;

namespace Sponsorship.Core.Flock;

/// <summary>The columns of a sheep CSV, in their canonical order: tag,name,sex,birth_date,breed,household.</summary>
public enum ImportColumn
{
    Tag,
    Name,
    Sex,
    BirthDate,
    Breed,
    Household,
}

/// <summary>The header of a sheep CSV: its canonical names in English and Chinese, and the spellings it accepts.</summary>
public static class SheepCsvColumns
{
    private static readonly (ImportColumn Column, string English, string Chinese)[] Canonical =
    [
        (ImportColumn.Tag, "tag", "耳标"),
        (ImportColumn.Name, "name", "名字"),
        (ImportColumn.Sex, "sex", "性别"),
        (ImportColumn.BirthDate, "birth_date", "出生日期"),
        (ImportColumn.Breed, "breed", "品种"),
        (ImportColumn.Household, "household", "牧户"),
    ];

    public static readonly IReadOnlyDictionary<ImportColumn, string> Names = Canonical.ToDictionary(c => c.Column, c => c.English);

    public static readonly IReadOnlyDictionary<ImportColumn, string> ChineseNames = Canonical.ToDictionary(c => c.Column, c => c.Chinese);

    // Compared after lower-casing and removing spaces, underscores and dashes (see UploadedCsv.MapHeader).
    private static readonly Dictionary<string, ImportColumn> Aliases = new(StringComparer.Ordinal)
    {
        ["tag"] = ImportColumn.Tag, ["eartag"] = ImportColumn.Tag, ["耳标"] = ImportColumn.Tag, ["耳标号"] = ImportColumn.Tag,
        ["name"] = ImportColumn.Name, ["名字"] = ImportColumn.Name, ["名称"] = ImportColumn.Name, ["羊名"] = ImportColumn.Name,
        ["sex"] = ImportColumn.Sex, ["gender"] = ImportColumn.Sex, ["性别"] = ImportColumn.Sex,
        ["birthdate"] = ImportColumn.BirthDate, ["dateofbirth"] = ImportColumn.BirthDate, ["born"] = ImportColumn.BirthDate,
        ["出生日期"] = ImportColumn.BirthDate, ["生日"] = ImportColumn.BirthDate,
        ["breed"] = ImportColumn.Breed, ["品种"] = ImportColumn.Breed,
        ["household"] = ImportColumn.Household, ["householdid"] = ImportColumn.Household, ["牧户"] = ImportColumn.Household,
        ["牧户编号"] = ImportColumn.Household, ["户主"] = ImportColumn.Household,
    };

    /// <summary>Each column's index in the file, or null with the header's errors (every column is required, none unknown).</summary>
    public static Dictionary<ImportColumn, int>? Map(CsvRecord header, List<ImportError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var mapped = UploadedCsv.MapHeader(header, Aliases);
        errors.AddRange(mapped.Repeated.Select(r => new ImportError(1, r.Column, ImportErrorCode.DuplicateColumn, r.Name)));
        var missing = Enum.GetValues<ImportColumn>().Where(c => !mapped.Columns.ContainsKey(c)).ToList();
        if (missing.Count > 0)
        {
            errors.Add(new ImportError(1, null, ImportErrorCode.MissingColumns, string.Join(", ", missing.Select(c => Names[c]))));
        }

        if (mapped.Unknown.Count > 0)
        {
            errors.Add(new ImportError(1, null, ImportErrorCode.UnknownColumns, string.Join(", ", mapped.Unknown)));
        }

        return errors.Count == 0 ? new Dictionary<ImportColumn, int>(mapped.Columns) : null;
    }
}
