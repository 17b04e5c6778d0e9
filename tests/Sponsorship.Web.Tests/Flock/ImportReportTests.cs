using System.Globalization;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using Sponsorship.Core.Flock;
using Sponsorship.Web.Features.Flock.Admin;

namespace Sponsorship.Web.Tests.Flock;

/// <summary>The import preview: every error names its line and column in the reader's language; the rows show.</summary>
public sealed class ImportReportTests : IAsyncLifetime
{
    private static readonly ImportPreview WithErrors = new(
        "GB18030",
        [
            new ImportRow(2, "315252712345678", "白云", Sex.Ewe, new DateOnly(2025, 4, 1), Breed.Chahar, "1", 1, "巴特尔", "Bater"),
            new ImportRow(12, "31525271234567", "雪球", Sex.Ram, null, Breed.Sunit, "巴特尔", 1, "巴特尔", "Bater"),
            new ImportRow(13, "315252712345678", "小黑", null, new DateOnly(2025, 4, 1), Breed.Ujimqin, "无此人", null, null, null),
        ],
        [
            new ImportError(12, ImportColumn.Tag, ImportErrorCode.BadTag, "31525271234567", EarTagError.WrongLength),
            new ImportError(12, ImportColumn.BirthDate, ImportErrorCode.FutureDate, "2099-01-01"),
            new ImportError(13, ImportColumn.Tag, ImportErrorCode.DuplicateInFile, "315252712345678", OtherLine: 2),
            new ImportError(13, ImportColumn.Sex, ImportErrorCode.BadSex, "羯羊"),
            new ImportError(13, ImportColumn.Household, ImportErrorCode.UnknownHousehold, "无此人"),
        ]);

    private readonly BunitContext ctx = new();

    public ImportReportTests()
    {
        ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        ctx.Services.AddMudServices();
        ctx.Services.AddLocalization();
    }

    [Fact]
    public void Chinese_errors_name_the_line_and_the_column_as_the_header_does()
    {
        CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = new CultureInfo("zh-CN");

        var report = ctx.Render<ImportReport>(p => p.Add(r => r.Preview, WithErrors));

        var errors = report.FindAll("[data-testid=import-error]").Select(e => e.TextContent.Trim()).ToList();
        Assert.Equal(5, errors.Count);
        Assert.Equal("第 12 行，耳标列：“31525271234567”不是有效的耳标号：耳标号必须是 15 位数字。", errors[0]);
        Assert.StartsWith("第 12 行，出生日期列：", errors[1], StringComparison.Ordinal);
        Assert.Equal("第 13 行，耳标列：“315252712345678”在本文件第 2 行已经出现过。", errors[2]);
        Assert.Contains("羯羊", errors[3], StringComparison.Ordinal);
        Assert.Equal("第 13 行，牧户列：没有牧户“无此人”。", errors[4]);
        Assert.Equal("5", report.Find("[data-testid=error-count]").TextContent);
        Assert.Contains("GB18030", report.Find("[data-testid=encoding]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void English_errors_say_line_and_column()
    {
        CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = new CultureInfo("en");

        var report = ctx.Render<ImportReport>(p => p.Add(r => r.Preview, WithErrors));

        var errors = report.FindAll("[data-testid=import-error]").Select(e => e.TextContent.Trim()).ToList();
        Assert.Equal("Line 12, column tag: “31525271234567” is not a valid ear tag: a tag has exactly 15 digits.", errors[0]);
        Assert.StartsWith("Line 12, column birth_date: 2099-01-01 is in the future.", errors[1], StringComparison.Ordinal);
        Assert.Equal("Line 13, column tag: “315252712345678” is already on line 2 of this file.", errors[2]);
        Assert.Equal(["12", "12", "13", "13", "13"], report.FindAll("[data-testid=import-error]").Select(e => e.GetAttribute("data-line")));
        Assert.Equal("household", report.FindAll("[data-testid=import-error]")[4].GetAttribute("data-column"));
    }

    [Fact]
    public void The_preview_table_shows_the_rows_and_marks_those_with_errors()
    {
        CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = new CultureInfo("zh-CN");

        var report = ctx.Render<ImportReport>(p => p.Add(r => r.Preview, WithErrors));

        var rows = report.FindAll("[data-testid=import-preview] tbody tr");
        Assert.Equal(3, rows.Count);
        Assert.Equal(["2", "12", "13"], rows.Select(r => r.GetAttribute("data-line")));
        Assert.DoesNotContain("row-error", rows[0].ClassName ?? "", StringComparison.Ordinal);
        Assert.Contains("row-error", rows[1].ClassName, StringComparison.Ordinal);
        Assert.Contains("白云", rows[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("母羊", rows[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("察哈尔羊", rows[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("巴特尔家", rows[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("无此人", rows[2].TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void A_long_error_list_is_cut_and_the_rest_counted()
    {
        CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = new CultureInfo("en");
        var many = WithErrors with
        {
            Errors = [.. Enumerable.Range(2, 300).Select(line => new ImportError(line, ImportColumn.Breed, ImportErrorCode.BadBreed, "Merino"))],
        };

        var report = ctx.Render<ImportReport>(p => p.Add(r => r.Preview, many).Add(r => r.MaxErrors, 100));

        Assert.Equal(100, report.FindAll("[data-testid=import-error]").Count);
        Assert.Equal("…and 200 more.", report.Find("[data-testid=more-errors]").TextContent);
        Assert.Equal("300", report.Find("[data-testid=error-count]").TextContent);
    }

    [Fact]
    public void A_clean_preview_lists_no_errors()
    {
        CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = new CultureInfo("en");
        var clean = WithErrors with { Errors = [] };

        var report = ctx.Render<ImportReport>(p => p.Add(r => r.Preview, clean));

        Assert.Empty(report.FindAll("[data-testid=import-error]"));
        Assert.Empty(report.FindAll("tr.row-error"));
        Assert.Equal("0", report.Find("[data-testid=error-count]").TextContent);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await ctx.DisposeAsync();
}
