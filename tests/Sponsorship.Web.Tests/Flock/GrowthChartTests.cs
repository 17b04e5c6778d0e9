using System.Globalization;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using Sponsorship.Core.Flock;
using Sponsorship.Core.Programme;
using Sponsorship.Web.Features.Flock;

namespace Sponsorship.Web.Tests.Flock;

public sealed class GrowthChartTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);
    private readonly BunitContext ctx = new();

    public GrowthChartTests()
    {
        ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        ctx.Services.AddMudServices();
        ctx.Services.AddLocalization();
        ctx.Services.AddSingleton(ProgrammeCalendar.Beijing(TimeProvider.System));
    }

    [Fact]
    public void No_weighings_draw_no_chart_but_say_it_will_come()
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo("zh-CN");

        var chart = ctx.Render<GrowthChart>(p => p.Add(c => c.Points, []));

        Assert.Empty(chart.FindAll("figure > svg"));
        Assert.Contains("还没有称重记录", chart.Find("[data-testid=growth-chart-empty]").TextContent);
    }

    [Fact]
    public void One_weighing_is_a_labelled_point_without_a_line_and_a_note()
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo("en");

        var chart = ctx.Render<GrowthChart>(p => p.Add(c => c.Points, [new WeightPoint(Start, 31.5m)]));

        Assert.Single(chart.FindAll("svg circle"));
        Assert.Empty(chart.FindAll("polyline"));
        Assert.Equal("31.5 kg", chart.Find("text.chart-last").TextContent);
        Assert.Contains("the line appears after the next weighing", chart.Find("[data-testid=growth-chart-one]").TextContent);
        Assert.Contains("Mar 1", chart.FindAll(".chart-dates text").Select(t => t.TextContent));
        Assert.All(chart.FindAll("circle"), c => Assert.InRange(double.Parse(c.GetAttribute("cy")!, CultureInfo.InvariantCulture), 30, 206));
    }

    [Fact]
    public void A_series_is_a_line_through_every_point_with_kg_and_date_axes_in_Chinese()
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo("zh-CN");
        WeightPoint[] series = [new(Start, 28m), new(Start.AddDays(30), 31.5m), new(Start.AddDays(61), 33m), new(Start.AddDays(92), 35.2m)];

        var chart = ctx.Render<GrowthChart>(p => p.Add(c => c.Points, series));

        var points = chart.Find("polyline.chart-line").GetAttribute("points")!.Split(' ');
        Assert.Equal(4, points.Length);
        var ys = points.Select(p => double.Parse(p.Split(',')[1], CultureInfo.InvariantCulture)).ToList();
        var xs = points.Select(p => double.Parse(p.Split(',')[0], CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(ys.OrderDescending(), ys); // heavier is higher (smaller y)
        Assert.Equal(xs.Order(), xs); // later is further right
        Assert.Equal(4, chart.FindAll("svg circle").Count);
        Assert.Equal("35.2 公斤", chart.Find("text.chart-last").TextContent);
        var kgLabels = chart.FindAll("text.chart-kg").Select(t => decimal.Parse(t.TextContent, CultureInfo.InvariantCulture)).ToList();
        Assert.True(kgLabels.Min() <= 28m && kgLabels.Max() >= 35.2m, string.Join(",", kgLabels));
        Assert.InRange(kgLabels.Count, 3, 6);
        var dates = chart.FindAll(".chart-dates text").Select(t => t.TextContent).ToList();
        Assert.Equal("3月1日", dates[0]);
        Assert.Equal("6月1日", dates[^1]);
        Assert.Contains("2026年3月1日：28 公斤", chart.Find("circle title").TextContent);
        Assert.Empty(chart.FindAll("[data-testid=growth-chart-one]"));
    }

    [Fact]
    public void A_series_across_years_labels_dates_with_the_year_and_a_flat_series_still_has_an_axis()
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo("en");
        WeightPoint[] series = [new(Start.AddDays(-120), 30m), new(Start, 30m)];

        var chart = ctx.Render<GrowthChart>(p => p.Add(c => c.Points, series));

        var dates = chart.FindAll(".chart-dates text").Select(t => t.TextContent).ToList();
        Assert.Contains("2025", dates[0]);
        Assert.Contains("2026", dates[^1]);
        Assert.True(chart.FindAll("text.chart-kg").Count >= 2);
        var ys = chart.Find("polyline").GetAttribute("points")!.Split(' ').Select(p => p.Split(',')[1]).Distinct();
        Assert.Single(ys);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await ctx.DisposeAsync();
}
