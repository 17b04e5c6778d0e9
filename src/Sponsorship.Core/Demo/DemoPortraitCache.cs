using System.Collections.Concurrent;
using Sponsorship.Core.Flock;

namespace Sponsorship.Core.Demo;

/// <summary>
/// The demo portraits of this build, kept in the temp folder: painting and encoding 1,200 pictures costs about a minute
/// of CPU here, and every app start on a fresh data folder and every test host seeds them again. Pictures are
/// deterministic, so a file made by the same build for the same subject is the same picture. The folder is named after
/// this assembly's build id (a changed drawing is a new build, so never a stale picture); only the few most recently
/// written build folders are kept. Anything going wrong with the cache only means painting again.
/// </summary>
internal sealed class DemoPortraitCache
{
    private const int BuildsKept = 3;

    // Two seeders in one process (parallel test fixtures) paint each picture once between them.
    private static readonly ConcurrentDictionary<string, Lazy<Task<ProcessedPhoto>>> InFlight = new(StringComparer.Ordinal);

    private readonly string folder;

    private DemoPortraitCache(string folder)
    {
        this.folder = folder;
    }

    public static DemoPortraitCache ForThisBuild()
    {
        var root = Path.Combine(Path.GetTempPath(), "sponsorship-demo-portraits");
        var build = typeof(DemoPortraitCache).Assembly.ManifestModule.ModuleVersionId.ToString("N");
        RemoveOtherBuilds(root, build);
        return new DemoPortraitCache(Path.Combine(root, build));
    }

    public async Task<ProcessedPhoto> GetOrDrawAsync(PortraitSubject subject, Func<ProcessedPhoto> draw, CancellationToken cancellationToken)
    {
        var name = $"{subject.Seed}-{(int)subject.Breed}-{(int)subject.Sex}-{subject.AgeMonths}-{(int)subject.Season}";
        if (await TryReadAsync(name, cancellationToken) is { } cached)
        {
            return cached;
        }

        var painting = InFlight.GetOrAdd(name, _ => new Lazy<Task<ProcessedPhoto>>(() => Task.Run(async () =>
        {
            var photo = draw();
            await TryWriteAsync(name, photo);
            return photo;
        })));
        try
        {
            return await painting.Value.WaitAsync(cancellationToken);
        }
        finally
        {
            InFlight.TryRemove(KeyValuePair.Create(name, painting));
        }
    }

    private async Task<ProcessedPhoto?> TryReadAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            var large = Path.Combine(folder, $"{name}-l.jpg");
            var thumbnail = Path.Combine(folder, $"{name}-t.jpg");
            if (!File.Exists(large) || !File.Exists(thumbnail))
            {
                return null;
            }

            return new ProcessedPhoto(
                await File.ReadAllBytesAsync(large, cancellationToken),
                await File.ReadAllBytesAsync(thumbnail, cancellationToken),
                SheepPortrait.Width,
                SheepPortrait.Height);
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    private async Task TryWriteAsync(string name, ProcessedPhoto photo)
    {
        if (photo.Width != SheepPortrait.Width || photo.Height != SheepPortrait.Height)
        {
            return;
        }

        try
        {
            Directory.CreateDirectory(folder);
            // The thumbnail first: a reader that finds the large file finds both complete.
            await WriteAsync(Path.Combine(folder, $"{name}-t.jpg"), photo.Thumbnail);
            await WriteAsync(Path.Combine(folder, $"{name}-l.jpg"), photo.Large);
        }
        catch (IOException)
        {
            // Another process is writing the same picture, or the temp folder is full: it is only a cache.
        }
        catch (UnauthorizedAccessException)
        {
            // A temp folder we may not write to: paint every time.
        }
    }

    private static async Task WriteAsync(string path, byte[] content)
    {
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        await File.WriteAllBytesAsync(temporary, content);
        File.Move(temporary, path, overwrite: true);
    }

    private static void RemoveOtherBuilds(string root, string build)
    {
        try
        {
            if (!Directory.Exists(root))
            {
                return;
            }

            var stale = new DirectoryInfo(root).EnumerateDirectories()
                .Where(d => d.Name != build)
                .OrderByDescending(d => d.LastWriteTimeUtc)
                .Skip(BuildsKept - 1);
            foreach (var other in stale)
            {
                other.Delete(recursive: true);
            }
        }
        catch (IOException)
        {
            // In use or already gone: try again next time.
        }
        catch (UnauthorizedAccessException)
        {
            // Not ours to remove.
        }
    }
}
