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
        var drawn = await first.ChartAsync(7, weighings);

        using var restarted = new MailImageCache(calendar, new LocalFileStore(folder));
        var read = await restarted.ChartAsync(7, weighings);

        Assert.Equal(1, first.ChartsDrawn);
        Assert.Equal(0, restarted.ChartsDrawn);
        Assert.Equal(drawn, read);
        Assert.Equal(GrowthChartImage.Render(weighings, calendar), read);
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
            await cache.ChartAsync(7, before);
        }

        using var next = new MailImageCache(calendar, files);
        var newer = await next.ChartAsync(7, after);
        Assert.Equal(1, next.ChartsDrawn);
        Assert.Equal(GrowthChartImage.Render(after, calendar), newer);

        // The weighing is withdrawn again: the chart goes back to what the two weighings show, drawn anew.
        using var third = new MailImageCache(calendar, files);
        Assert.Equal(GrowthChartImage.Render(before, calendar), await third.ChartAsync(7, before));
        Assert.Equal(1, third.ChartsDrawn);
        Assert.Single(Directory.GetFiles(Path.Combine(folder, "charts")));
    }

    [Fact]
    public async Task Charts_of_two_sheep_are_kept_apart_and_one_weighing_draws_none()
    {
        var files = new LocalFileStore(folder);
        using var cache = new MailImageCache(calendar, files);
        var ewe = await cache.ChartAsync(1, [new(Start, 30m), new(Start.AddDays(10), 31m)]);
        var ram = await cache.ChartAsync(2, [new(Start, 50m), new(Start.AddDays(10), 55m)]);

        Assert.NotEqual(ewe, ram);
        Assert.Null(await cache.ChartAsync(3, [new(Start, 30m)]));
        Assert.Equal(2, cache.ChartsDrawn);
        Assert.Null(await files.OpenReadAsync(MailImageCache.ChartKey(3)));
    }
}
