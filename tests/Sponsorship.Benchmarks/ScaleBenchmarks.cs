using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using BenchmarkDotNet.Attributes;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Sponsorship.Core.Data;
using Sponsorship.Core.Flock;
using Sponsorship.Core.Programme;

namespace Sponsorship.Benchmarks;

/// <summary>
/// The public catalogue and the sheep profile at 100× the programme: 100,000 sheep with 10 logs each (1,000,000 logs,
/// 200,000 photos) in a real SQLite file migrated with the real migrations. Seeding is raw SQL in one transaction; the
/// seeded file is kept in the temp folder and reused by the next benchmark process (BenchmarkDotNet runs each benchmark
/// in its own process), so seeding is paid and reported once.
/// </summary>
[MemoryDiagnoser]
public class ScaleBenchmarks
{
    public const int LogsPerSheep = 10;
    public const int HouseholdCount = 1_000;
    public const int VillageCount = 10;

    /// <summary>The seeded programme's "today"; birth dates and logs are laid out around it.</summary>
    public static readonly DateOnly Today = new(2026, 11, 29);

    private static readonly DateTimeOffset Now = new(2026, 11, 29, 8, 0, 0, TimeSpan.Zero);

    private DbContextOptions<SponsorshipDbContext> options = null!;
    private SheepCatalogue catalogue = null!;
    private SheepProfile profiles = null!;
    private CatalogueFilter filtered = new();
    private int deepPage;
    private string profileTag = "";

    /// <summary>
    /// The index these measurements ask for, not in the model: <c>Sheep (ArchivedAt, Id)</c>, so an unfiltered page is
    /// read in Id order from an index instead of sorting every living sheep's id. False measures the schema as migrated.
    /// </summary>
    [Params(false, true)]
    public bool WithSuggestedIndex { get; set; }

    /// <summary>Sheep in the seeded file: 100,000, or a couple of thousand in the smoke mode (a multiple of the households).</summary>
    public int SheepCount { get; init; } = 100_000;

    /// <summary>Where the seeded file is kept between benchmark processes; a folder of its own in the smoke mode.</summary>
    // Bump the version when the seeded data changes, so an old cached file is not reused.
    private string Folder { get; init; } = Path.Combine(Path.GetTempPath(), "sponsorship-benchmarks", "scale-100k-v1");

    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    [Benchmark(Baseline = true)]
    public Task<CataloguePage> CatalogueFirstPage() => catalogue.ListAsync(new CatalogueFilter(), 1, Today);

    [Benchmark]
    public Task<CataloguePage> CatalogueDeepPage() => catalogue.ListAsync(new CatalogueFilter(), deepPage, Today);

    [Benchmark]
    public Task<CataloguePage> CatalogueBreedVillageAgePage() => catalogue.ListAsync(filtered, 1, Today);

    [Benchmark]
    public Task<ProfileLookup> Profile() => profiles.FindAsync(profileTag, Today);

    /// <summary>
    /// Every benchmark once over 2,000 sheep, without the index and with it; throws unless the unfiltered pages count the
    /// same sheep and are full, the filtered page holds only its breed, and the profile has its timeline.
    /// </summary>
    public static async Task<IReadOnlyList<ScaleSmoke>> SmokeAsync()
    {
        var folder = Path.Combine(Path.GetTempPath(), "sponsorship-benchmarks", $"scale-smoke-{Guid.NewGuid():N}");
        var runs = new List<ScaleSmoke>();
        try
        {
            foreach (var withIndex in new[] { false, true })
            {
                var bench = new ScaleBenchmarks { SheepCount = 2 * HouseholdCount, WithSuggestedIndex = withIndex, Folder = folder };
                await bench.SetupAsync();
                var smoke = new ScaleSmoke(
                    withIndex, bench.SheepCount, await bench.CatalogueFirstPage(), await bench.CatalogueDeepPage(),
                    await bench.CatalogueBreedVillageAgePage(), await bench.Profile(), bench.filtered);
                runs.Add(smoke.IsConsistent ? smoke : throw new InvalidOperationException($"The scaled catalogue disagrees with itself: {smoke}."));
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }

        return runs;
    }

    private async Task SetupAsync()
    {
        var path = Path.Combine(Folder, "sponsorship.db");
        var marker = Path.Combine(Folder, "seeded.txt");
        var connectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = true }.ToString();
        options = SponsorshipDatabase.Standalone(DatabaseProvider.Sqlite, connectionString);
        var dbFactory = new Factory(options);

        if (!File.Exists(marker))
        {
            if (Directory.Exists(Folder))
            {
                SqliteConnection.ClearAllPools();
                Directory.Delete(Folder, recursive: true);
            }

            Directory.CreateDirectory(Folder);
            await using (var db = dbFactory.CreateDbContext())
            {
                await db.Database.OpenConnectionAsync();
                await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
                await db.Database.MigrateAsync();
            }

            var stopwatch = Stopwatch.StartNew();
            await SeedAsync(connectionString, SheepCount);
            stopwatch.Stop();
            await File.WriteAllTextAsync(marker, string.Create(CultureInfo.InvariantCulture, $"{stopwatch.Elapsed.TotalSeconds:F1}"));
            Console.WriteLine($"// Seeded {SheepCount:N0} sheep, {SheepCount * LogsPerSheep:N0} logs in {stopwatch.Elapsed.TotalSeconds:F1} s ({new FileInfo(path).Length / 1024 / 1024:N0} MB).");
        }
        else
        {
            await using var db = dbFactory.CreateDbContext();
            await db.Database.MigrateAsync();
            Console.WriteLine($"// Reusing the seeded file {path}; seeding took {await File.ReadAllTextAsync(marker)} s when it was made.");
        }

        await using (var db = dbFactory.CreateDbContext())
        {
            await db.Database.ExecuteSqlRawAsync(WithSuggestedIndex
                ? "CREATE INDEX IF NOT EXISTS \"IX_Sheep_ArchivedAt_Id\" ON \"Sheep\" (\"ArchivedAt\", \"Id\");"
                : "DROP INDEX IF EXISTS \"IX_Sheep_ArchivedAt_Id\";");
        }

        catalogue = new SheepCatalogue(dbFactory);
        profiles = new SheepProfile(dbFactory, ProgrammeCalendar.Beijing(TimeProvider.System));
        var village = (await catalogue.VillagesAsync())[3];
        filtered = new CatalogueFilter(Breed.Ujimqin, village.Id, Age: AgeBand.Young);
        var first = await catalogue.ListAsync(new CatalogueFilter(), 1, Today);
        deepPage = first.PageCount * 3 / 4;
        profileTag = EarTag.ForTaibus(50_000_000 + (SheepCount / 2)).Value;

        var filteredPage = await catalogue.ListAsync(filtered, 1, Today);
        var profile = await profiles.FindAsync(profileTag, Today);
        if (first.Total < SheepCount * 9 / 10 || filteredPage.Items.Count == 0 || profile.Profile is not { Timeline.Count: > 0 })
        {
            throw new InvalidOperationException($"Unexpected seeded data: {first.Total} listed, {filteredPage.Total} filtered, profile found {profile.Found}.");
        }

        Console.WriteLine($"// {first.Total:N0} sheep listed, {first.PageCount:N0} pages; deep page {deepPage:N0}; filtered: {filteredPage.Total:N0} sheep; profile {profileTag}: {profile.Profile.Timeline.Count} timeline entries, {profile.Profile.Photos.Count} photos.");
        await PrintQueryPlansAsync(connectionString);
    }

    /// <summary>How SQLite runs each statement the four operations send (EXPLAIN QUERY PLAN), to see which indexes they use.</summary>
    private async Task PrintQueryPlansAsync(string connectionString)
    {
        var recorder = new CommandRecorder();
        var recording = new DbContextOptionsBuilder<SponsorshipDbContext>(options).AddInterceptors(recorder).Options;
        var factory = new Factory(recording as DbContextOptions<SponsorshipDbContext> ?? throw new InvalidOperationException("Unexpected options type."));
        await new SheepCatalogue(factory).ListAsync(new CatalogueFilter(), deepPage, Today);
        await new SheepCatalogue(factory).ListAsync(filtered, 1, Today);
        await new SheepProfile(factory, ProgrammeCalendar.Beijing(TimeProvider.System)).FindAsync(profileTag, Today);

        // The full statements, for anyone who wants to try them in the sqlite3 shell.
        await File.WriteAllLinesAsync(
            Path.Combine(Folder, "queries.sql"),
            recorder.Commands.Select(c => $"-- {string.Join(", ", c.Parameters.Select(p => $"{p.Name}={p.Value}"))}\n{c.Text};\n"));

        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        foreach (var (text, parameters) in recorder.Commands)
        {
            await using var explain = connection.CreateCommand();
            explain.CommandText = "EXPLAIN QUERY PLAN " + text;
            foreach (var (name, value) in parameters)
            {
                explain.Parameters.AddWithValue(name, value ?? DBNull.Value);
            }

            Console.WriteLine("// " + text.Split('\n')[0].Trim());
            await using var reader = await explain.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                Console.WriteLine("//    " + reader.GetString(3));
            }
        }
    }

    private static async Task SeedAsync(string connectionString, int sheepCount)
    {
        var toBinary = new DateTimeOffsetToBinaryConverter();
        long Instant(DateTimeOffset value) => (long)toBinary.ConvertToProvider(value)!;
        var random = new Random(100_000);

        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        await using (var pragma = connection.CreateCommand())
        {
            pragma.CommandText = "PRAGMA synchronous=OFF; PRAGMA cache_size=-200000;";
            await pragma.ExecuteNonQueryAsync();
        }

        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
        var village = Prepare(connection, transaction, "INSERT INTO Villages (Id, Name, NameLatin) VALUES ($id, $name, $latin)", "$id", "$name", "$latin");
        for (var v = 1; v <= VillageCount; v++)
        {
            await Run(village, v, $"第{v}村", $"Village {v}");
        }

        var household = Prepare(
            connection, transaction,
            "INSERT INTO Households (Id, VillageId, HeadName, HeadNameLatin, Phone, PayoutAccountEncrypted, Trusted) VALUES ($id, $village, $name, $latin, '', '', 0)",
            "$id", "$village", "$name", "$latin");
        for (var h = 1; h <= HouseholdCount; h++)
        {
            await Run(household, h, ((h - 1) % VillageCount) + 1, $"牧户{h}", $"Herder {h}");
        }

        var sheep = Prepare(
            connection, transaction,
            "INSERT INTO Sheep (Id, Name, Sex, BirthDate, Breed, HouseholdId, Notes, ArchivedAt, RemovalReason) VALUES ($id, $name, $sex, $birth, $breed, $household, '', $archived, $reason)",
            "$id", "$name", "$sex", "$birth", "$breed", "$household", "$archived", "$reason");
        var tag = Prepare(
            connection, transaction,
            "INSERT INTO IdTags (Id, SheepId, Type, Value, ValidFrom) VALUES ($id, $sheep, 1, $value, $from)",
            "$id", "$sheep", "$value", "$from");
        var log = Prepare(
            connection, transaction,
            "INSERT INTO AnimalLogs (Id, SheepId, Kind, At, RecordedAt, IdempotencyKey, Notes, QuantityKg, Review, ReviewedAt) " +
            "VALUES ($id, $sheep, $kind, $at, $at, $key, $notes, $kg, $review, $reviewed)",
            "$id", "$sheep", "$kind", "$at", "$key", "$notes", "$kg", "$review", "$reviewed");
        var photo = Prepare(
            connection, transaction,
            "INSERT INTO SheepPhotos (Id, LogId, SheepId, LargeKey, ThumbnailKey, Width, Height) VALUES ($id, $log, $sheep, $large, $thumb, 1600, 1200)",
            "$id", "$log", "$sheep", "$large", "$thumb");

        long logId = 0;
        long photoId = 0;
        for (var s = 1; s <= sheepCount; s++)
        {
            var birth = Today.AddDays(-random.Next(60, 4 * 365));
            var archived = random.Next(100) < 3;
            await Run(
                sheep, s, $"羊{s}", random.NextDouble() < 0.8 ? (int)Sex.Ewe : (int)Sex.Ram, birth.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                random.Next(1, 4), ((s - 1) / (sheepCount / HouseholdCount)) + 1,
                archived ? Instant(Now.AddDays(-random.Next(1, 60))) : null, archived ? (int)RemovalReason.Sold : null);
            await Run(tag, s, s, EarTag.ForTaibus(50_000_000 + s).Value, Instant(Now.AddDays(-400)));

            var kg = 20m + random.Next(0, 100) / 10m;
            for (var i = 0; i < LogsPerSheep; i++)
            {
                logId++;
                // Six weighings, two photos, a health note and a note; most approved, some pending or rejected.
                var kind = i switch { < 6 => LogKind.Weighing, < 8 => LogKind.Photo, 8 => LogKind.Medical, _ => LogKind.Note };
                var review = random.Next(20) switch { 0 => ReviewStatus.Rejected, < 4 => ReviewStatus.Pending, _ => ReviewStatus.Approved };
                var at = Now.AddDays(-300 + (i * 30) + random.Next(0, 20)).AddMinutes(random.Next(0, 600));
                kg += random.Next(5, 30) / 10m;
                await Run(
                    log, logId, s, (int)kind, Instant(at), $"seed-{logId}", kind is LogKind.Medical or LogKind.Note ? "Checked by the herder; eating well." : "",
                    kind == LogKind.Weighing ? kg.ToString(CultureInfo.InvariantCulture) : null, (int)review,
                    review == ReviewStatus.Pending ? null : Instant(at.AddDays(1)));
                if (kind == LogKind.Photo)
                {
                    photoId++;
                    await Run(photo, photoId, logId, s, $"photos/seed/{photoId}.jpg", $"photos/seed/{photoId}-thumb.jpg");
                }
            }
        }

        await transaction.CommitAsync();
    }

    private static SqliteCommand Prepare(SqliteConnection connection, SqliteTransaction transaction, string sql, params string[] names)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var name in names)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        command.Prepare();
        return command;
    }

    private static Task<int> Run(SqliteCommand command, params object?[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i] ?? DBNull.Value;
        }

        return command.ExecuteNonQueryAsync();
    }

    private sealed class Factory(DbContextOptions<SponsorshipDbContext> options) : IDbContextFactory<SponsorshipDbContext>
    {
        public SponsorshipDbContext CreateDbContext() => new(options);
    }

    private sealed class CommandRecorder : DbCommandInterceptor
    {
        public List<(string Text, List<(string Name, object? Value)> Parameters)> Commands { get; } = [];

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            Commands.Add((command.CommandText, [.. command.Parameters.Cast<DbParameter>().Select(p => (p.ParameterName, (object?)p.Value))]));
            return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
        }

        public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
        {
            Commands.Add((command.CommandText, [.. command.Parameters.Cast<DbParameter>().Select(p => (p.ParameterName, (object?)p.Value))]));
            return base.ScalarExecutingAsync(command, eventData, result, cancellationToken);
        }
    }
}

public sealed record ScaleSmoke(
    bool WithIndex, int SheepCount, CataloguePage First, CataloguePage Deep, CataloguePage Filtered, ProfileLookup Profile, CatalogueFilter Filter)
{
    public bool IsConsistent =>
        First.Total == Deep.Total && First.Total <= SheepCount && First.Items.Count == First.PageSize && Deep.Items.Count == Deep.PageSize
        && Filtered.Items.All(s => s.Breed == Filter.Breed && s.VillageName == Filtered.Items[0].VillageName)
        && Profile.Profile is { Timeline.Count: > 0, Weighings.Count: > 0 };
}
