using Microsoft.Extensions.Caching.Memory;
using Sponsorship.Core.Programme;

namespace Sponsorship.Core.Mail;

/// <summary>
/// The images of sponsor mail, kept in memory between renders: a growth chart is drawn once per sheep and weighings (its
/// key is the sheep, the number of points, the newest weighing and the sum of the weights, so a new or withdrawn
/// weighing draws a new one) and a stored photo is read once per file (photo keys are never reused). A fan-out to
/// many sponsors of one sheep then draws its chart once instead of once a mail. Bounded by size; the least used go first.
/// </summary>
public sealed class MailImageCache(ProgrammeCalendar calendar) : IDisposable
{
    public const long SizeLimitBytes = 64L * 1024 * 1024;

    private readonly MemoryCache cache = new(new MemoryCacheOptions { SizeLimit = SizeLimitBytes });
    private readonly object[] drawing = [.. Enumerable.Range(0, 64).Select(_ => new object())];
    private long chartsDrawn;

    /// <summary>How many charts were drawn (not served from memory) since start: for the load driver's consistency check.</summary>
    public long ChartsDrawn => Interlocked.Read(ref chartsDrawn);

    /// <summary>The sheep's growth chart PNG, or null with fewer than two weighings.</summary>
    public byte[]? Chart(int sheepId, IReadOnlyList<WeightPoint> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        if (points.Count < 2)
        {
            return null;
        }

        var key = (Chart: sheepId, points.Count, Newest: points[^1].At, Total: points.Sum(p => p.Kg));
        if (cache.TryGetValue(key, out byte[]? kept))
        {
            return kept;
        }

        // Two renders of the same sheep on two cores must not both draw it.
        lock (drawing[(key.GetHashCode() & int.MaxValue) % drawing.Length])
        {
            if (cache.TryGetValue(key, out kept))
            {
                return kept;
            }

            var png = GrowthChartImage.Render(points, calendar)!;
            Interlocked.Increment(ref chartsDrawn);
            return cache.Set(key, png, new MemoryCacheEntryOptions { Size = png.Length });
        }
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

    public void Dispose() => cache.Dispose();
}
