using System.Text;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Sponsorship.Core.Data;
using Sponsorship.Core.Demo;
using Sponsorship.Core.Flock;
using Sponsorship.Core.Identity;
using Sponsorship.Core.Programme;

namespace Sponsorship.Benchmarks;

/// <summary>
/// The CSV sheep import (SheepCsvImport) with a 10,000-row file against the demo programme in a real SQLite file, as the
/// app runs it for a signed-in administrator (the audit interceptor writes one trail row per sheep and per tag, inside
/// the import's transaction) and, for comparison, with nobody signed in (no trail). Each iteration imports a new file
/// (new tags), so every run saves 10,000 sheep.
/// </summary>
[MemoryDiagnoser]
[InvocationCount(1)]
public class ImportBenchmarks
{
    private DemoDatabase? database;
    private SheepCsvImport importer = null!;
    private int[] householdIds = [];
    private int nextSequence = 30_000_000;
    private byte[] file = [];
    private string admin = "";

    /// <summary>Whether an administrator is signed in, so the audit interceptor writes its trail (it is in the app).</summary>
    [Params(true, false)]
    public bool Audited { get; set; }

    /// <summary>Rows in each file: 10,000, or a few in the smoke mode.</summary>
    public int Rows { get; init; } = 10_000;

    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    [IterationSetup]
    public void NewFile() => file = MakeFile(Rows);

    [Benchmark(Baseline = true)]
    public async Task<int> Preview()
    {
        var preview = await importer.PreviewAsync(file);
        return preview.CanImport ? preview.Rows.Count : throw new InvalidOperationException($"{preview.Errors.Count} errors, first: {preview.Errors[0]}");
    }

    [Benchmark]
    public async Task<int> PreviewThenImport()
    {
        var preview = await importer.PreviewAsync(file);
        var result = await importer.ImportAsync(file, admin);
        return preview.CanImport && result.Succeeded ? result.Imported : throw new InvalidOperationException($"Import failed: {(result.Errors.Count > 0 ? result.Errors[0] : null)}");
    }

    [GlobalCleanup]
    public void Cleanup() => database?.Dispose();

    /// <summary>Both benchmarks on 30-row files, audited; throws unless every row was previewed and then saved as a sheep.</summary>
    public static async Task<ImportSmoke> SmokeAsync()
    {
        var bench = new ImportBenchmarks { Rows = 30, Audited = true };
        await bench.SetupAsync();
        try
        {
            var before = await bench.CountSheepAsync();
            bench.NewFile();
            var previewed = await bench.Preview();
            var afterPreview = await bench.CountSheepAsync();
            bench.NewFile();
            var imported = await bench.PreviewThenImport();
            var smoke = new ImportSmoke(bench.Rows, previewed, afterPreview - before, imported, await bench.CountSheepAsync() - afterPreview);
            return smoke.IsConsistent ? smoke : throw new InvalidOperationException($"The import does not add up: {smoke}.");
        }
        finally
        {
            bench.Cleanup();
        }
    }

    private async Task<int> CountSheepAsync()
    {
        await using var db = await database!.DbFactory.CreateDbContextAsync();
        return await db.Sheep.CountAsync();
    }

    /// <summary>A file as Excel in China saves it: GB18030, Chinese headers and values, households by number and by name.</summary>
    public byte[] MakeFile(int rows)
    {
        string[] sexes = ["母羊", "公羊"];
        string[] breeds = ["察哈尔羊", "乌珠穆沁羊", "苏尼特羊"];
        var text = new StringBuilder("耳标,名字,性别,出生日期,品种,牧户\r\n");
        for (var i = 0; i < rows; i++)
        {
            text.Append(EarTag.ForTaibus(nextSequence++).Value).Append(",羊").Append(i).Append(',')
                .Append(sexes[i % 2]).Append(',')
                .Append(new DateOnly(2024, 1, 1).AddDays(i % 600).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)).Append(',')
                .Append(breeds[i % 3]).Append(',')
                .Append(householdIds[i % householdIds.Length]).Append("\r\n");
        }

        return Encoding.GetEncoding("GB18030").GetBytes(text.ToString());
    }

    private async Task SetupAsync()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        database = await DemoDatabase.CreateAsync();
        var dbFactory = database.DbFactory;
        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            householdIds = [.. await db.Households.OrderBy(h => h.Id).Select(h => h.Id).ToListAsync()];
            admin = await db.Users.Where(u => u.Email == DemoAccounts.Admin.Email).Select(u => u.Id).SingleAsync();
            database.CurrentUser.UserId = Audited ? admin : null;
        }

        importer = new SheepCsvImport(dbFactory, ProgrammeCalendar.Beijing(TimeProvider.System));
    }
}

/// <summary>Rows per file, rows the preview accepted, sheep it added (none), sheep the import reported and the sheep it added.</summary>
public sealed record ImportSmoke(int Rows, int Previewed, int AddedByPreview, int Imported, int AddedByImport)
{
    public bool IsConsistent => Previewed == Rows && AddedByPreview == 0 && Imported == Rows && AddedByImport == Rows;
}
