using Microsoft.Extensions.Options;
using Sponsorship.Core.Data;

namespace Sponsorship.Core.Tests.Data;

/// <summary>A SQLite test database whatever the tests run on: backups are of SQLite installations.</summary>
public sealed class SqliteDatabase : TestDatabase
{
    public SqliteDatabase()
        : base(DatabaseProvider.Sqlite)
    {
    }
}

public class NightlyBackupTests(SqliteDatabase database) : IClassFixture<SqliteDatabase>
{
    [Fact]
    public async Task The_backup_runs_at_its_hour_only_and_archives_past_the_retention_are_deleted()
    {
        var folder = Path.Combine(database.Folder, "backups");
        var options = new BackupOptions
        {
            HourUtc = 19, KeepDays = 14, Folder = folder, DataDirectory = database.Folder, SqliteConnectionString = database.ConnectionString,
        };
        await database.Files.SaveAsync("photos/a.jpg", new byte[] { 1, 2, 3 });
        var start = new DateTimeOffset(2026, 11, 29, 18, 30, 0, TimeSpan.Zero);
        database.Clock.SetUtcNow(start);
        var job = new NightlyBackup(Options.Create(options), database.Clock);

        Assert.Equal("not the hour", await job.RunAsync(CancellationToken.None));
        Assert.False(Directory.Exists(folder));

        database.Clock.SetUtcNow(start.AddHours(1));
        var first = await job.RunAsync(CancellationToken.None);
        Assert.StartsWith("sponsorship-20261129T193000Z.zip", first, StringComparison.Ordinal);
        Assert.Contains("1 files", first, StringComparison.Ordinal);

        // Fifteen nights later the first archive is past the fourteen days kept; the second is not.
        database.Clock.SetUtcNow(start.AddHours(1).AddDays(1));
        await job.RunAsync(CancellationToken.None);
        database.Clock.SetUtcNow(start.AddHours(1).AddDays(15));
        Assert.EndsWith("1 old archives deleted", await job.RunAsync(CancellationToken.None), StringComparison.Ordinal);
        Assert.Equal(
            ["sponsorship-20261130T193000Z.zip", "sponsorship-20261214T193000Z.zip"],
            Directory.GetFiles(folder, "*.zip").Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal(2, Directory.GetFiles(folder, "*.sha256").Length);

        options.Nightly = false;
        database.Clock.SetUtcNow(start.AddHours(1).AddDays(16));
        Assert.Equal("not the hour", await job.RunAsync(CancellationToken.None));
    }
}
