using System.Globalization;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Data;
using Sponsorship.Core.Identity;
using Sponsorship.Core.Flock;
using Sponsorship.Core.Ledger;
using Sponsorship.Core.Programme;

namespace Sponsorship.Core.Payouts;

/// <summary>The columns of a bank statement CSV: date, reference, amount (description optional).</summary>
public enum StatementColumn
{
    Date,
    Reference,
    Amount,
    Description,
}

public enum StatementErrorCode
{
    EmptyFile,

    /// <summary>The caller is not an administrator (any more): nothing was read or saved.</summary>
    NotAllowed,
    FileTooLarge,

    /// <summary>The file is not text (NUL bytes: a spreadsheet, or UTF-16 without its mark).</summary>
    NotText,

    /// <summary>The same file (by SHA-256) was imported before, on <see cref="StatementError.Value"/>.</summary>
    DuplicateFile,

    /// <summary>The header lacks required columns; <see cref="StatementError.Value"/> lists them.</summary>
    MissingColumns,
    DuplicateColumn,
    Malformed,
    Required,
    BadDate,

    /// <summary>Not an amount in yuan with at most two decimals.</summary>
    BadAmount,

    /// <summary>An amount of zero.</summary>
    ZeroAmount,
    TooLong,
    NoRows,
    TooManyRows,
}

/// <summary>One problem in a statement file: the line (1 = the header) and column, what is wrong and the text.</summary>
public sealed record StatementError(int Line, StatementColumn? Column, StatementErrorCode Code, string Value);

public sealed record StatementImportResult(int? StatementId, string Encoding, int Lines, int Matched, int Mismatched, int Unmatched, IReadOnlyList<StatementError> Errors)
{
    public bool Succeeded => StatementId is not null;
}

/// <summary>
/// Imports a bank statement CSV (UTF-8, or GB18030 as Excel saves it in China — detected like the sheep import) and
/// matches each line to a payout line by its reference: same amount → <see cref="StatementLineState.Matched"/> and the
/// payout line is confirmed (in transit → world) in the same transaction; a known reference with another amount →
/// <see cref="StatementLineState.Mismatch"/>; anything else → <see cref="StatementLineState.Unmatched"/>. A file with any
/// error saves nothing; the same file twice (same SHA-256) is refused, by a check and by the unique index.
/// Amounts are yuan ("1,234.56", "¥1234.56"); a leading minus (a debit as some banks print it) is ignored.
/// </summary>
public sealed class BankStatementImport(IDbContextFactory<SponsorshipDbContext> dbFactory, ProgrammeCalendar calendar)
{
    public const int MaxBytes = 20 * 1024 * 1024;
    public const int MaxRows = 200_000;

    private static readonly Dictionary<string, StatementColumn> HeaderAliases = new(StringComparer.Ordinal)
    {
        ["date"] = StatementColumn.Date, ["valuedate"] = StatementColumn.Date, ["日期"] = StatementColumn.Date, ["交易日期"] = StatementColumn.Date, ["记账日期"] = StatementColumn.Date,
        ["reference"] = StatementColumn.Reference, ["ref"] = StatementColumn.Reference, ["参考号"] = StatementColumn.Reference, ["附言"] = StatementColumn.Reference, ["摘要"] = StatementColumn.Reference,
        ["amount"] = StatementColumn.Amount, ["金额"] = StatementColumn.Amount, ["交易金额"] = StatementColumn.Amount,
        ["description"] = StatementColumn.Description, ["memo"] = StatementColumn.Description, ["说明"] = StatementColumn.Description, ["备注"] = StatementColumn.Description, ["对方户名"] = StatementColumn.Description,
    };

    private static readonly string[] DateFormats = ["yyyy-M-d", "yyyy/M/d", "yyyy.M.d", "yyyyMMdd", "yyyy年M月d日"];

    public static string Sha256(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content));

    public async Task<StatementImportResult> ImportAsync(string fileName, byte[] content, string userId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        StatementImportResult Failed(string encoding, params StatementError[] errors) => new(null, encoding, 0, 0, 0, 0, errors);
        if (!await Administrators.IsAdministratorAsync(dbFactory, userId, cancellationToken))
        {
            return Failed("", new StatementError(0, null, StatementErrorCode.NotAllowed, ""));
        }

        if (content.Length > MaxBytes)
        {
            return Failed("", new StatementError(0, null, StatementErrorCode.FileTooLarge, $"{content.Length / 1024 / 1024} MB"));
        }

        if (content.Length == 0)
        {
            return Failed("", new StatementError(0, null, StatementErrorCode.EmptyFile, ""));
        }

        var sha = Sha256(content);
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            if (await DuplicateAsync(db, sha, cancellationToken) is { } earlier)
            {
                return Failed("", earlier);
            }
        }

        if (Array.IndexOf(content, (byte)0) >= 0)
        {
            return Failed("", new StatementError(0, null, StatementErrorCode.NotText, ""));
        }

        var (text, encoding) = UploadedCsv.Decode(content);
        if (UploadedCsv.IsBlank(text))
        {
            return Failed(encoding, new StatementError(0, null, StatementErrorCode.EmptyFile, ""));
        }

        var (rows, errors) = Parse(text);
        if (errors.Count > 0)
        {
            return Failed(encoding, [.. errors.OrderBy(e => e.Line).ThenBy(e => e.Column)]);
        }

        var name = Path.GetFileName(fileName);
        try
        {
            return await LedgerWrites.RunAsync(dbFactory, async db =>
            {
                var now = calendar.Now;
                db.ChangeTracker.AutoDetectChangesEnabled = false;
                var statement = new BankStatement
                {
                    FileName = name.Length > 255 ? name[..255] : name, Sha256 = sha, Encoding = encoding, ImportedAt = now, ImportedByUserId = userId,
                };
                db.BankStatements.Add(statement);
                var payoutLines = new Dictionary<string, (int Id, long AmountFen, PayoutLineStatus Status)>(StringComparer.OrdinalIgnoreCase);
                foreach (var chunk in rows.Select(r => r.Reference).Distinct(StringComparer.OrdinalIgnoreCase).Chunk(500))
                {
                    foreach (var l in await db.PayoutLines.AsNoTracking().Where(l => chunk.Contains(l.Reference))
                                 .Select(l => new { l.Id, l.Reference, l.AmountFen, l.Status }).ToListAsync(cancellationToken))
                    {
                        payoutLines[l.Reference] = (l.Id, l.AmountFen, l.Status);
                    }
                }

                int matched = 0, mismatched = 0, unmatched = 0;
                var toConfirm = new List<int>();
                var lines = new List<BankStatementLine>(rows.Count);
                foreach (var row in rows)
                {
                    var line = new BankStatementLine
                    {
                        LineNumber = row.Line, ValueDate = row.Date, Reference = row.Reference, AmountFen = row.AmountFen,
                        Description = row.Description, State = StatementLineState.Unmatched,
                    };
                    if (payoutLines.TryGetValue(row.Reference, out var payout))
                    {
                        line.PayoutLineId = payout.Id;
                        if (payout.AmountFen != row.AmountFen)
                        {
                            line.State = StatementLineState.Mismatch;
                        }
                        else if (payout.Status == PayoutLineStatus.InTransit)
                        {
                            line.State = StatementLineState.Matched;
                            payoutLines[row.Reference] = payout with { Status = PayoutLineStatus.Paid };
                            toConfirm.Add(payout.Id);
                        }
                    }

                    _ = line.State switch
                    {
                        StatementLineState.Matched => matched++,
                        StatementLineState.Mismatch => mismatched++,
                        _ => unmatched++,
                    };
                    lines.Add(line);
                }

                db.ChangeTracker.DetectChanges();
                await db.SaveChangesAsync(cancellationToken);

                // The lines in a few multi-row INSERTs (EF would send one a line), with the trail the audit interceptor
                // would have written for each; the statement itself went through EF and its interceptor above.
                lines.ForEach(l => l.StatementId = statement.Id);
                await BulkInsert.AppendAsync(db, lines, cancellationToken);
                var saved = await db.BankStatementLines.Where(l => l.StatementId == statement.Id).OrderBy(l => l.Id).Select(l => l.Id).ToListAsync(cancellationToken);
                await BulkInsert.AuditAddedAsync<BankStatementLine>(db, userId, now, saved.Cast<object>(), cancellationToken);
                db.ChangeTracker.Clear();
                var confirmed = await PayoutBatches.ConfirmManyAsync(db, toConfirm, now, cancellationToken);
                await PayoutLineAudit.PaidInBulkAsync(db, userId, now, confirmed, cancellationToken);
                db.ChangeTracker.DetectChanges();
                await db.SaveChangesAsync(cancellationToken);
                return new StatementImportResult(statement.Id, encoding, rows.Count, matched, mismatched, unmatched, []);
            }, cancellationToken);
        }
        catch (DbUpdateException e) when (!Contention.IsContention(e))
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            if (await DuplicateAsync(db, sha, cancellationToken) is { } earlier)
            {
                return Failed(encoding, earlier);
            }

            throw;
        }
    }

    private async Task<StatementError?> DuplicateAsync(SponsorshipDbContext db, string sha, CancellationToken cancellationToken)
    {
        var earlier = await db.BankStatements.AsNoTracking().Where(s => s.Sha256 == sha)
            .Select(s => new { s.FileName, s.ImportedAt }).FirstOrDefaultAsync(cancellationToken);
        return earlier is null ? null
            : new StatementError(0, null, StatementErrorCode.DuplicateFile, $"{earlier.FileName} ({calendar.Local(earlier.ImportedAt):yyyy-MM-dd HH:mm})");
    }

    private sealed record Row(int Line, DateOnly Date, string Reference, long AmountFen, string Description);

    private static (List<Row> Rows, List<StatementError> Errors) Parse(string text)
    {
        var rows = new List<Row>();
        var errors = new List<StatementError>();
        Dictionary<StatementColumn, int>? columns = null;
        foreach (var record in UploadedCsv.Read(text))
        {
            var line = record.Line;
            if (record.State == CsvRecordState.Broken)
            {
                errors.Add(new StatementError(line, null, StatementErrorCode.Malformed, ""));
                break;
            }

            if (columns is null)
            {
                columns = MapHeader(record, errors);
                if (columns is null)
                {
                    break;
                }

                continue;
            }

            if (columns.Values.All(i => record[i].Length == 0))
            {
                continue;
            }

            if (rows.Count == MaxRows)
            {
                errors.Add(new StatementError(line, null, StatementErrorCode.TooManyRows, MaxRows.ToString(CultureInfo.InvariantCulture)));
                break;
            }

            if (record.State == CsvRecordState.Malformed)
            {
                errors.Add(new StatementError(line, null, StatementErrorCode.Malformed, ""));
                continue;
            }

            if (ReadRow(record, columns, errors) is { } row)
            {
                rows.Add(row);
            }
        }

        if (rows.Count == 0 && errors.Count == 0)
        {
            errors.Add(new StatementError(1, null, StatementErrorCode.NoRows, ""));
        }

        return (rows, errors);
    }

    /// <summary>One line's date, reference and amount, or null with its errors added.</summary>
    private static Row? ReadRow(CsvRecord record, Dictionary<StatementColumn, int> columns, List<StatementError> errors)
    {
        string Field(StatementColumn c) => columns.TryGetValue(c, out var i) ? record[i] : "";
        var line = record.Line;
        var count = errors.Count;
        var dateText = Field(StatementColumn.Date);
        DateOnly date = default;
        if (dateText.Length == 0)
        {
            errors.Add(new StatementError(line, StatementColumn.Date, StatementErrorCode.Required, ""));
        }
        else if (!DateTime.TryParseExact(dateText, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
        {
            errors.Add(new StatementError(line, StatementColumn.Date, StatementErrorCode.BadDate, dateText));
        }
        else
        {
            date = DateOnly.FromDateTime(parsed);
        }

        var reference = Field(StatementColumn.Reference);
        if (reference.Length == 0)
        {
            errors.Add(new StatementError(line, StatementColumn.Reference, StatementErrorCode.Required, ""));
        }
        else if (reference.Length > 64)
        {
            errors.Add(new StatementError(line, StatementColumn.Reference, StatementErrorCode.TooLong, reference));
        }

        var amountText = Field(StatementColumn.Amount);
        var amount = ParseFen(amountText);
        if (amountText.Length == 0)
        {
            errors.Add(new StatementError(line, StatementColumn.Amount, StatementErrorCode.Required, ""));
        }
        else if (amount is null)
        {
            errors.Add(new StatementError(line, StatementColumn.Amount, StatementErrorCode.BadAmount, amountText));
        }
        else if (amount == 0)
        {
            errors.Add(new StatementError(line, StatementColumn.Amount, StatementErrorCode.ZeroAmount, amountText));
        }

        var description = Field(StatementColumn.Description);
        return errors.Count == count ? new Row(line, date, reference, amount!.Value, description.Length > 500 ? description[..500] : description) : null;
    }

    /// <summary>Yuan text to fen: "1,234.56", "¥1234.5", "-88" → 123456, 123450, 8800; null when it is not such an amount.</summary>
    public static long? ParseFen(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var t = text.Replace(",", "", StringComparison.Ordinal).Replace("¥", "", StringComparison.Ordinal).Replace("￥", "", StringComparison.Ordinal)
            .Replace("CNY", "", StringComparison.OrdinalIgnoreCase).Trim();
        if (t.StartsWith('-'))
        {
            t = t[1..];
        }

        var dot = t.IndexOf('.', StringComparison.Ordinal);
        if (t.Length == 0 || t.Length > 16 || (dot >= 0 && t.Length - dot - 1 > 2) || !t.All(c => char.IsAsciiDigit(c) || c == '.')
            || !decimal.TryParse(t, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var yuan))
        {
            return null;
        }

        return (long)(yuan * 100);
    }

    private static Dictionary<StatementColumn, int>? MapHeader(CsvRecord header, List<StatementError> errors)
    {
        var mapped = UploadedCsv.MapHeader(header, HeaderAliases);
        errors.AddRange(mapped.Repeated.Select(r => new StatementError(1, r.Column, StatementErrorCode.DuplicateColumn, r.Name)));
        StatementColumn[] required = [StatementColumn.Date, StatementColumn.Reference, StatementColumn.Amount];
        var missing = required.Where(c => !mapped.Columns.ContainsKey(c)).ToList();
        if (missing.Count > 0)
        {
            errors.Add(new StatementError(1, null, StatementErrorCode.MissingColumns, string.Join(", ", missing.Select(c => c.ToString().ToLowerInvariant()))));
        }

        return errors.Count == 0 ? new Dictionary<StatementColumn, int>(mapped.Columns) : null;
    }
}
