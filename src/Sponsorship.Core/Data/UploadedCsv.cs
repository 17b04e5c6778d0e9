using System.Text;
using CsvHelper;

namespace Sponsorship.Core.Data;

/// <summary>How a record of an uploaded CSV was read.</summary>
public enum CsvRecordState
{
    Read,

    /// <summary>A quote in the wrong place: the reader recovered and went on; <see cref="CsvRecord.Raw"/> is the line as written.</summary>
    Malformed,

    /// <summary>The file cannot be read past this line (a record over <see cref="UploadedCsv.MaxRecordBytes"/>, as an unclosed quote early in a large file makes); this is the last record.</summary>
    Broken,
}

/// <summary>
/// One record of an uploaded CSV: the line it starts on (1 = the first line of the file; a quoted field may span lines),
/// its fields trimmed, and how far into the file the reader is (0–1, for progress).
/// </summary>
public sealed record CsvRecord(int Line, IReadOnlyList<string> Fields, CsvRecordState State, string Raw, double Fraction)
{
    /// <summary>The field at <paramref name="index"/>, or "" when the line is shorter.</summary>
    public string this[int index] => index < Fields.Count ? Fields[index] : "";
}

/// <summary>The columns a header names, by their index; the names it repeats and those it does not know.</summary>
public sealed record CsvHeader<TColumn>(IReadOnlyDictionary<TColumn, int> Columns, IReadOnlyList<(TColumn Column, string Name)> Repeated, IReadOnlyList<string> Unknown)
    where TColumn : struct, Enum;

/// <summary>
/// A file a person uploaded as CSV (a sheep list saved by Excel, a bank statement, a list of names). Its text is strict
/// UTF-8 first (a BOM is dropped); bytes that are not UTF-8 are GB18030, the encoding Excel uses for CSV on a Chinese
/// Windows; UTF-16 with a BOM ("Unicode text") is read too. Its records come with their line numbers; lines with only
/// empty fields (Excel writes ",,,," for rows that are formatted but empty) are skipped.
/// </summary>
public static class UploadedCsv
{
    /// <summary>The longest record read: a sheep or statement line is well under a kilobyte.</summary>
    public const int MaxRecordBytes = 64 * 1024;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    static UploadedCsv() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <returns>The text and the name of the encoding it was read in ("UTF-8", "UTF-8 BOM", "GB18030", "UTF-16").</returns>
    public static (string Text, string Encoding) Decode(byte[] content)
    {
        ArgumentNullException.ThrowIfNull(content);
        ReadOnlySpan<byte> bytes = content;
        if (bytes.StartsWith((byte[])[0xEF, 0xBB, 0xBF]))
        {
            var body = bytes[3..];
            return TryUtf8(body, out var text) ? (text, "UTF-8 BOM") : (Gb18030().GetString(body), "GB18030");
        }

        if (bytes.StartsWith((byte[])[0xFF, 0xFE]))
        {
            return (Encoding.Unicode.GetString(bytes[2..]), "UTF-16");
        }

        if (bytes.StartsWith((byte[])[0xFE, 0xFF]))
        {
            return (Encoding.BigEndianUnicode.GetString(bytes[2..]), "UTF-16");
        }

        return TryUtf8(bytes, out var utf8) ? (utf8, "UTF-8") : (Gb18030().GetString(bytes), "GB18030");
    }

    /// <summary>True when the text holds nothing but white space and byte-order marks.</summary>
    public static bool IsBlank(string text) => string.IsNullOrWhiteSpace(text.Replace("\uFEFF", "", StringComparison.Ordinal));

    /// <summary>
    /// Every record of the text, the header (if any) first. Commas, semicolons or tabs separate fields; a quoted field may
    /// hold separators and line breaks. A record with a quote in the wrong place comes as <see cref="CsvRecordState.Malformed"/>
    /// and reading goes on (a quote never closed runs to the end of the file); a file that cannot be read further ends with a
    /// <see cref="CsvRecordState.Broken"/> record.
    /// </summary>
    public static IEnumerable<CsvRecord> Read(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var malformedLines = new HashSet<long>();
        var options = new CsvReaderOptions
        {
            HasHeader = false,
            TrimWhitespace = true,
            SkipEmptyLines = true,
            TrackLineNumbers = true,
            MaxRecordSize = MaxRecordBytes,
            MalformedData = CsvMalformedDataHandling.Recover,
            OnMalformedRecord = record => malformedLines.Add(record.LineNumber),
        };
        using var csv = CsvReader.FromText(text, options);
        var totalBytes = Math.Max(1, Encoding.UTF8.GetByteCount(text));
        while (true)
        {
            CsvRecord record;
            try
            {
                if (!csv.Read())
                {
                    yield break;
                }

                var fields = new string[csv.FieldCount];
                for (var i = 0; i < fields.Length; i++)
                {
                    fields[i] = csv.GetString(i).Trim().TrimStart('\uFEFF');
                }

                var line = (int)csv.LineNumber;
                var malformed = malformedLines.Remove(line);
                if (!malformed && Array.TrueForAll(fields, f => f.Length == 0))
                {
                    continue;
                }

                record = new CsvRecord(
                    line, fields, malformed ? CsvRecordState.Malformed : CsvRecordState.Read,
                    malformed ? Encoding.UTF8.GetString(csv.RawRecord) : "", Math.Min(1, (double)csv.ByteOffset / totalBytes));
            }
            catch (CsvFormatException e)
            {
                record = new CsvRecord((int)e.LineNumber, [], CsvRecordState.Broken, "", 1);
            }

            yield return record;
            if (record.State == CsvRecordState.Broken)
            {
                yield break;
            }
        }
    }

    /// <summary>
    /// Maps a header record to columns by their spellings in <paramref name="aliases"/>, compared after lower-casing and
    /// removing spaces, underscores and dashes. Empty header cells are passed over.
    /// </summary>
    public static CsvHeader<TColumn> MapHeader<TColumn>(CsvRecord header, IReadOnlyDictionary<string, TColumn> aliases)
        where TColumn : struct, Enum
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(aliases);
        var columns = new Dictionary<TColumn, int>();
        var repeated = new List<(TColumn, string)>();
        var unknown = new List<string>();
        for (var i = 0; i < header.Fields.Count; i++)
        {
            var name = header.Fields[i];
            if (name.Length == 0)
            {
                continue;
            }

            var key = new string([.. name.ToLowerInvariant().Where(c => c is not (' ' or '_' or '-'))]);
            if (!aliases.TryGetValue(key, out var column))
            {
                unknown.Add(name);
            }
            else if (!columns.TryAdd(column, i))
            {
                repeated.Add((column, name));
            }
        }

        return new CsvHeader<TColumn>(columns, repeated, unknown);
    }

    private static Encoding Gb18030() => Encoding.GetEncoding("GB18030");

    private static bool TryUtf8(ReadOnlySpan<byte> bytes, out string text)
    {
        try
        {
            text = StrictUtf8.GetString(bytes);
            return true;
        }
        catch (DecoderFallbackException)
        {
            text = "";
            return false;
        }
    }
}
