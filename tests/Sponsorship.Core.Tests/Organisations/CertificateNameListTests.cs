using System.Text;
using Sponsorship.Core.Organisations;

namespace Sponsorship.Core.Tests.Organisations;

public class CertificateNameListTests
{
    static CertificateNameListTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    [Fact]
    public void An_excel_file_saved_as_gb18030_with_a_chinese_header_gives_one_name_per_row()
    {
        var csv = "部门,姓名,邮箱\r\n办公室,王晓燕,wang@example.com\r\n财务科,陈堃,\r\n,,\r\n工会,赵燊,zhao@example.com\r\n";

        var list = CertificateNameList.ReadFile(Encoding.GetEncoding("GB18030").GetBytes(csv), CertificateNames.List, maxRows: 500);

        Assert.True(list.Succeeded, string.Join("; ", list.Errors));
        Assert.Equal("GB18030", list.Encoding);
        Assert.Equal(["王晓燕", "陈堃", "赵燊"], list.Entries.Select(e => e.Name));
        Assert.Equal(["wang@example.com", null, "zhao@example.com"], list.Entries.Select(e => e.Email));
        Assert.Equal([2, 3, 5], list.Rows.Select(r => r.Line));
    }

    [Fact]
    public void A_utf8_file_with_a_bom_reads_the_same()
    {
        var list = CertificateNameList.ReadFile([.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes("name\nAnna Müller\n王喆\n")], CertificateNames.List, 500);

        Assert.Equal("UTF-8 BOM", list.Encoding);
        Assert.Equal(["Anna Müller", "王喆"], list.Entries.Select(e => e.Name));
    }

    [Fact]
    public void Bad_rows_are_named_by_line_and_column_and_the_list_is_not_used()
    {
        var text = "name,email\n王晓燕,wang@example.com\n,chen@example.com\n赵燊,not-an-address\n刘昇,WANG@example.com\n" + new string('长', 129) + ",long@example.com\n";

        var list = CertificateNameList.Read(text, CertificateNames.Gifts, 500);

        Assert.False(list.Succeeded);
        Assert.Equal(
            [
                new NameListError(4, NameListColumn.Email, NameListErrorCode.EmailInvalid, "not-an-address"),
                new NameListError(5, NameListColumn.Email, NameListErrorCode.DuplicateEmail, "WANG@example.com", OtherLine: 2),
                new NameListError(6, NameListColumn.Name, NameListErrorCode.NameTooLong, new string('长', 129)),
            ],
            list.Errors);
    }

    [Fact]
    public void A_list_of_names_needs_every_name_and_a_gift_list_every_address()
    {
        var names = CertificateNameList.Read("name,email\n王晓燕,\n,chen@example.com\n", CertificateNames.List, 500);
        var gifts = CertificateNameList.Read("name,email\n王晓燕,\n", CertificateNames.Gifts, 500);

        Assert.Equal([new NameListError(3, NameListColumn.Name, NameListErrorCode.NameRequired, "")], names.Errors);
        Assert.Equal([new NameListError(2, NameListColumn.Email, NameListErrorCode.EmailRequired, "")], gifts.Errors);
    }

    [Fact]
    public void Typed_lines_without_a_header_are_a_name_and_perhaps_an_address_or_an_address_alone()
    {
        var names = CertificateNameList.Read("王晓燕\n陈堃\n", CertificateNames.List, 500);
        var gifts = CertificateNameList.Read("王晓燕, wang@example.com\n陈堃,chen@example.com\n\nzoe@example.com\n", CertificateNames.Gifts, 500);

        Assert.Equal([new NameEntry("王晓燕"), new NameEntry("陈堃")], names.Entries);
        Assert.True(gifts.Succeeded, string.Join("; ", gifts.Errors));
        Assert.Equal([new NameEntry("王晓燕", "wang@example.com"), new NameEntry("陈堃", "chen@example.com"), new NameEntry("", "zoe@example.com")], gifts.Entries);
        Assert.Equal([1, 2, 4], gifts.Rows.Select(r => r.Line));
    }

    [Fact]
    public void A_header_without_the_needed_column_and_a_list_too_long_are_refused()
    {
        var missing = CertificateNameList.Read("姓名,部门\n王晓燕,办公室\n", CertificateNames.Gifts, 500);
        var tooLong = CertificateNameList.Read("a\nb\nc\n", CertificateNames.List, 2);
        var empty = CertificateNameList.ReadFile(Encoding.UTF8.GetBytes(" \r\n"), CertificateNames.List, 500);

        Assert.Equal([new NameListError(1, null, NameListErrorCode.MissingColumn, "email")], missing.Errors);
        Assert.Equal([new NameListError(3, null, NameListErrorCode.TooManyRows, "2")], tooLong.Errors);
        Assert.Equal(NameListErrorCode.Empty, Assert.Single(empty.Errors).Code);
    }
}
