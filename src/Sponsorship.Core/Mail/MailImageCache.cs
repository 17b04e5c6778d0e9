using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Caching.Memory;
using Sponsorship.Core.Programme;
using Sponsorship.Core.Storage;

namespace Sponsorship.Core.Mail;

/// <summary>
/// The images of sponsor mail. A growth chart is drawn once per sheep, weighings and language and kept in the file store
/// under the sheep (<c>charts/{sheep}-{language}.chart</c>: the fingerprint of what it shows, then the PNG), so a restart
/// or a second instance reads it instead of drawing it again, and a new or withdrawn weighing draws a new one over it (one
/// file per sheep and language).
/// Charts and stored photos (photo keys are never reused) are also kept in memory, bounded by size, the least used first.
/// </summary>
public sealed class MailImageCache(ProgrammeCalendar calendar, IFileStore files) : IDisposable
{
    public const long SizeLimitBytes = 64L * 1024 * 1024;

    /// <summary>Part of every fingerprint: change it when the drawing changes, so kept charts are drawn again.</summary>
    private const string ChartVersion = "growth-chart-2";

    private readonly MemoryCache cache = new(new MemoryCacheOptions { SizeLimit = SizeLimitBytes });
    private readonly SemaphoreSlim[] drawing = [.. Enumerable.Range(0, 64).Select(_ => new SemaphoreSlim(1, 1))];
    private long chartsDrawn;

    /// <summary>How many charts were drawn (not served from memory or the file store) since start: for the load driver's check.</summary>
    public long ChartsDrawn => Interlocked.Read(ref chartsDrawn);

    public static string ChartKey(int sheepId, string language) =>
        $"charts/{sheepId.ToString(CultureInfo.InvariantCulture)}-{language.ToLowerInvariant()}.chart";

    /// <summary>The sheep's growth chart PNG in the labels' language, or null with fewer than two weighings.</summary>
    public async Task<byte[]?> ChartAsync(int sheepId, IReadOnlyList<WeightPoint> points, ChartLabels labels, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(labels);
        if (points.Count < 2)
        {
            return null;
        }

        var fingerprint = Fingerprint(points, labels);
        var key = (Chart: sheepId, Convert.ToHexString(fingerprint));
        if (cache.TryGetValue(key, out byte[]? kept))
        {
            return kept;
        }

        // Two renders of the same sheep on two cores must not both draw it.
        var stripe = drawing[(sheepId & int.MaxValue) % drawing.Length];
        await stripe.WaitAsync(cancellationToken);
        try
        {
            if (cache.TryGetValue(key, out kept))
            {
                return kept;
            }

            var png = await StoredChartAsync(ChartKey(sheepId, labels.Language), fingerprint, cancellationToken);
            if (png is null)
            {
                png = GrowthChartImage.Render(points, calendar, labels)!;
                Interlocked.Increment(ref chartsDrawn);
                await files.SaveAsync(ChartKey(sheepId, labels.Language), fingerprint.Concat(png).ToArray(), cancellationToken);
            }

            return cache.Set(key, png, new MemoryCacheEntryOptions { Size = png.Length });
        }
        finally
        {
            stripe.Release();
        }
    }

    /// <summary>The kept PNG when it shows exactly these weighings as this calendar draws them, else null.</summary>
    private async Task<byte[]?> StoredChartAsync(string fileKey, byte[] fingerprint, CancellationToken cancellationToken)
    {
        await using var stream = await files.OpenReadAsync(fileKey, cancellationToken);
        if (stream is null)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, cancellationToken);
        var stored = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
        return stored.Length > fingerprint.Length && stored[..fingerprint.Length].SequenceEqual(fingerprint) ? stored[fingerprint.Length..].ToArray() : null;
    }

    /// <summary>SHA-256 of everything the chart shows: each weighing's moment and weight, and the words and days its axes are labelled with.</summary>
    private byte[] Fingerprint(IReadOnlyList<WeightPoint> points, ChartLabels labels)
    {
        var text = new StringBuilder(ChartVersion).Append('|').Append(calendar.Zone.Id).Append('|').Append(labels.Language).Append('|').Append(labels.Unit)
            .Append('|').Append(labels.Day(calendar.DayOf(points[0].At))).Append('|').Append(labels.Day(calendar.DayOf(points[^1].At)));
        foreach (var point in points)
        {
            text.Append('|').Append(point.At.UtcTicks.ToString(CultureInfo.InvariantCulture)).Append('=').Append(point.Kg.ToString(CultureInfo.InvariantCulture));
        }

        return SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString()));
    }

    /// <summary>A stored photo's bytes, read with <paramref name="read"/> the first time.</summary>
    public async Task<byte[]?> PhotoAsync(string key, Func<string, CancellationToken, Task<byte[]?>> read, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(read);
        if (cache.TryGetValue(("Photo", key), out byte[]? kept))
        {
            return kept;
        }

        var bytes = await read(key, cancellationToken);
        return bytes is null ? null : cache.Set(("Photo", key), bytes, new MemoryCacheEntryOptions { Size = bytes.Length });
    }

    public void Dispose()
    {
        cache.Dispose();
        foreach (var stripe in drawing)
        {
            stripe.Dispose();
        }
    }
}
