using System.Text;
using Sponsorship.Core.Data;

namespace Sponsorship.Core.Tests.Data;

public class CsvDownloadTests
{
    [Fact]
    public void A_download_starts_with_the_UTF8_mark_ends_records_with_CRLF_and_reads_back_through_UploadedCsv_field_for_field()
    {
        string[] header = ["户主", "金额（元）", "说明"];
        IReadOnlyList<string>[] rows =
        [
            ["Bayar, \"Big\" 巴特尔", "324.00", "第一行\r\n第二行"],
            ["其木格", "-12.50", "x"],
            ["=HYPERLINK(\"http://evil\")", "0.00", "@SUM(A1)"],
        ];

        var bytes = CsvDownload.Write(header, rows);

        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        var text = Encoding.UTF8.GetString(bytes.AsSpan(3));
        Assert.StartsWith("户主,金额（元）,说明\r\n\"Bayar, \"\"Big\"\" 巴特尔\",324.00,\"第一行\r\n第二行\"\r\n其木格,-12.50,x\r\n", text, StringComparison.Ordinal);
        Assert.EndsWith("\r\n", text, StringComparison.Ordinal);

        var (decoded, encoding) = UploadedCsv.Decode(bytes);
        Assert.Equal("UTF-8 BOM", encoding);
        var records = UploadedCsv.Read(decoded).ToList();
        Assert.All(records, r => Assert.Equal(CsvRecordState.Read, r.State));
        Assert.Equal([header, .. rows[..2]], records[..3].Select(r => r.Fields.ToArray()));

        // A cell a spreadsheet would run as a formula is made plain text; a negative amount stays a number.
        Assert.Equal(["'=HYPERLINK(\"http://evil\")", "0.00", "'@SUM(A1)"], records[3].Fields);
    }
}
