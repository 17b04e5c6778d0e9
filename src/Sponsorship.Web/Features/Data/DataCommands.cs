using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Data;
using Sponsorship.Web.Features.Operations;

namespace Sponsorship.Web.Features.Data;

/// <summary>
/// Commands of the app that work on its data and exit without serving anything, reading the same settings as the app
/// (<c>App:DataDirectory</c>, <c>ConnectionStrings:*</c>, <c>Backup:Folder</c>):
/// <list type="bullet">
/// <item><c>copy-to-postgres</c> copies the SQLite database into the empty PostgreSQL database of
/// <c>ConnectionStrings:PostgreSql</c> and checks the result;</item>
/// <item><c>backup</c> writes a dated archive of the SQLite database, stored files and caught mail (the app may be running);</item>
/// <item><c>restore ARCHIVE [--replace]</c> puts an archive into the data folder (refused while the app runs on it) and
/// checks the ledger's integrity.</item>
/// </list>
/// </summary>
public static class DataCommands
{
    public const string CopyToPostgres = "copy-to-postgres";
    public const string Backup = "backup";
    public const string Restore = "restore";

    public static bool Handles(string[] args) => args is [CopyToPostgres or Backup or Restore, ..];

    public static Task<int> RunAsync(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        return args[0] switch
        {
            Backup => BackupAsync(args[1..]),
            Restore => RestoreAsync(args[1..]),
            _ => CopyAsync(args[1..]),
        };
    }

    private static async Task<int> BackupAsync(string[] args)
    {
        var (configuration, dataDirectory) = Settings(args);
        var folder = configuration[BackupOptions.Section + ":" + nameof(BackupOptions.Folder)] is { Length: > 0 } configured
            ? configured
            : Path.Combine(dataDirectory, "backups");
        var backup = await Backups.CreateAsync(
            dataDirectory, SponsorshipDatabase.SqliteConnectionString(dataDirectory, configuration.GetConnectionString("Sqlite")),
            folder, TimeProvider.System.GetUtcNow());
        Console.WriteLine($"{backup.Archive}: {backup.Bytes} bytes, the database and {backup.StoredFiles} stored files and mails");
        Console.WriteLine($"SHA-256 {backup.Sha256} (in {backup.Archive}{Backups.ChecksumSuffix})");
        return 0;
    }

    private static async Task<int> RestoreAsync(string[] args)
    {
        if (args.Length == 0 || args[0].StartsWith('-'))
        {
            Console.Error.WriteLine("Usage: restore ARCHIVE.zip [--replace] [--App:DataDirectory=FOLDER]");
            return 2;
        }

        var (_, dataDirectory) = Settings([.. args.Skip(1).Where(a => a != "--replace")]);
        try
        {
            var restored = await Backups.RestoreAsync(args[0], dataDirectory, args.Contains("--replace"), TimeProvider.System.GetUtcNow());
            Console.WriteLine($"Restored into {restored.DataDirectory}: the database and {restored.StoredFiles} stored files and mails.");
            Console.WriteLine($"Ledger: {restored.Ledger.Transactions} transactions, {restored.Ledger.Entries} entries, "
                + (restored.Ledger.IsIntact ? "chain, sums and balances intact." : "INTEGRITY CHECK FAILED."));
            return restored.Ledger.IsIntact ? 0 : 1;
        }
        catch (RestoreRefusedException refused)
        {
            Console.Error.WriteLine(refused.Message);
            return 2;
        }
    }

    private static (IConfiguration Configuration, string DataDirectory) Settings(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddAppSettings();
        var app = builder.Configuration.GetSection(AppOptions.Section).Get<AppOptions>() ?? new AppOptions();
        return (builder.Configuration, app.ResolveDataDirectory(builder.Environment.ContentRootPath));
    }

    private static async Task<int> CopyAsync(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddAppSettings();
        var configuration = builder.Configuration;
        var app = configuration.GetSection(AppOptions.Section).Get<AppOptions>() ?? new AppOptions();
        var from = SponsorshipDatabase.SqliteConnectionString(
            app.ResolveDataDirectory(builder.Environment.ContentRootPath), configuration.GetConnectionString("Sqlite"));
        var to = configuration.GetConnectionString("PostgreSql");
        var sqliteFile = new SqliteConnectionStringBuilder(from).DataSource;
        if (!File.Exists(sqliteFile))
        {
            Console.Error.WriteLine($"No SQLite database at {sqliteFile}: set App:DataDirectory (or ConnectionStrings:Sqlite).");
            return 2;
        }

        if (string.IsNullOrWhiteSpace(to))
        {
            Console.Error.WriteLine("Missing setting ConnectionStrings:PostgreSql: the empty database to copy into.");
            return 2;
        }

        Console.WriteLine($"Copying {sqliteFile} to PostgreSQL (stop the app first: the copy is of the file as it is now) ...");
        var report = await DatabaseCopy.CopyAsync(
            Options(DatabaseProvider.Sqlite, from), Options(DatabaseProvider.PostgreSql, to), TimeProvider.System.GetUtcNow(),
            new Progress<string>(line => Console.WriteLine("  " + line)));
        foreach (var table in report.Tables.Where(t => !t.Matches))
        {
            Console.Error.WriteLine($"  {table.Table}: {table.Source} rows in SQLite, {table.Target} in PostgreSQL");
        }

        Console.WriteLine($"Rows: {report.Tables.Sum(t => t.Target)} in {report.Tables.Count} tables, "
            + (report.Tables.All(t => t.Matches) ? "every table's count matches." : "COUNTS DIFFER."));
        Console.WriteLine($"Ledger: {report.Ledger.Transactions} transactions, {report.Ledger.Entries} entries, "
            + (report.Ledger.IsIntact ? "chain, sums and balances intact." : "INTEGRITY CHECK FAILED."));
        Console.WriteLine(report.Succeeded
            ? "Done: start the app with Database:Provider=PostgreSql and the same ConnectionStrings:PostgreSql."
            : "The copy is not usable: see above.");
        return report.Succeeded ? 0 : 1;
    }

    private static DbContextOptions<SponsorshipDbContext> Options(DatabaseProvider provider, string connectionString) =>
        SponsorshipDatabase.Standalone(provider, connectionString);
}
