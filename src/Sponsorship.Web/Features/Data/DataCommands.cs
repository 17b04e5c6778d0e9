using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Data;
using Sponsorship.Web.Features.Operations;

namespace Sponsorship.Web.Features.Data;

/// <summary>
/// Commands of the app that work on its data and exit without serving anything, reading the same settings as the app:
/// <c>copy-to-postgres</c> copies the SQLite database of <c>App:DataDirectory</c> (or <c>ConnectionStrings:Sqlite</c>)
/// into the empty PostgreSQL database of <c>ConnectionStrings:PostgreSql</c> and checks the result.
/// </summary>
public static class DataCommands
{
    public const string CopyToPostgres = "copy-to-postgres";

    public static bool Handles(string[] args) => args is [CopyToPostgres, ..];

    public static async Task<int> RunAsync(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var builder = WebApplication.CreateBuilder(args[1..]);
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
        (DbContextOptions<SponsorshipDbContext>)new DbContextOptionsBuilder<SponsorshipDbContext>().Use(provider, connectionString).Options;
}
