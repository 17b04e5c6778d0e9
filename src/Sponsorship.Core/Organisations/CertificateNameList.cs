using Sponsorship.Core.Adoptions;
using Sponsorship.Core.Data;

namespace Sponsorship.Core.Organisations;

public enum NameListColumn
{
    Name,
    Email,
}

public enum NameListErrorCode
{
    Empty,
    FileTooLarge,
    TooManyRows,

    /// <summary>The header has neither a name nor an e-mail column; <see cref="NameListError.Value"/> lists what it has.</summary>
    MissingColumn,

    /// <summary>A quote in the wrong place: the line cannot be read as CSV.</summary>
    Malformed,
    NameRequired,
    NameTooLong,
    EmailRequired,
    EmailInvalid,

    /// <summary>The same e-mail is listed earlier, on <see cref="NameListError.OtherLine"/>.</summary>
    DuplicateEmail,
}

/// <summary>One problem in a name list: the line (of the file or the typed text) and column, what is wrong, and the text.</summary>
public sealed record NameListError(int Line, NameListColumn? Column, NameListErrorCode Code, string Value, int? OtherLine = null);

/// <summary>One certificate's name, or one gift's recipient (the name may then be empty: the recipient names it).</summary>
public sealed record NameEntry(string Name, string? Email = null);

public sealed record NameListRow(int Line, NameEntry Entry);

public sealed record NameList(string Encoding, IReadOnlyList<NameListRow> Rows, IReadOnlyList<NameListError> Errors)
{
    public bool Succeeded => Errors.Count == 0 && Rows.Count > 0;

    public IReadOnlyList<NameEntry> Entries => [.. Rows.Select(r => r.Entry)];
}

/// <summary>
/// The names for an order's certificates, or its gifts' recipients, typed one per line ("王晓燕" or "王晓燕, wang@example.com")
/// or uploaded as CSV with a header row (name/姓名, email/邮箱; other columns are ignored), in UTF-8 or GB18030 as
/// Excel saves it. Every error is reported with its line and column; a list with any error is not used.
/// </summary>
public static class CertificateNameList
{
    public const int MaxBytes = 1024 * 1024;

    private static readonly Dictionary<string, NameListColumn> HeaderAliases = new(StringComparer.Ordinal)
    {
        ["name"] = NameListColumn.Name, ["姓名"] = NameListColumn.Name, ["名字"] = NameListColumn.Name, ["证书姓名"] = NameListColumn.Name,
        ["nameoncertificate"] = NameListColumn.Name, ["证书名"] = NameListColumn.Name,
        ["email"] = NameListColumn.Email, ["邮箱"] = NameListColumn.Email, ["电子邮件"] = NameListColumn.Email, ["电子邮箱"] = NameListColumn.Email,
        ["mail"] = NameListColumn.Email, ["邮件"] = NameListColumn.Email,
    };

    /// <summary>An uploaded file: decoded like the sheep import (UTF-8, else GB18030), then read like typed text.</summary>
    public static NameList ReadFile(byte[] content, CertificateNames names, int maxRows)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (content.Length > MaxBytes)
        {
            return new NameList("", [], [new NameListError(0, null, NameListErrorCode.FileTooLarge, $"{content.Length / 1024} KB")]);
        }

        var (text, encoding) = UploadedCsv.Decode(content);
        return Read(text, names, maxRows) with { Encoding = encoding };
    }

    /// <summary>
    /// Typed or uploaded text. The first line is a header when it names a known column; otherwise the first field of each
    /// line is the name and the second the e-mail (a lone field with an @ is an e-mail).
    /// </summary>
    public static NameList Read(string text, CertificateNames names, int maxRows)
    {
        ArgumentNullException.ThrowIfNull(text);
        var rows = new List<NameListRow>();
        var errors = new List<NameListError>();
        if (UploadedCsv.IsBlank(text))
        {
            return new NameList("", rows, [new NameListError(0, null, NameListErrorCode.Empty, "")]);
        }

        var firstLineOfEmail = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        (int? Name, int? Email)? columns = null;
        foreach (var record in UploadedCsv.Read(text))
        {
            var line = record.Line;
            if (columns is null && record.State != CsvRecordState.Broken)
            {
                columns = Header(record);
                if (columns is { } header)
                {
                    var missing = names == CertificateNames.Gifts ? header.Email is null ? "email" : null : header.Name is null ? "name" : null;
                    if (missing is not null)
                    {
                        errors.Add(new NameListError(line, null, NameListErrorCode.MissingColumn, missing));
                        break;
                    }

                    continue;
                }

                columns = (0, 1);
            }

            if (rows.Count == maxRows)
            {
                errors.Add(new NameListError(line, null, NameListErrorCode.TooManyRows, maxRows.ToString(System.Globalization.CultureInfo.InvariantCulture)));
                break;
            }

            if (record.State != CsvRecordState.Read)
            {
                errors.Add(new NameListError(line, null, NameListErrorCode.Malformed, record.Raw));
                if (record.State == CsvRecordState.Broken)
                {
                    break;
                }
            }

            var (nameColumn, emailColumn) = columns ?? (0, 1);
            var name = nameColumn is { } n ? record[n] : "";
            var email = emailColumn is { } e ? record[e] : "";
            if (email.Length == 0 && name.Contains('@', StringComparison.Ordinal) && record.Fields.Count == 1)
            {
                (name, email) = ("", name);
            }

            rows.Add(new NameListRow(line, Check(line, name, email, names, firstLineOfEmail, errors)));
        }

        if (rows.Count == 0 && errors.Count == 0)
        {
            errors.Add(new NameListError(0, null, NameListErrorCode.Empty, ""));
        }

        return new NameList("", rows, [.. errors.OrderBy(e => e.Line).ThenBy(e => e.Column)]);
    }

    /// <summary>The same checks over entries already read (the order re-checks what the page sends); lines count from 1.</summary>
    public static IReadOnlyList<NameListError> Validate(IReadOnlyList<NameEntry> entries, CertificateNames names)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var errors = new List<NameListError>();
        var firstLineOfEmail = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < entries.Count; i++)
        {
            Check(i + 1, (entries[i].Name ?? "").Trim(), (entries[i].Email ?? "").Trim(), names, firstLineOfEmail, errors);
        }

        return errors;
    }

    private static NameEntry Check(
        int line, string name, string email, CertificateNames names, Dictionary<string, int> firstLineOfEmail, List<NameListError> errors)
    {
        var gifts = names == CertificateNames.Gifts;
        if (name.Length == 0 && !gifts)
        {
            errors.Add(new NameListError(line, NameListColumn.Name, NameListErrorCode.NameRequired, ""));
        }
        else if (name.Length > Checkout.MaxNameLength)
        {
            errors.Add(new NameListError(line, NameListColumn.Name, NameListErrorCode.NameTooLong, name));
        }

        if (gifts || email.Length > 0)
        {
            if (email.Length == 0)
            {
                errors.Add(new NameListError(line, NameListColumn.Email, NameListErrorCode.EmailRequired, ""));
            }
            else if (!Checkout.IsEmail(email))
            {
                errors.Add(new NameListError(line, NameListColumn.Email, NameListErrorCode.EmailInvalid, email));
            }
            else if (gifts && firstLineOfEmail.TryGetValue(email, out var first))
            {
                errors.Add(new NameListError(line, NameListColumn.Email, NameListErrorCode.DuplicateEmail, email, first));
            }
            else
            {
                firstLineOfEmail[email] = line;
            }
        }

        return new NameEntry(name, email.Length > 0 ? email : null);
    }

    /// <summary>The columns a header row names, or null when the row is data.</summary>
    private static (int? Name, int? Email)? Header(CsvRecord record)
    {
        var header = UploadedCsv.MapHeader(record, HeaderAliases);
        if (header.Columns.Count == 0)
        {
            return null;
        }

        // A repeated column counts where it first stands.
        return (header.Columns.TryGetValue(NameListColumn.Name, out var name) ? name : null,
            header.Columns.TryGetValue(NameListColumn.Email, out var email) ? email : null);
    }
}
