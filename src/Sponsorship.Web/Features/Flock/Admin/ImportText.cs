using System.Globalization;
using Microsoft.Extensions.Localization;
using Sponsorship.Core.Flock;
using Sponsorship.Web.Components.Common;
using Sponsorship.Web.Resources;

namespace Sponsorship.Web.Features.Flock.Admin;

/// <summary>
/// One import error as a sentence that names where it is and what is wrong:
/// "第 12 行，耳标列：…" / "Line 12, column tag: …". Columns are named as the file's header names them.
/// </summary>
public static class ImportText
{
    public static string Where(this IStringLocalizer<Strings> l, ImportError error)
    {
        if (error.Line <= 0)
        {
            return "";
        }

        if (error.Column is not { } column)
        {
            return l["AdminFlock.Import.AtLine", error.Line];
        }

        var name = Text.Chinese ? SheepCsvColumns.ChineseNames[column] : SheepCsvColumns.Names[column];
        return l["AdminFlock.Import.AtLineColumn", error.Line, name];
    }

    public static string What(this IStringLocalizer<Strings> l, ImportError error) => error.Code switch
    {
        ImportErrorCode.BadTag => l["AdminFlock.Import.Error.BadTag", error.Value, l[$"AdminFlock.TagError.{error.TagError}"]],
        ImportErrorCode.DuplicateInFile => l["AdminFlock.Import.Error.DuplicateInFile", error.Value, error.OtherLine ?? 0],
        ImportErrorCode.MissingColumns => l["AdminFlock.Import.Error.MissingColumns", error.Value, ExpectedHeader],
        ImportErrorCode.FileTooLarge => l["AdminFlock.Import.Error.FileTooLarge", SheepCsvImport.MaxBytes / 1024 / 1024],
        ImportErrorCode.TooManyRows => l["AdminFlock.Import.Error.TooManyRows", SheepCsvImport.MaxRows.ToString("N0", CultureInfo.CurrentCulture)],
        ImportErrorCode.TooOld => l["AdminFlock.Import.Error.TooOld", error.Value, SheepCsvRows.MaxAgeYears],
        ImportErrorCode.TooLong => l["AdminFlock.Import.Error.TooLong", error.Value, SheepCsvRows.MaxNameLength],
        _ => l[$"AdminFlock.Import.Error.{error.Code}", error.Value],
    };

    public static string Describe(this IStringLocalizer<Strings> l, ImportError error) => l.Where(error) + l.What(error);

    /// <summary>The header line the importer expects, in the reader's language.</summary>
    public static string ExpectedHeader =>
        string.Join(",", Enum.GetValues<ImportColumn>().Select(c => (Text.Chinese ? SheepCsvColumns.ChineseNames : SheepCsvColumns.Names)[c]));
}
