using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Data;
using Sponsorship.Core.Identity;
using Sponsorship.Core.Programme;

namespace Sponsorship.Core.Flock;

public sealed record ImportPreview(string Encoding, IReadOnlyList<ImportRow> Rows, IReadOnlyList<ImportError> Errors)
{
    public bool CanImport => Errors.Count == 0 && Rows.Count > 0;
}

public sealed record ImportResult(int Imported, IReadOnlyList<ImportError> Errors)
{
    public bool Succeeded => Errors.Count == 0 && Imported > 0;
}

public enum ImportStage
{
    Reading,
    Checking,
    Saving,
    Done,
}

/// <summary>How far a preview or import has got: rows read so far and the share of the file read (0–1).</summary>
public readonly record struct ImportProgress(ImportStage Stage, int Rows, double Fraction);

/// <summary>
/// Imports sheep from a CSV file (tag,name,sex,birth_date,breed,household — or the Chinese headers
/// 耳标,名字,性别,出生日期,品种,牧户). The file is read as strict UTF-8 (with or without BOM), or as GB18030 when its
/// bytes are not UTF-8 (Excel in China saves CSV that way). A preview reports every row and every error with its line
/// and column; the import re-checks everything inside one transaction and saves all rows or none.
/// </summary>
public sealed class SheepCsvImport(IDbContextFactory<SponsorshipDbContext> dbFactory, ProgrammeCalendar calendar)
{
    public const int MaxBytes = 10 * 1024 * 1024;
    public const int MaxRows = 50_000;
    public const int ProgressEvery = 500;

    /// <summary>Reads and checks the file against the register without saving anything.</summary>
    public async Task<ImportPreview> PreviewAsync(byte[] content, IProgress<ImportProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var preview = await CheckAsync(db, content, progress, cancellationToken);
        progress?.Report(new ImportProgress(ImportStage.Done, preview.Rows.Count, 1));
        return preview;
    }

    /// <summary>
    /// Checks the file again inside one transaction and, when it has no errors, saves every sheep with its tag in one
    /// SaveChanges. When anything fails nothing is saved: a tag taken by someone else meanwhile (the unique index
    /// refuses it) comes back as <see cref="ImportErrorCode.TagExists"/> on its line.
    /// </summary>
    public Task<ImportResult> ImportAsync(byte[] content, string adminUserId, IProgress<ImportProgress>? progress = null, CancellationToken cancellationToken = default) =>
        Contention.RetryAsync(() => ImportOnceAsync(content, adminUserId, progress, cancellationToken), cancellationToken);

    private async Task<ImportResult> ImportOnceAsync(byte[] content, string adminUserId, IProgress<ImportProgress>? progress, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!await Administrators.IsAdministratorAsync(db, adminUserId, cancellationToken))
        {
            return new ImportResult(0, [new ImportError(1, null, ImportErrorCode.NotAllowed, "")]);
        }

        db.ChangeTracker.AutoDetectChangesEnabled = false;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var checkedFile = await CheckAsync(db, content, progress, cancellationToken);
        if (!checkedFile.CanImport)
        {
            return new ImportResult(0, checkedFile.Errors.Count > 0 ? checkedFile.Errors : [new ImportError(1, null, ImportErrorCode.NoRows, "")]);
        }

        progress?.Report(new ImportProgress(ImportStage.Saving, checkedFile.Rows.Count, 1));
        var now = calendar.Now;
        var flock = checkedFile.Rows.Select(row => new Sheep
        {
            Name = row.Name,
            Sex = row.Sex!.Value,
            Breed = row.Breed!.Value,
            BirthDate = row.BirthDate!.Value,
            HouseholdId = row.HouseholdId!.Value,
            Tags = [new IdTag { Type = IdTagType.NationalEarTag, Value = row.Tag, ValidFrom = now }],
        }).ToList();
        db.Sheep.AddRange(flock);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (!Contention.IsContention(e))
        {
            await transaction.RollbackAsync(cancellationToken);
            var taken = await TakenTagsAsync(checkedFile.Rows, cancellationToken);
            if (taken.Count == 0)
            {
                throw;
            }

            return new ImportResult(0, taken);
        }

        progress?.Report(new ImportProgress(ImportStage.Done, flock.Count, 1));
        return new ImportResult(flock.Count, []);
    }

    private async Task<ImportPreview> CheckAsync(SponsorshipDbContext db, byte[] content, IProgress<ImportProgress>? progress, CancellationToken cancellationToken)
    {
        if (content.Length > MaxBytes)
        {
            return new ImportPreview("", [], [new ImportError(0, null, ImportErrorCode.FileTooLarge, $"{content.Length / 1024 / 1024} MB")]);
        }

        var (text, encoding) = UploadedCsv.Decode(content);
        if (UploadedCsv.IsBlank(text))
        {
            return new ImportPreview(encoding, [], [new ImportError(0, null, ImportErrorCode.EmptyFile, "")]);
        }

        var households = await SheepCsvHouseholds.LoadAsync(db, cancellationToken);
        var today = calendar.Today;
        var (rows, errors) = Parse(text, households, today, progress, cancellationToken);
        if (rows.Count > 0)
        {
            progress?.Report(new ImportProgress(ImportStage.Checking, rows.Count, 1));
            errors.AddRange(await ExistingTagsAsync(db, rows, cancellationToken));
        }
        else if (errors.Count == 0)
        {
            errors.Add(new ImportError(1, null, ImportErrorCode.NoRows, ""));
        }

        return new ImportPreview(encoding, rows, [.. errors.OrderBy(e => e.Line).ThenBy(e => e.Column)]);
    }

    private static (List<ImportRow> Rows, List<ImportError> Errors) Parse(
        string text, SheepCsvHouseholds households, DateOnly today, IProgress<ImportProgress>? progress, CancellationToken cancellationToken)
    {
        var rows = new List<ImportRow>();
        var errors = new List<ImportError>();
        var firstLineOfTag = new Dictionary<string, int>(StringComparer.Ordinal);
        Dictionary<ImportColumn, int>? columns = null;
        foreach (var record in UploadedCsv.Read(text))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (record.State == CsvRecordState.Broken)
            {
                errors.Add(new ImportError(record.Line, null, ImportErrorCode.Malformed, ""));
                break;
            }

            if (columns is null)
            {
                columns = SheepCsvColumns.Map(record, errors);
                if (columns is null)
                {
                    break;
                }

                continue;
            }

            if (rows.Count == MaxRows)
            {
                errors.Add(new ImportError(record.Line, null, ImportErrorCode.TooManyRows, MaxRows.ToString(CultureInfo.InvariantCulture)));
                break;
            }

            if (record.State == CsvRecordState.Malformed)
            {
                errors.Add(new ImportError(record.Line, null, ImportErrorCode.Malformed, record.Raw));
            }

            rows.Add(SheepCsvRows.Read(record.Line, column => record[columns[column]], households, today, firstLineOfTag, errors));
            if (rows.Count % ProgressEvery == 0)
            {
                progress?.Report(new ImportProgress(ImportStage.Reading, rows.Count, record.Fraction));
            }
        }

        return (rows, errors);
    }

    /// <summary>Lines whose tag some sheep already wears or once wore (tags are never reused).</summary>
    private static async Task<List<ImportError>> ExistingTagsAsync(SponsorshipDbContext db, List<ImportRow> rows, CancellationToken cancellationToken)
    {
        var candidates = rows.Where(r => r.Tag.Length == EarTag.Length && r.Tag.All(char.IsAsciiDigit)).ToList();
        var existing = new HashSet<string>(StringComparer.Ordinal);
        foreach (var chunk in candidates.Select(r => r.Tag).Distinct().Chunk(500))
        {
            var found = await db.IdTags.AsNoTracking().Where(t => chunk.Contains(t.Value)).Select(t => t.Value).ToListAsync(cancellationToken);
            existing.UnionWith(found);
        }

        return [.. candidates.Where(r => existing.Contains(r.Tag)).Select(r => new ImportError(r.Line, ImportColumn.Tag, ImportErrorCode.TagExists, r.Tag))];
    }

    private async Task<List<ImportError>> TakenTagsAsync(IReadOnlyList<ImportRow> rows, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await ExistingTagsAsync(db, [.. rows], cancellationToken);
    }
}
