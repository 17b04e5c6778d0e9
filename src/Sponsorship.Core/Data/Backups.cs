using System.IO.Compression;
using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Ledger;

namespace Sponsorship.Core.Data;

public sealed record BackupResult(string Archive, string Sha256, long Bytes, int StoredFiles);

public sealed record RestoreResult(string DataDirectory, int StoredFiles, LedgerIntegrityReport Ledger);

/// <summary>Why a restore was refused, in words for the operator.</summary>
public sealed class RestoreRefusedException(string message) : Exception(message);

/// <summary>
/// The single-instance installation (the SQLite file, stored files, caught mail) in one dated zip archive with a
/// SHA-256 checksum beside it (<c>sha256sum -c</c> reads it), and back. The database is copied with SQLite's online
/// backup, a consistent snapshot taken while the app keeps writing; the folders are copied after it, so every file the
/// snapshot's rows name is there (stored files are written before the rows that name them, and never changed).
/// </summary>
public static class Backups
{
    public const string DatabaseEntry = "sponsorship.db";
    public const string ChecksumSuffix = ".sha256";
    public const string ArchivePrefix = "sponsorship-";
    public static readonly string[] Folders = ["files", "mail"];

    public static string ArchiveName(DateTimeOffset at) =>
        $"{ArchivePrefix}{at.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture)}.zip";

    public static async Task<BackupResult> CreateAsync(
        string dataDirectory, string sqliteConnectionString, string destination, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(destination);
        var archive = Path.Combine(destination, ArchiveName(now));
        var partial = archive + ".partial";
        var snapshot = Path.Combine(destination, $".snapshot-{Guid.NewGuid():N}.db");
        try
        {
            await using (var source = new SqliteConnection(sqliteConnectionString))
            await using (var copy = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = snapshot, Pooling = false }.ToString()))
            {
                await source.OpenAsync(cancellationToken);
                await copy.OpenAsync(cancellationToken);
                source.BackupDatabase(copy);
            }

            var stored = 0;
            using (var zip = ZipFile.Open(partial, ZipArchiveMode.Create))
            {
                zip.CreateEntryFromFile(snapshot, DatabaseEntry, CompressionLevel.Optimal);
                foreach (var folder in Folders)
                {
                    var root = Path.Combine(dataDirectory, folder);
                    if (!Directory.Exists(root))
                    {
                        continue;
                    }

                    foreach (var file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Where(f => !f.EndsWith(".tmp", StringComparison.Ordinal)))
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        var name = folder + "/" + Path.GetRelativePath(root, file).Replace(Path.DirectorySeparatorChar, '/');
                        // Photos are JPEGs already: storing them saves the time of compressing them again.
                        zip.CreateEntryFromFile(file, name, CompressionLevel.NoCompression);
                        stored++;
                    }
                }
            }

            var sha256 = await Sha256Async(partial, cancellationToken);
            File.Move(partial, archive);
            await File.WriteAllTextAsync(archive + ChecksumSuffix, $"{sha256}  {Path.GetFileName(archive)}\n", cancellationToken);
            return new BackupResult(archive, sha256, new FileInfo(archive).Length, stored);
        }
        finally
        {
            File.Delete(snapshot);
            File.Delete(partial);
        }
    }

    /// <summary>
    /// Checks the archive against its checksum, refuses a folder an instance runs on (and, unless
    /// <paramref name="replace"/>, one that holds a database), puts the archive's database, files and mail in place,
    /// brings the database to this version's migrations and runs the ledger's integrity check on it.
    /// </summary>
    public static async Task<RestoreResult> RestoreAsync(
        string archive, string dataDirectory, bool replace, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        if (!File.Exists(archive) || !File.Exists(archive + ChecksumSuffix))
        {
            throw new RestoreRefusedException($"No archive with its checksum at {archive} (and {archive}{ChecksumSuffix}).");
        }

        var expected = (await File.ReadAllTextAsync(archive + ChecksumSuffix, cancellationToken)).Split(' ', 2)[0].Trim();
        if (!string.Equals(expected, await Sha256Async(archive, cancellationToken), StringComparison.OrdinalIgnoreCase))
        {
            throw new RestoreRefusedException($"{Path.GetFileName(archive)} does not match its checksum: the archive is damaged.");
        }

        if (InstanceLock.IsHeld(dataDirectory))
        {
            throw new RestoreRefusedException($"The app is running on {dataDirectory}: stop every instance before restoring into it.");
        }

        var database = Path.Combine(dataDirectory, DatabaseEntry);
        if (File.Exists(database) && !replace)
        {
            throw new RestoreRefusedException($"{dataDirectory} already holds a database: restore into an empty folder, or pass --replace.");
        }

        Directory.CreateDirectory(dataDirectory);
        var staging = Path.Combine(dataDirectory, $".restore-{Guid.NewGuid():N}");
        try
        {
            await ZipFile.ExtractToDirectoryAsync(archive, staging, cancellationToken);
            SqliteConnection.ClearAllPools();
            foreach (var old in new[] { database, database + "-wal", database + "-shm" }.Where(File.Exists))
            {
                File.Delete(old);
            }

            File.Move(Path.Combine(staging, DatabaseEntry), database);
            var stored = 0;
            foreach (var folder in Folders)
            {
                var target = Path.Combine(dataDirectory, folder);
                if (Directory.Exists(target))
                {
                    Directory.Delete(target, recursive: true);
                }

                var restored = Path.Combine(staging, folder);
                if (Directory.Exists(restored))
                {
                    stored += Directory.EnumerateFiles(restored, "*", SearchOption.AllDirectories).Count();
                    Directory.Move(restored, target);
                }
            }

            var connection = new SqliteConnectionStringBuilder { DataSource = database, Pooling = false }.ToString();
            await using var db = new SponsorshipDbContext(SponsorshipDatabase.Standalone(DatabaseProvider.Sqlite, connection));
            await db.Database.MigrateAsync(cancellationToken);
            return new RestoreResult(dataDirectory, stored, await LedgerIntegrity.CheckAsync(db, now, cancellationToken));
        }
        finally
        {
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }
        }
    }

    /// <summary>Deletes the archives (and checksums) in <paramref name="folder"/> dated more than <paramref name="keepDays"/> days ago.</summary>
    public static int Prune(string folder, int keepDays, DateTimeOffset now)
    {
        if (!Directory.Exists(folder))
        {
            return 0;
        }

        var deleted = 0;
        foreach (var archive in Directory.EnumerateFiles(folder, ArchivePrefix + "*.zip"))
        {
            var stamp = Path.GetFileNameWithoutExtension(archive)[ArchivePrefix.Length..];
            if (DateTimeOffset.TryParseExact(stamp, "yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture,
                    System.Globalization.DateTimeStyles.AssumeUniversal, out var at) && at < now.AddDays(-keepDays))
            {
                File.Delete(archive);
                File.Delete(archive + ChecksumSuffix);
                deleted++;
            }
        }

        return deleted;
    }

    private static async Task<string> Sha256Async(string path, CancellationToken cancellationToken)
    {
        await using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken));
    }
}
