using System.Globalization;
using CsvHelper;

namespace Sponsorship.Core.Data;

/// <summary>
/// A CSV file the office downloads to open in a spreadsheet: UTF-8 with a byte order mark first (Excel on a Chinese
/// Windows reads a file without one as GB18030 and garbles every name), records ending in CRLF, and fields holding a
/// comma, a quote or a line break quoted with inner quotes doubled (RFC 4180). Text that a spreadsheet would run as a
/// formula is made plain (<see cref="CsvCells"/>); a cell that is a plain number ("-324.00") is written as it is.
/// <see cref="UploadedCsv"/> reads these files back.
/// </summary>
public static class CsvDownload
{
    public const string ContentType = "text/csv; charset=utf-8";

    public static byte[] Write(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(rows);
        using var stream = new MemoryStream();
        using (var csv = CsvWriter.Create(stream, new CsvWriterOptions { WriteByteOrderMark = true, NewLine = "\r\n" }, leaveOpen: true))
        {
            csv.WriteRecord([.. header.Select(Cell)]);
            foreach (var row in rows)
            {
                csv.WriteRecord([.. row.Select(Cell)]);
            }

            csv.Flush();
        }

        return stream.ToArray();
    }

    private static string Cell(string? value) =>
        value is { Length: > 0 } && decimal.TryParse(value, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out _)
            ? value
            : CsvCells.Text(value);
}
