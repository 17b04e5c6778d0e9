using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SkiaSharp;
using Sponsorship.Core.Data;
using Sponsorship.Core.Flock;
using Sponsorship.Core.Storage;

namespace Sponsorship.Testing;

/// <summary>A log as a test wrote it, and its photo when it has one.</summary>
public sealed record AddedLog(long LogId, long? PhotoId);

/// <summary>
/// Writes animal logs (and real JPEG photos in the file store) straight through the DbContext, so the read side can
/// be tested without the herder's entry forms. Linked into the Core, Web and browser test projects.
/// </summary>
public sealed class FlockTestData(IDbContextFactory<SponsorshipDbContext> dbFactory, IFileStore? store = null)
{
    /// <summary>Over a running app's database and file store (pass a scope's services: the context factory is scoped).</summary>
    public static FlockTestData For(IServiceProvider scopedServices) => new(
        scopedServices.GetRequiredService<IDbContextFactory<SponsorshipDbContext>>(),
        scopedServices.GetRequiredService<IFileStore>());

    public IDbContextFactory<SponsorshipDbContext> DbFactory => dbFactory;

    public async Task<AddedLog> AddLogAsync(
        int sheepId,
        LogKind kind,
        DateTimeOffset at,
        ReviewStatus review = ReviewStatus.Approved,
        decimal? kg = null,
        string notes = "",
        bool withPhoto = false,
        string? pasture = null,
        RemovalReason? removalReason = null,
        int? lambId = null,
        int? namedPastureId = null)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        var log = new AnimalLog
        {
            SheepId = sheepId,
            Kind = kind,
            At = at,
            RecordedAt = at,
            IdempotencyKey = Guid.NewGuid().ToString("N"),
            Notes = notes,
            QuantityKg = kg,
            Pasture = pasture,
            NamedPastureId = namedPastureId,
            RemovalReason = removalReason,
            LambId = lambId,
            Review = review,
            ReviewedAt = review == ReviewStatus.Pending ? null : at,
        };
        SheepPhoto? photo = null;
        if (withPhoto)
        {
            if (store is null)
            {
                throw new InvalidOperationException("A photo needs the file store.");
            }

            var processed = Picture(sheepId + (int)(at.ToUnixTimeSeconds() % 1000));
            var name = Guid.NewGuid().ToString("N");
            photo = new SheepPhoto
            {
                SheepId = sheepId,
                LargeKey = $"photos/test/{name}.jpg",
                ThumbnailKey = $"photos/test/{name}-thumb.jpg",
                Width = processed.Width,
                Height = processed.Height,
            };
            await store.SaveAsync(photo.LargeKey, processed.Large);
            await store.SaveAsync(photo.ThumbnailKey, processed.Thumbnail);
            log.Photos.Add(photo);
        }

        db.AnimalLogs.Add(log);
        await db.SaveChangesAsync();
        return new AddedLog(log.Id, photo?.Id);
    }

    /// <summary>The id of the n-th household (1-based, as the demo accounts count them).</summary>
    public async Task<int> HouseholdIdAsync(int householdNumber)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        return await db.Households.OrderBy(h => h.Id).Skip(householdNumber - 1).Select(h => h.Id).FirstAsync();
    }

    /// <summary>Gives the sheep a new ear tag and retires the current one, as re-tagging does; returns the new tag.</summary>
    public async Task<string> RetagAsync(int sheepId, int sequence, DateTimeOffset at)
    {
        var newTag = EarTag.ForTaibus(sequence).Value;
        await using var db = await dbFactory.CreateDbContextAsync();
        var current = await db.IdTags.Where(IdTag.IsCurrentEarTag).SingleAsync(t => t.SheepId == sheepId);
        current.ValidTo = at;
        db.IdTags.Add(new IdTag { SheepId = sheepId, Type = IdTagType.NationalEarTag, Value = newTag, ValidFrom = at });
        await db.SaveChangesAsync();
        return newTag;
    }

    /// <summary>Takes the sheep out of the flock, as a death or sale does.</summary>
    public async Task ArchiveAsync(int sheepId, RemovalReason reason, DateTimeOffset at)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        var sheep = await db.Sheep.SingleAsync(s => s.Id == sheepId);
        sheep.ArchivedAt = at;
        sheep.RemovalReason = reason;
        await db.SaveChangesAsync();
    }

    /// <summary>The sheep's id and current national ear tag; the n-th living sheep of a household (0-based).</summary>
    public async Task<(int Id, string EarTag)> LivingSheepAsync(int householdId, int index = 0)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        var sheep = await db.Sheep
            .Where(s => s.HouseholdId == householdId && s.ArchivedAt == null)
            .OrderBy(s => s.Id)
            .Skip(index)
            .Select(s => new { s.Id, Tag = s.Tags.AsQueryable().Where(IdTag.IsCurrentEarTag).Select(t => t.Value).First() })
            .FirstAsync();
        return (sheep.Id, sheep.Tag);
    }

    /// <summary>A drawn photo of a sheep on grass (a different sky and fleece per seed), through the real photo intake.</summary>
    public static ProcessedPhoto Picture(int seed)
    {
        var random = new Random(seed);
        using var bitmap = new SKBitmap(800, 600);
        using (var canvas = new SKCanvas(bitmap))
        {
            using var sky = new SKPaint { Shader = SKShader.CreateLinearGradient(new SKPoint(0, 0), new SKPoint(0, 380), [new SKColor(120, (byte)random.Next(170, 200), 235), new SKColor(225, 240, 250)], SKShaderTileMode.Clamp) };
            canvas.DrawRect(0, 0, 800, 600, sky);
            using var hill = new SKPaint { Color = new SKColor(110, (byte)random.Next(150, 175), 80), IsAntialias = true };
            canvas.DrawOval(new SKRect(-300, 330, 560, 900), hill);
            canvas.DrawOval(new SKRect(250, 300, 1100, 900), hill);
            using var fleece = new SKPaint { Color = new SKColor(250, 248, (byte)random.Next(225, 245)), IsAntialias = true };
            using var dark = new SKPaint { Color = new SKColor(45, 40, 38), IsAntialias = true };
            var x = random.Next(300, 420);
            canvas.DrawRect(x + 20, 400, 16, 90, dark);
            canvas.DrawRect(x + 150, 400, 16, 90, dark);
            for (var i = 0; i < 9; i++)
            {
                canvas.DrawCircle(x + 20 + (i * 18), 360 + ((i % 3) * 22), 52, fleece);
            }

            canvas.DrawOval(new SKRect(x + 175, 300, x + 250, 385), dark);
            canvas.DrawCircle(x + 230, 330, 5, fleece);
        }

        var result = PhotoIntake.FromBitmap(bitmap);
        return result.Photo ?? throw new InvalidOperationException($"The drawn photo was refused: {result.Error}");
    }
}
