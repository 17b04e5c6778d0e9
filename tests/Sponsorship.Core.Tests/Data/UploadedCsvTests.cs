using System.Text;
using Sponsorship.Core.Data;

namespace Sponsorship.Core.Tests.Data;

public class UploadedCsvTests
{
    private enum Column
    {
        Tag,
        Name,
    }

    private static readonly Dictionary<string, Column> Aliases = new(StringComparer.Ordinal)
    {
        ["tag"] = Column.Tag, ["耳标"] = Column.Tag, ["name"] = Column.Name, ["名字"] = Column.Name,
    };

    private const string ChineseCsv = "耳标,名字\r\n315252700000001,白云朵朵\r\n315252700000002,\"小雪, 二号\"\r\n";

    static UploadedCsvTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    [Fact]
    public void Plain_ASCII_and_UTF8_stay_UTF8_and_GB18030_is_only_the_fallback()
    {
        Assert.Equal(("tag", "UTF-8"), UploadedCsv.Decode("tag"u8.ToArray()));
        Assert.Equal(("名字", "UTF-8"), UploadedCsv.Decode(Encoding.UTF8.GetBytes("名字")));
        Assert.Equal(("名字", "GB18030"), UploadedCsv.Decode(Encoding.GetEncoding("GB18030").GetBytes("名字")));
        Assert.Equal(("名字", "UTF-16"), UploadedCsv.Decode([.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes("名字")]));
        Assert.Equal(("名字", "UTF-16"), UploadedCsv.Decode([.. Encoding.BigEndianUnicode.GetPreamble(), .. Encoding.BigEndianUnicode.GetBytes("名字")]));
    }

    [Theory]
    [InlineData("UTF-8")]
    [InlineData("UTF-8 BOM")]
    [InlineData("GB18030")]
    public void A_Chinese_file_reads_the_same_in_UTF8_with_or_without_a_BOM_and_in_GB18030(string encoding)
    {
        byte[] content = encoding switch
        {
            "UTF-8" => Encoding.UTF8.GetBytes(ChineseCsv),
            "UTF-8 BOM" => [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(ChineseCsv)],
            _ => Encoding.GetEncoding("GB18030").GetBytes(ChineseCsv),
        };

        var (text, detected) = UploadedCsv.Decode(content);
        var records = UploadedCsv.Read(text).ToList();

        Assert.Equal(encoding, detected);
        Assert.Equal([1, 2, 3], records.Select(r => r.Line));
        Assert.Equal(["耳标", "名字"], records[0].Fields);
        Assert.Equal(["315252700000002", "小雪, 二号"], records[2].Fields);
        Assert.All(records, r => Assert.Equal(CsvRecordState.Read, r.State));
    }

    [Fact]
    public void A_BOM_left_in_the_text_is_not_part_of_the_first_header()
    {
        var header = UploadedCsv.Read("\uFEFFtag,name\n1,a\n").First();

        Assert.Equal(["tag", "name"], header.Fields);
        Assert.Equal((Column.Tag, 0), (UploadedCsv.MapHeader(header, Aliases).Columns.First().Key, UploadedCsv.MapHeader(header, Aliases).Columns.First().Value));
    }

    [Fact]
    public void Quoted_fields_keep_their_commas_quotes_and_line_breaks_and_the_next_record_keeps_its_own_line_number()
    {
        var text = "tag,name\n1,\"Snow, the first\"\n2,\"two\nlines\"\n3,\"a \"\"quoted\"\" word\"\n4,plain\n";

        var records = UploadedCsv.Read(text).ToList();

        Assert.Equal([1, 2, 3, 5, 6], records.Select(r => r.Line));
        Assert.Equal(["Snow, the first", "two\nlines", "a \"quoted\" word", "plain"], records.Skip(1).Select(r => r[1]));
        Assert.All(records, r => Assert.Equal(CsvRecordState.Read, r.State));
    }

    [Fact]
    public void Lines_of_empty_fields_as_Excel_writes_them_are_skipped_and_short_lines_read_as_empty_fields()
    {
        var records = UploadedCsv.Read("tag,name\n,\n\n1\n ,  \n2,b\n").ToList();

        Assert.Equal([1, 4, 6], records.Select(r => r.Line));
        Assert.Equal("", records[1][1]);
        Assert.Equal("", records[1][7]);
    }

    [Fact]
    public void A_quote_in_the_wrong_place_marks_that_record_malformed_with_its_line_and_text_and_reading_goes_on()
    {
        var records = UploadedCsv.Read("tag,name\n1,a\n2,b\"roken\n3,c\n").ToList();

        var broken = Assert.Single(records, r => r.State != CsvRecordState.Read);
        Assert.Equal(CsvRecordState.Malformed, broken.State);
        Assert.Equal(3, broken.Line);
        Assert.Contains("b\"roken", broken.Raw, StringComparison.Ordinal);
        Assert.Equal(4, records[^1].Line);
        Assert.Equal("c", records[^1][1]);
    }

    [Fact]
    public void A_quote_never_closed_runs_to_the_end_as_one_malformed_record_on_the_line_it_opens()
    {
        var records = UploadedCsv.Read("tag,name\n1,a\n2,\"never closed\n3,c\n").ToList();

        Assert.Equal([CsvRecordState.Read, CsvRecordState.Read, CsvRecordState.Malformed], records.Select(r => r.State));
        Assert.Equal(3, records[^1].Line);
    }

    [Fact]
    public void A_record_longer_than_any_real_line_ends_the_reading_with_a_broken_record_naming_its_line()
    {
        var text = "tag,name\n1,a\n2,\"" + new string('x', UploadedCsv.MaxRecordBytes * 2) + "\n3,c\n";

        var records = UploadedCsv.Read(text).ToList();

        Assert.Equal([CsvRecordState.Read, CsvRecordState.Read, CsvRecordState.Broken], records.Select(r => r.State));
        Assert.Equal(3, records[^1].Line);
    }

    [Fact]
    public void Headers_map_by_any_spelling_and_repeated_and_unknown_names_are_named()
    {
        var header = UploadedCsv.Read("Tag, 名字 ,T_A-G,colour,\n").Single();

        var mapped = UploadedCsv.MapHeader(header, Aliases);

        Assert.Equal(0, mapped.Columns[Column.Tag]);
        Assert.Equal(1, mapped.Columns[Column.Name]);
        Assert.Equal([(Column.Tag, "T_A-G")], mapped.Repeated);
        Assert.Equal(["colour"], mapped.Unknown);
    }

    [Fact]
    public void The_fraction_read_grows_to_one_for_progress()
    {
        var text = "tag,name\n" + string.Concat(Enumerable.Range(0, 2000).Select(i => $"{i},sheep {i}\n"));

        var fractions = UploadedCsv.Read(text).Select(r => r.Fraction).ToList();

        Assert.Equal(fractions.Order(), fractions);
        Assert.InRange(fractions[^1], 0.99, 1);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" \r\n\t")]
    [InlineData("\uFEFF\n")]
    public void Text_of_white_space_and_byte_order_marks_is_blank(string text) => Assert.True(UploadedCsv.IsBlank(text));
}
