using Microsoft.Extensions.Options;
using Sponsorship.Core.Jobs;

namespace Sponsorship.Core.Data;

/// <summary>The <c>Backup</c> section: the nightly backup of a single-instance (SQLite) installation.</summary>
public sealed class BackupOptions
{
    public const string Section = "Backup";

    public bool Nightly { get; set; } = true;

    /// <summary>The hour (UTC) the backup is taken; 19 is 03:00 in Inner Mongolia.</summary>
    public int HourUtc { get; set; } = 19;

    /// <summary>Archives older than this many days are deleted after each nightly backup.</summary>
    public int KeepDays { get; set; } = 14;

    /// <summary>Where archives go; <c>backups</c> in the data folder by default (copy them off the machine too).</summary>
    public string Folder { get; set; } = "";

    /// <summary>Set by the app: the data folder and the SQLite connection string it backs up.</summary>
    public string DataDirectory { get; set; } = "";

    public string SqliteConnectionString { get; set; } = "";
}

/// <summary>
/// Once a night (at <see cref="BackupOptions.HourUtc"/>) writes a backup archive and deletes those past the retention.
/// It wakes every hour, so that the hour is kept whenever the app was started.
/// </summary>
public sealed class NightlyBackup(IOptions<BackupOptions> options, TimeProvider clock) : IScheduledJob
{
    public string Name => "nightly-backup";

    public JobSchedule Schedule => JobSchedule.Hourly;

    public async Task<string> RunAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var now = clock.GetUtcNow();
        if (!settings.Nightly || now.UtcDateTime.Hour != settings.HourUtc)
        {
            return "not the hour";
        }

        var backup = await Backups.CreateAsync(settings.DataDirectory, settings.SqliteConnectionString, settings.Folder, now, cancellationToken);
        var pruned = Backups.Prune(settings.Folder, settings.KeepDays, now);
        return $"{Path.GetFileName(backup.Archive)}: {backup.Bytes} bytes, {backup.StoredFiles} files; {pruned} old archives deleted";
    }
}
