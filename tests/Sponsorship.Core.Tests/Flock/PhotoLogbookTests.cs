using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Flock;
using Sponsorship.Core.Storage;

namespace Sponsorship.Core.Tests.Flock;

/// <summary>Photos from the phone: all or nothing, in the database and in the file store alike.</summary>
public class PhotoLogbookTests(LogbookDatabase database) : IClassFixture<LogbookDatabase>
{
    private static string Key() => LogbookDatabase.NewKey();

    private static PhotoUpload Upload(string name, byte[] bytes) => new(name, new MemoryStream(bytes));

    [Fact]
    public async Task Photos_are_stored_large_and_small_under_generated_names_with_one_log()
    {
        var store = database.NewFileStore();
        var sheepId = database.TakeSheep(database.HouseholdA);

        var result = await database.Logbook(store).AddPhotosAsync(database.HerderA, new(Key(), sheepId, database.Today,
            [Upload("IMG_2031.jpg", TestImages.Jpeg(3000, 2000)), Upload("IMG_2032.webp", TestImages.Webp())], "By the well"));

        Assert.Equal(LogbookOutcome.Recorded, result.Outcome);
        await using var db = await database.CreateDbContextAsync();
        var log = await db.AnimalLogs.Include(l => l.Photos).SingleAsync(l => l.Id == result.LogId);
        Assert.Equal((LogKind.Photo, "By the well", 2), (log.Kind, log.Notes, log.Photos.Count));
        Assert.All(log.Photos, p => Assert.Equal(sheepId, p.SheepId));
        Assert.Equal((1600, 1067), (log.Photos[0].Width, log.Photos[0].Height));
        var keys = log.Photos.SelectMany(p => new[] { p.LargeKey, p.ThumbnailKey }).ToList();
        Assert.All(keys, k => Assert.Matches("^photos/2026/11/[0-9a-f]{32}-(large|thumb)\\.jpg$", k));
        Assert.DoesNotContain(keys, k => k.Contains("IMG", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(4, LogbookDatabase.StoredFiles(store).Length);
        foreach (var key in keys)
        {
            await using var stream = await store.OpenReadAsync(key);
            Assert.NotNull(stream);
        }
    }

    [Fact]
    public async Task A_resent_upload_records_once_and_leaves_no_extra_files()
    {
        var store = database.NewFileStore();
        var sheepId = database.TakeSheep(database.HouseholdA);
        var key = Key();
        var jpeg = TestImages.Jpeg();

        var first = await database.Logbook(store).AddPhotosAsync(database.HerderA, new(key, sheepId, database.Today, [Upload("a.jpg", jpeg)]));
        var second = await database.Logbook(store).AddPhotosAsync(database.HerderA, new(key, sheepId, database.Today, [Upload("a.jpg", jpeg)]));

        Assert.Equal((LogbookOutcome.Recorded, LogbookOutcome.Replayed), (first.Outcome, second.Outcome));
        Assert.Equal(first.LogId, second.LogId);
        Assert.Equal(1, await database.LogCountAsync(sheepId));
        Assert.Equal(2, LogbookDatabase.StoredFiles(store).Length);
    }

    public static TheoryData<string, byte[], PhotoError> Refused => new()
    {
        { "IMG_2033.exe", TestImages.WindowsExecutable(), PhotoError.NotAnImage },
        { "IMG_2034.jpg", TestImages.WindowsExecutable(), PhotoError.NotAnImage },
        { "IMG_2035.jpg", TestImages.Truncated(TestImages.Jpeg(1200, 900)), PhotoError.Unreadable },
        { "tiny.png", TestImages.Png(20, 20), PhotoError.TooSmall },
        { "bomb.png", TestImages.PngHeaderOnly(40_000, 40_000), PhotoError.TooManyPixels },
        { "empty.jpg", [], PhotoError.Empty },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task One_refused_file_refuses_the_whole_upload_naming_the_file_and_storing_nothing(string name, byte[] bytes, PhotoError error)
    {
        var store = database.NewFileStore();
        var sheepId = database.TakeSheep(database.HouseholdA);

        var result = await database.Logbook(store).AddPhotosAsync(database.HerderA, new(Key(), sheepId, database.Today,
            [Upload("good.jpg", TestImages.Jpeg()), Upload(name, bytes)]));

        Assert.Equal(LogbookOutcome.Invalid, result.Outcome);
        Assert.Equal([new LogProblem(LogField.Photos, LogError.PhotoRejected, name, error)], result.Problems);
        Assert.Empty(LogbookDatabase.StoredFiles(store));
        Assert.Equal(0, await database.LogCountAsync(sheepId));
    }

    [Fact]
    public async Task A_40_MB_file_is_refused_and_nothing_is_stored()
    {
        var store = database.NewFileStore();
        var sheepId = database.TakeSheep(database.HouseholdA);
        var huge = new byte[40 * 1024 * 1024];
        TestImages.Jpeg().CopyTo(huge, 0);

        var result = await database.Logbook(store).AddPhotosAsync(database.HerderA, new(Key(), sheepId, database.Today, [Upload("IMG_9999.jpg", huge)]));

        Assert.Equal([new LogProblem(LogField.Photos, LogError.PhotoRejected, "IMG_9999.jpg", PhotoError.TooLarge)], result.Problems);
        Assert.Empty(LogbookDatabase.StoredFiles(store));
    }

    [Fact]
    public async Task A_path_traversal_file_name_is_only_shown_never_used()
    {
        var store = database.NewFileStore();
        var sheepId = database.TakeSheep(database.HouseholdA);

        var good = await database.Logbook(store).AddPhotosAsync(database.HerderA, new(Key(), sheepId, database.Today,
            [Upload("../../../etc/cron.d/evil.jpg", TestImages.Jpeg())]));
        var bad = await database.Logbook(store).AddPhotosAsync(database.HerderA, new(Key(), sheepId, database.Today,
            [Upload("..\\..\\evil.exe", TestImages.WindowsExecutable())]));

        Assert.Equal(LogbookOutcome.Recorded, good.Outcome);
        Assert.Equal("evil.exe", Assert.Single(bad.Problems).FileName);
        var files = LogbookDatabase.StoredFiles(store);
        Assert.Equal(2, files.Length);
        Assert.All(files, f => Assert.StartsWith(store.Root + Path.DirectorySeparatorChar, f, StringComparison.Ordinal));
        Assert.DoesNotContain(files, f => f.Contains("evil", StringComparison.Ordinal));
        Assert.False(Directory.Exists(Path.Combine(store.Root, "..", "etc")));
    }

    [Fact]
    public async Task An_upload_needs_at_least_one_and_at_most_six_photos()
    {
        var store = database.NewFileStore();
        var sheepId = database.TakeSheep(database.HouseholdA);
        var jpeg = TestImages.Jpeg(200, 150);

        var none = await database.Logbook(store).AddPhotosAsync(database.HerderA, new(Key(), sheepId, database.Today, []));
        var seven = await database.Logbook(store).AddPhotosAsync(database.HerderA, new(Key(), sheepId, database.Today,
            [.. Enumerable.Range(1, 7).Select(i => Upload($"{i}.jpg", jpeg))]));

        Assert.Equal([new LogProblem(LogField.Photos, LogError.Required)], none.Problems);
        Assert.Equal([new LogProblem(LogField.Photos, LogError.TooManyPhotos)], seven.Problems);
        Assert.Empty(LogbookDatabase.StoredFiles(store));
    }

    [Fact]
    public async Task When_the_database_save_fails_the_stored_files_are_deleted_again()
    {
        // Between storing the files and saving the log, another request claims the same key for a different entry.
        var sheepId = database.TakeSheep(database.HouseholdA);
        var key = Key();
        var inner = database.NewFileStore();
        var store = new InterruptingStore(inner, async () =>
        {
            var other = await database.Logbook().RecordNoteAsync(database.HerderA, new(key, sheepId, database.Today, "first"));
            Assert.Equal(LogbookOutcome.Recorded, other.Outcome);
        });

        var result = await database.Logbook(store).AddPhotosAsync(database.HerderA, new(key, sheepId, database.Today,
            [Upload("a.jpg", TestImages.Jpeg()), Upload("b.jpg", TestImages.Jpeg())]));

        Assert.Equal(LogbookOutcome.KeyConflict, result.Outcome);
        Assert.Equal(4, store.Saved);
        Assert.Empty(LogbookDatabase.StoredFiles(inner));
        await using var db = await database.CreateDbContextAsync();
        Assert.Equal(0, await db.SheepPhotos.CountAsync(p => p.SheepId == sheepId));
    }

    [Fact]
    public async Task When_the_file_store_fails_the_files_already_written_are_deleted()
    {
        var sheepId = database.TakeSheep(database.HouseholdA);
        var inner = database.NewFileStore();
        var store = new InterruptingStore(inner, () => throw new IOException("disk full"), afterSaves: 3);

        await Assert.ThrowsAsync<IOException>(() => database.Logbook(store).AddPhotosAsync(database.HerderA, new(Key(), sheepId, database.Today,
            [Upload("a.jpg", TestImages.Jpeg()), Upload("b.jpg", TestImages.Jpeg())])));

        Assert.Empty(LogbookDatabase.StoredFiles(inner));
        Assert.Equal(0, await database.LogCountAsync(sheepId));
    }

    /// <summary>A real local store that runs <paramref name="interruption"/> once, after a number of saves.</summary>
    private sealed class InterruptingStore(LocalFileStore inner, Func<Task> interruption, int afterSaves = 4) : IFileStore
    {
        public int Saved { get; private set; }

        public async Task SaveAsync(string key, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
        {
            await inner.SaveAsync(key, content, cancellationToken);
            if (++Saved == afterSaves)
            {
                await interruption();
            }
        }

        public Task<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken = default) => inner.OpenReadAsync(key, cancellationToken);

        public Task DeleteAsync(string key, CancellationToken cancellationToken = default) => inner.DeleteAsync(key, cancellationToken);
    }
}
