namespace Sponsorship.Core.Flock;

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
