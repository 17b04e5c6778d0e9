using System.Globalization;
using System.Text;
using CsvHelper;
using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Data;
using Sponsorship.Core.Identity;
using Sponsorship.Core.Programme;

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

public enum ImportErrorCode
{
    EmptyFile,

    /// <summary>The caller is not an administrator (any more): nothing was read or saved.</summary>
    NotAllowed,
    FileTooLarge,
    TooManyRows,
    NoRows,

    /// <summary>The header lacks required columns; <see cref="ImportError.Value"/> lists them.</summary>
    MissingColumns,

    /// <summary>The header has columns the importer does not know; <see cref="ImportError.Value"/> lists them.</summary>
    UnknownColumns,
    DuplicateColumn,

    /// <summary>A quote in the wrong place: the line cannot be read as CSV.</summary>
    Malformed,
    Required,
    TooLong,

    /// <summary>Not a valid national ear tag; <see cref="ImportError.TagError"/> says why.</summary>
    BadTag,

    /// <summary>Excel turned the 15-digit tag into a number such as 3.15253E+14.</summary>
    TagInScientificNotation,

    /// <summary>The same tag appears earlier in the file, on <see cref="ImportError.OtherLine"/>.</summary>
    DuplicateInFile,

    /// <summary>A sheep already wears (or once wore) this tag.</summary>
    TagExists,
    UnknownHousehold,
    AmbiguousHousehold,
    ArchivedHousehold,
    BadDate,
    FutureDate,
    TooOld,
    BadSex,
    BadBreed,
}

/// <summary>
/// One problem in an uploaded file: the line (1 = the header) and column it is on, what is wrong and the offending text.
/// A header problem has no column and is reported once.
/// </summary>
public sealed record ImportError(int Line, ImportColumn? Column, ImportErrorCode Code, string Value, EarTagError TagError = EarTagError.None, int? OtherLine = null);

/// <summary>One data line as read; the typed values are null where the line has an error in that column.</summary>
public sealed record ImportRow(
    int Line, string Tag, string Name, Sex? Sex, DateOnly? BirthDate, Breed? Breed,
    string HouseholdText, int? HouseholdId, string? HouseholdName, string? HouseholdNameLatin);

public sealed record ImportPreview(string Encoding, IReadOnlyList<ImportRow> Rows, IReadOnlyList<ImportError> Errors)
{
    public bool CanImport => Errors.Count == 0 && Rows.Count > 0;
}

public sealed record ImportResult(int Imported, IReadOnlyList<ImportError> Errors)
{
    public bool Succeeded => Errors.Count == 0 && Imported > 0;
}

public enum ImportStage
{
    Reading,
    Checking,
    Saving,
    Done,
}

/// <summary>How far a preview or import has got: rows read so far and the share of the file read (0–1).</summary>
public readonly record struct ImportProgress(ImportStage Stage, int Rows, double Fraction);

/// <summary>
/// Imports sheep from a CSV file (tag,name,sex,birth_date,breed,household — or the Chinese headers
/// 耳标,名字,性别,出生日期,品种,牧户). The file is read as strict UTF-8 (with or without BOM), or as GB18030 when its
/// bytes are not UTF-8 (Excel in China saves CSV that way). A preview reports every row and every error with its line
/// and column; the import re-checks everything inside one transaction and saves all rows or none.
/// </summary>
public sealed class SheepCsvImport(IDbContextFactory<SponsorshipDbContext> dbFactory, ProgrammeCalendar calendar)
{
    public const int MaxBytes = 10 * 1024 * 1024;
    public const int MaxRows = 50_000;
    public const int MaxNameLength = 64;
    public const int MaxAgeYears = 15;
    public const int ProgressEvery = 500;

    public static readonly IReadOnlyDictionary<ImportColumn, string> ColumnNames = new Dictionary<ImportColumn, string>
    {
        [ImportColumn.Tag] = "tag",
        [ImportColumn.Name] = "name",
        [ImportColumn.Sex] = "sex",
        [ImportColumn.BirthDate] = "birth_date",
        [ImportColumn.Breed] = "breed",
        [ImportColumn.Household] = "household",
    };

    public static readonly IReadOnlyDictionary<ImportColumn, string> ChineseColumnNames = new Dictionary<ImportColumn, string>
    {
        [ImportColumn.Tag] = "耳标",
        [ImportColumn.Name] = "名字",
        [ImportColumn.Sex] = "性别",
        [ImportColumn.BirthDate] = "出生日期",
        [ImportColumn.Breed] = "品种",
        [ImportColumn.Household] = "牧户",
    };

    // Header spellings, compared after lower-casing and removing spaces, underscores and dashes.
    private static readonly Dictionary<string, ImportColumn> HeaderAliases = new(StringComparer.Ordinal)
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

    static SheepCsvImport() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>Reads and checks the file against the register without saving anything.</summary>
    public async Task<ImportPreview> PreviewAsync(byte[] content, IProgress<ImportProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var preview = await CheckAsync(db, content, progress, cancellationToken);
        progress?.Report(new ImportProgress(ImportStage.Done, preview.Rows.Count, 1));
        return preview;
    }

    /// <summary>
    /// Checks the file again inside one transaction and, when it has no errors, saves every sheep with its tag in one
    /// SaveChanges. When anything fails nothing is saved: a tag taken by someone else meanwhile (the unique index
    /// refuses it) comes back as <see cref="ImportErrorCode.TagExists"/> on its line.
    /// </summary>
    public Task<ImportResult> ImportAsync(byte[] content, string adminUserId, IProgress<ImportProgress>? progress = null, CancellationToken cancellationToken = default) =>
        Contention.RetryAsync(() => ImportOnceAsync(content, adminUserId, progress, cancellationToken), cancellationToken);

    private async Task<ImportResult> ImportOnceAsync(byte[] content, string adminUserId, IProgress<ImportProgress>? progress, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!await Administrators.IsAdministratorAsync(db, adminUserId, cancellationToken))
        {
            return new ImportResult(0, [new ImportError(1, null, ImportErrorCode.NotAllowed, "")]);
        }

        db.ChangeTracker.AutoDetectChangesEnabled = false;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var checkedFile = await CheckAsync(db, content, progress, cancellationToken);
        if (!checkedFile.CanImport)
        {
            return new ImportResult(0, checkedFile.Errors.Count > 0 ? checkedFile.Errors : [new ImportError(1, null, ImportErrorCode.NoRows, "")]);
        }

        progress?.Report(new ImportProgress(ImportStage.Saving, checkedFile.Rows.Count, 1));
        var now = calendar.Now;
        var flock = checkedFile.Rows.Select(row => new Sheep
        {
            Name = row.Name,
            Sex = row.Sex!.Value,
            Breed = row.Breed!.Value,
            BirthDate = row.BirthDate!.Value,
            HouseholdId = row.HouseholdId!.Value,
            Tags = [new IdTag { Type = IdTagType.NationalEarTag, Value = row.Tag, ValidFrom = now }],
        }).ToList();
        db.Sheep.AddRange(flock);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (!Contention.IsContention(e))
        {
            await transaction.RollbackAsync(cancellationToken);
            var taken = await TakenTagsAsync(checkedFile.Rows, cancellationToken);
            if (taken.Count == 0)
            {
                throw;
            }

            return new ImportResult(0, taken);
        }

        progress?.Report(new ImportProgress(ImportStage.Done, flock.Count, 1));
        return new ImportResult(flock.Count, []);
    }

    /// <summary>The file's text: UTF-8, or GB18030 as Excel saves it on a Chinese Windows (see <see cref="UploadedText"/>).</summary>
    public static (string Text, string Encoding) Decode(byte[] content) => UploadedText.Decode(content);

    private async Task<ImportPreview> CheckAsync(SponsorshipDbContext db, byte[] content, IProgress<ImportProgress>? progress, CancellationToken cancellationToken)
    {
        if (content.Length > MaxBytes)
        {
            return new ImportPreview("", [], [new ImportError(0, null, ImportErrorCode.FileTooLarge, $"{content.Length / 1024 / 1024} MB")]);
        }

        var (text, encoding) = Decode(content);
        if (string.IsNullOrWhiteSpace(text.Replace("\uFEFF", "", StringComparison.Ordinal)))
        {
            return new ImportPreview(encoding, [], [new ImportError(0, null, ImportErrorCode.EmptyFile, "")]);
        }

        var households = await Households.LoadAsync(db, cancellationToken);
        var today = calendar.Today;
        var (rows, errors) = Parse(text, households, today, progress, cancellationToken);
        if (rows.Count > 0)
        {
            progress?.Report(new ImportProgress(ImportStage.Checking, rows.Count, 1));
            errors.AddRange(await ExistingTagsAsync(db, rows, cancellationToken));
        }
        else if (errors.Count == 0)
        {
            errors.Add(new ImportError(1, null, ImportErrorCode.NoRows, ""));
        }

        return new ImportPreview(encoding, rows, [.. errors.OrderBy(e => e.Line).ThenBy(e => e.Column)]);
    }

    private static (List<ImportRow> Rows, List<ImportError> Errors) Parse(
        string text, Households households, DateOnly today, IProgress<ImportProgress>? progress, CancellationToken cancellationToken)
    {
        var rows = new List<ImportRow>();
        var errors = new List<ImportError>();
        var malformedLines = new HashSet<long>();
        var options = new CsvReaderOptions
        {
            HasHeader = true,
            TrimWhitespace = true,
            SkipEmptyLines = true,
            TrackLineNumbers = true,
            MalformedData = CsvMalformedDataHandling.Recover,
            OnMalformedRecord = record => malformedLines.Add(record.LineNumber),
        };

        using var csv = CsvReader.FromText(text, options);
        var totalBytes = Math.Max(1, Encoding.UTF8.GetByteCount(text));
        var firstLineOfTag = new Dictionary<string, int>(StringComparer.Ordinal);
        try
        {
            var columns = MapHeader(csv.Headers, errors);
            if (columns is null)
            {
                return (rows, errors);
            }

            var fields = new string[columns.Count];
            while (csv.Read())
            {
                cancellationToken.ThrowIfCancellationRequested();
                var line = (int)csv.LineNumber;
                var empty = true;
                foreach (var (column, index) in columns)
                {
                    fields[(int)column] = index < csv.FieldCount ? csv.GetString(index).Trim() : "";
                    empty &= fields[(int)column].Length == 0;
                }

                if (empty)
                {
                    // Excel writes ",,,,," for rows that are formatted but empty.
                    continue;
                }

                if (rows.Count == MaxRows)
                {
                    errors.Add(new ImportError(line, null, ImportErrorCode.TooManyRows, MaxRows.ToString(CultureInfo.InvariantCulture)));
                    break;
                }

                if (malformedLines.Remove(line))
                {
                    errors.Add(new ImportError(line, null, ImportErrorCode.Malformed, Encoding.UTF8.GetString(csv.RawRecord)));
                }

                rows.Add(ReadRow(line, column => fields[(int)column], households, today, firstLineOfTag, errors));
                if (rows.Count % ProgressEvery == 0)
                {
                    progress?.Report(new ImportProgress(ImportStage.Reading, rows.Count, Math.Min(1, (double)csv.ByteOffset / totalBytes)));
                }
            }
        }
        catch (CsvFormatException e)
        {
            errors.Add(new ImportError((int)e.LineNumber, null, ImportErrorCode.Malformed, ""));
        }

        return (rows, errors);
    }

    private static Dictionary<ImportColumn, int>? MapHeader(IReadOnlyList<string> header, List<ImportError> errors)
    {
        var columns = new Dictionary<ImportColumn, int>();
        var unknown = new List<string>();
        for (var i = 0; i < header.Count; i++)
        {
            var name = header[i].Trim().TrimStart('\uFEFF');
            if (name.Length == 0)
            {
                continue;
            }

            var key = new string([.. name.ToLowerInvariant().Where(c => c is not (' ' or '_' or '-'))]);
            if (!HeaderAliases.TryGetValue(key, out var column))
            {
                unknown.Add(name);
            }
            else if (!columns.TryAdd(column, i))
            {
                errors.Add(new ImportError(1, column, ImportErrorCode.DuplicateColumn, name));
            }
        }

        var missing = Enum.GetValues<ImportColumn>().Where(c => !columns.ContainsKey(c)).ToList();
        if (missing.Count > 0)
        {
            errors.Add(new ImportError(1, null, ImportErrorCode.MissingColumns, string.Join(", ", missing.Select(c => ColumnNames[c]))));
        }

        if (unknown.Count > 0)
        {
            errors.Add(new ImportError(1, null, ImportErrorCode.UnknownColumns, string.Join(", ", unknown)));
        }

        return errors.Count == 0 ? columns : null;
    }

    private static ImportRow ReadRow(
        int line, Func<ImportColumn, string> field, Households households, DateOnly today, Dictionary<string, int> firstLineOfTag, List<ImportError> errors)
    {
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

    /// <summary>Lines whose tag some sheep already wears or once wore (tags are never reused).</summary>
    private static async Task<List<ImportError>> ExistingTagsAsync(SponsorshipDbContext db, List<ImportRow> rows, CancellationToken cancellationToken)
    {
        var candidates = rows.Where(r => r.Tag.Length == EarTag.Length && r.Tag.All(char.IsAsciiDigit)).ToList();
        var existing = new HashSet<string>(StringComparer.Ordinal);
        foreach (var chunk in candidates.Select(r => r.Tag).Distinct().Chunk(500))
        {
            var found = await db.IdTags.AsNoTracking().Where(t => chunk.Contains(t.Value)).Select(t => t.Value).ToListAsync(cancellationToken);
            existing.UnionWith(found);
        }

        return [.. candidates.Where(r => existing.Contains(r.Tag)).Select(r => new ImportError(r.Line, ImportColumn.Tag, ImportErrorCode.TagExists, r.Tag))];
    }

    private async Task<List<ImportError>> TakenTagsAsync(IReadOnlyList<ImportRow> rows, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await ExistingTagsAsync(db, [.. rows], cancellationToken);
    }

    private sealed record HouseholdEntry(int Id, string HeadName, string HeadNameLatin, bool Archived);

    /// <summary>Households by id, by Chinese head name (巴特尔 or 巴特尔家) and by Latin head name.</summary>
    private sealed class Households
    {
        private readonly Dictionary<int, HouseholdEntry> byId;
        private readonly ILookup<string, HouseholdEntry> byName;

        private Households(List<HouseholdEntry> all)
        {
            byId = all.ToDictionary(h => h.Id);
            byName = all
                .SelectMany(h => new[] { (Key: h.HeadName, h), (Key: h.HeadName + "家", h), (Key: h.HeadNameLatin.ToUpperInvariant(), h) })
                .Where(x => x.Key.Length > 0)
                .Distinct()
                .ToLookup(x => x.Key, x => x.h, StringComparer.Ordinal);
        }

        public static async Task<Households> LoadAsync(SponsorshipDbContext db, CancellationToken cancellationToken) =>
            new(await db.Households.AsNoTracking()
                .Select(h => new HouseholdEntry(h.Id, h.HeadName, h.HeadNameLatin, h.ArchivedAt != null))
                .ToListAsync(cancellationToken));

        public (HouseholdEntry? Household, ImportErrorCode Error) Find(string text)
        {
            if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                return byId.TryGetValue(id, out var byNumber)
                    ? byNumber.Archived ? (null, ImportErrorCode.ArchivedHousehold) : (byNumber, default)
                    : (null, ImportErrorCode.UnknownHousehold);
            }

            var matches = byName[text].Concat(byName[text.ToUpperInvariant()]).Distinct().ToList();
            var active = matches.Where(h => !h.Archived).ToList();
            return active.Count switch
            {
                1 => (active[0], default),
                > 1 => (null, ImportErrorCode.AmbiguousHousehold),
                _ => (null, matches.Count > 0 ? ImportErrorCode.ArchivedHousehold : ImportErrorCode.UnknownHousehold),
            };
        }
    }
}
