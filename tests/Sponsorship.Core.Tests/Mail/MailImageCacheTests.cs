using System.Globalization;
using Microsoft.Extensions.Time.Testing;
using Sponsorship.Core.Mail;
using Sponsorship.Core.Programme;
using Sponsorship.Core.Storage;

namespace Sponsorship.Core.Tests.Mail;

/// <summary>The growth chart kept in the file store: drawn once per sheep and weighings, read back by a restart or another instance.</summary>
public sealed class MailImageCacheTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 11, 1, 2, 0, 0, TimeSpan.Zero);
    private readonly string folder = Path.Combine(Path.GetTempPath(), "sponsorship-tests", Guid.NewGuid().ToString("N"));
    private static readonly ChartLabels English = new("en", "kg", day => day.ToString("d MMM yyyy", CultureInfo.InvariantCulture));
    private static readonly ChartLabels Chinese = new("zh-CN", "公斤", day => day.ToString("yyyy年M月d日", CultureInfo.InvariantCulture));
    private readonly ProgrammeCalendar calendar = ProgrammeCalendar.Beijing(new FakeTimeProvider(Start));

    public void Dispose()
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task A_chart_drawn_by_one_instance_is_read_by_the_next_without_drawing_it_again()
    {
        var files = new LocalFileStore(folder);
        WeightPoint[] weighings = [new(Start, 35.5m), new(Start.AddDays(30), 38.2m)];
        using var first = new MailImageCache(calendar, files);
        var drawn = await first.ChartAsync(7, weighings, English);

        using var restarted = new MailImageCache(calendar, new LocalFileStore(folder));
        var read = await restarted.ChartAsync(7, weighings, English);

        Assert.Equal(1, first.ChartsDrawn);
        Assert.Equal(0, restarted.ChartsDrawn);
        Assert.Equal(drawn, read);
        Assert.Equal(GrowthChartImage.Render(weighings, calendar, English), read);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], read![..4]);
    }

    [Fact]
    public async Task A_new_or_withdrawn_weighing_draws_the_chart_again_over_the_kept_one()
    {
        var files = new LocalFileStore(folder);
        WeightPoint[] before = [new(Start, 35.5m), new(Start.AddDays(30), 38.2m)];
        WeightPoint[] after = [.. before, new(Start.AddDays(60), 40.1m)];
        using (var cache = new MailImageCache(calendar, files))
        {
            await cache.ChartAsync(7, before, English);
        }

        using var next = new MailImageCache(calendar, files);
        var newer = await next.ChartAsync(7, after, English);
        Assert.Equal(1, next.ChartsDrawn);
        Assert.Equal(GrowthChartImage.Render(after, calendar, English), newer);

        // The weighing is withdrawn again: the chart goes back to what the two weighings show, drawn anew.
        using var third = new MailImageCache(calendar, files);
        Assert.Equal(GrowthChartImage.Render(before, calendar, English), await third.ChartAsync(7, before, English));
        Assert.Equal(1, third.ChartsDrawn);
        Assert.Single(Directory.GetFiles(Path.Combine(folder, "charts")));
    }

    [Fact]
    public async Task Charts_of_two_sheep_are_kept_apart_and_one_weighing_draws_none()
    {
        var files = new LocalFileStore(folder);
        using var cache = new MailImageCache(calendar, files);
        var ewe = await cache.ChartAsync(1, [new(Start, 30m), new(Start.AddDays(10), 31m)], English);
        var ram = await cache.ChartAsync(2, [new(Start, 50m), new(Start.AddDays(10), 55m)], English);

        Assert.NotEqual(ewe, ram);
        Assert.Null(await cache.ChartAsync(3, [new(Start, 30m)], English));
        Assert.Equal(2, cache.ChartsDrawn);
        Assert.Null(await files.OpenReadAsync(MailImageCache.ChartKey(3, "en")));
    }

    [Fact]
    public async Task A_chart_is_drawn_in_its_readers_language_and_kept_apart_from_the_other()
    {
        var files = new LocalFileStore(folder);
        WeightPoint[] weighings = [new(Start, 35.5m), new(Start.AddDays(30), 38.2m)];
        using var cache = new MailImageCache(calendar, files);

        var chinese = await cache.ChartAsync(7, weighings, Chinese);
        var english = await cache.ChartAsync(7, weighings, English);

        Assert.NotEqual(chinese, english);
        Assert.Equal(GrowthChartImage.Render(weighings, calendar, Chinese), chinese);
        Assert.Equal(chinese, await cache.ChartAsync(7, weighings, Chinese));
        Assert.Equal(2, cache.ChartsDrawn);
        Assert.NotNull(await files.OpenReadAsync(MailImageCache.ChartKey(7, "zh-CN")));
        Assert.NotNull(await files.OpenReadAsync(MailImageCache.ChartKey(7, "en")));
    }

    [Fact]
    public void Chinese_labels_are_drawn_as_characters_not_as_empty_boxes()
    {
        WeightPoint[] weighings = [new(Start, 35.5m), new(Start.AddDays(30), 38.2m)];

        // Two characters the face lacks come out as two identical boxes in either order; drawn, they differ.
        var unit = GrowthChartImage.Render(weighings, calendar, Chinese with { Unit = "公斤" });
        var swapped = GrowthChartImage.Render(weighings, calendar, Chinese with { Unit = "斤公" });

        Assert.NotEqual(unit, swapped);
    }
}
