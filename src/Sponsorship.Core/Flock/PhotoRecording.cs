using Sponsorship.Core.Data;
using Sponsorship.Core.Storage;

namespace Sponsorship.Core.Flock;

/// <summary>
/// Photos for a sheep: each file must pass <see cref="PhotoIntake"/> (any refused file refuses the entry, and nothing is
/// stored); the re-encoded copies go to the file store under generated names, then one photo log with its photo rows is
/// saved. Whatever stops that save, <see cref="DeleteUnsavedFilesAsync"/> removes the files it stored.
/// </summary>
internal sealed class PhotoRecording(PhotoEntry entry, IFileStore files)
    : LogRecording(LogDraft.Of(LogKind.Photo, entry.IdempotencyKey, entry.SheepId, entry.On, entry.Notes) with { PhotoCount = entry.Files.Count })
{
    private readonly List<ProcessedPhoto> processed = [];
    private readonly List<string> stored = [];

    public override void Validate(SheepFacts sheep, List<LogProblem> problems)
    {
        if (entry.Files.Count == 0)
        {
            problems.Add(new(LogField.Photos, LogError.Required));
        }
        else if (entry.Files.Count > HerderLogbook.MaxPhotosPerEntry)
        {
            problems.Add(new(LogField.Photos, LogError.TooManyPhotos));
        }
    }

    /// <summary>Decodes and re-encodes each file, reporting every refusal.</summary>
    public override async Task<List<LogProblem>> PrepareAsync(CancellationToken cancellationToken)
    {
        processed.Clear();
        var problems = new List<LogProblem>();
        foreach (var file in entry.Files)
        {
            if (file.Content.CanSeek)
            {
                // A retried attempt reads the upload again from its start.
                file.Content.Position = 0;
            }

            var result = await PhotoIntake.ProcessAsync(file.Content, cancellationToken);
            if (result.Photo is { } photo)
            {
                processed.Add(photo);
            }
            else
            {
                problems.Add(new(LogField.Photos, LogError.PhotoRejected, PhotoIntake.SafeFileName(file.FileName), result.Error));
            }
        }

        return problems;
    }

    public override async Task WriteAsync(SponsorshipDbContext db, AnimalLog log, SheepFacts sheep, CancellationToken cancellationToken)
    {
        // An attempt that lost to contention is retried with a new log: its files go first.
        await DeleteUnsavedFilesAsync();
        foreach (var photo in processed)
        {
            var name = Guid.NewGuid().ToString("N");
            var folder = $"photos/{log.At.UtcDateTime:yyyy}/{log.At.UtcDateTime:MM}";
            var large = $"{folder}/{name}-large.jpg";
            var thumbnail = $"{folder}/{name}-thumb.jpg";
            stored.Add(large);
            await files.SaveAsync(large, photo.Large, cancellationToken);
            stored.Add(thumbnail);
            await files.SaveAsync(thumbnail, photo.Thumbnail, cancellationToken);
            log.Photos.Add(new SheepPhoto
            {
                SheepId = sheep.Id,
                LargeKey = large,
                ThumbnailKey = thumbnail,
                Width = photo.Width,
                Height = photo.Height,
            });
        }

        db.AnimalLogs.Add(log);
        await db.SaveChangesAsync(cancellationToken);
        stored.Clear();
    }

    /// <summary>No file outlives its log: a replay, a failed write or a cancelled request leaves nothing in the store.</summary>
    public async Task DeleteUnsavedFilesAsync()
    {
        foreach (var key in stored)
        {
            await files.DeleteAsync(key, CancellationToken.None);
        }

        stored.Clear();
    }
}
