using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Sponsorship.Core.Demo;
using Sponsorship.Core.Flock;
using Sponsorship.Core.Ledger;
using Sponsorship.Core.Payouts;
using Sponsorship.Core.Programme;

namespace Sponsorship.Benchmarks;

/// <summary>
/// A load driver, not a BenchmarkDotNet benchmark: month end and reconciliation are one-shot commands that change the
/// books, so each is measured once (wall clock) on a freshly seeded file. 10,000 herder households and a ledger of
/// 500,000 hash-chained release transactions (1,000,000 entries, running balances set) in a real SQLite file migrated
/// with the real migrations, added after the demo programme's own books (its adoptions' captures and releases); then the
/// month-end batch (draft 10,000 lines, approve, export = 10,000 postings, bank file), the integrity check over all
/// entries, and the import and matching of a 100,000-line bank statement. A full check after the seed sets the integrity
/// checkpoint; after the export and after the reconciliation (a day's postings each) the incremental check from it is
/// measured beside the full one.
/// <c>dotnet run -c Release --project tests/Sponsorship.Benchmarks -- ledger</c>; <c>-- ledger smoke</c> runs the same at
/// tiny sizes in seconds and throws when the books do not balance or the counts do not add up.
/// </summary>
public static class LedgerScale
{
    public static async Task RunAsync(string[] args)
    {
        var result = await RunAsync(args is [_, "smoke"] ? LedgerScaleSize.Smoke : LedgerScaleSize.Full);
        Console.WriteLine($"Consistent: {result.IsConsistent}");
    }

    public static async Task<LedgerScaleResult> RunAsync(LedgerScaleSize size)
    {
        ArgumentNullException.ThrowIfNull(size);
        using var database = await DemoDatabase.CreateAsync();
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 8, 0, 0, TimeSpan.Zero));
        Console.WriteLine($"Ledger at {size.Households:N0} households, {size.Transactions:N0} transactions; load average {LoadAverage.Now}");
        var total = Stopwatch.StartNew();
        await SeedAsync(database, size, clock.GetUtcNow());
        Report($"seed ({size.Households:N0} households, {size.Transactions:N0} transactions, {size.Transactions * 2:N0} entries)", total);

        var verification = new LedgerVerification(database.DbFactory, clock, NullLogger<LedgerVerification>.Instance);
        var watch = Stopwatch.StartNew();
        var seedCheck = await verification.RunAsync(full: true);
        Report($"full integrity check over {seedCheck.Entries:N0} entries, setting the checkpoint at #{seedCheck.UpToTransactionId:N0}: intact={seedCheck.Intact}", watch);

        string maker, checker;
        await using (var db = await database.DbFactory.CreateDbContextAsync())
        {
            maker = await db.Users.Where(u => u.Email == DemoAccounts.Admin.Email).Select(u => u.Id).SingleAsync();
            checker = await db.Users.Where(u => u.Email == DemoAccounts.SecondAdmin.Email).Select(u => u.Id).SingleAsync();
        }

        var batches = new PayoutBatches(database.DbFactory, database.AccountNumbers, clock);
        watch.Restart();
        var sent = database.Commands;
        var (batchId, outcome) = await batches.DraftAsync(new DateOnly(2026, 11, 30), 100, maker);
        Report($"draft: {outcome}", watch, database.Commands - sent);
        var detail = (await batches.DetailAsync(batchId!.Value, maker))!;
        Console.WriteLine($"  {detail.Lines.Count:N0} lines, {detail.Batch.TotalFen / 100m:N2} yuan");
        watch.Restart();
        Report($"approve: {await batches.ApproveAsync(batchId.Value, checker)}", watch);
        sent = database.Commands;
        watch.Restart();
        var exported = await batches.ExportAsync(batchId.Value, checker);
        Report($"export ({detail.Lines.Count:N0} postings payable → in transit): {exported}", watch, database.Commands - sent);
        watch.Restart();
        var file = await batches.BankFileAsync(batchId.Value, maker);
        Report($"bank file ({file!.Length / 1024:N0} KiB)", watch);

        watch.Restart();
        var incrementalAfterExport = await verification.RunAsync(full: false);
        Report($"incremental integrity check after the export ({incrementalAfterExport.Transactions:N0} transactions, {incrementalAfterExport.Entries:N0} entries since the checkpoint): intact={incrementalAfterExport.Intact}", watch);

        LedgerIntegrityReport afterExport;
        await using (var db = await database.DbFactory.CreateDbContextAsync())
        {
            watch.Restart();
            afterExport = await LedgerIntegrity.CheckAsync(db, clock.GetUtcNow());
            Report($"integrity check over {afterExport.Entries:N0} entries: intact={afterExport.IsIntact}", watch);
        }

        // The bank's statement: nine in ten of the batch's lines as sent, the tenth with another amount, the rest other movements.
        var statement = new StringBuilder("date,reference,amount,description\n");
        var lines = (await batches.DetailAsync(batchId.Value, maker))!.Lines;
        for (var i = 0; i < size.StatementLines; i++)
        {
            var (reference, fen) = i < lines.Count ? (lines[i].Reference, lines[i].AmountFen + (i % 10 == 9 ? 1 : 0)) : ($"OTHER-{i}", 1_000L + i);
            statement.Append("2026-12-01,").Append(reference).Append(',').Append(Money.Yuan(fen)).Append(",line ").Append(i).Append('\n');
        }

        var bytes = Encoding.UTF8.GetBytes(statement.ToString());
        sent = database.Commands;
        watch.Restart();
        var imported = await new BankStatementImport(database.DbFactory, ProgrammeCalendar.Beijing(clock)).ImportAsync("statement.csv", bytes, maker);
        Report($"statement import ({bytes.Length / 1024 / 1024.0:N1} MiB, {imported.Lines:N0} lines): {imported.Matched:N0} matched, {imported.Mismatched:N0} mismatched, {imported.Unmatched:N0} unmatched", watch, database.Commands - sent);

        watch.Restart();
        var incrementalAfterReconciliation = await verification.RunAsync(full: false);
        Report($"incremental integrity check after reconciliation ({incrementalAfterReconciliation.Transactions:N0} transactions, {incrementalAfterReconciliation.Entries:N0} entries since the checkpoint): intact={incrementalAfterReconciliation.Intact}", watch);

        LedgerIntegrityReport afterReconciliation;
        await using (var db = await database.DbFactory.CreateDbContextAsync())
        {
            watch.Restart();
            afterReconciliation = await LedgerIntegrity.CheckAsync(db, clock.GetUtcNow());
            Report($"integrity check after reconciliation over {afterReconciliation.Entries:N0} entries: intact={afterReconciliation.IsIntact}", watch);
        }

        Report("total", total);
        var expectedMatched = Math.Min(lines.Count, size.StatementLines);
        var result = new LedgerScaleResult(
            size, lines.Count, imported.Lines, imported.Matched, imported.Mismatched, imported.Unmatched, imported.Errors.Count,
            expectedMatched - (expectedMatched / 10), expectedMatched / 10, afterExport, afterReconciliation)
        {
            SeedCheck = seedCheck,
            IncrementalAfterExport = incrementalAfterExport,
            IncrementalAfterReconciliation = incrementalAfterReconciliation,
        };
        return result.IsConsistent ? result : throw new InvalidOperationException($"The month end does not add up: {result}.");
    }

    private static void Report(string what, Stopwatch watch, long commands = -1) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{watch.Elapsed.TotalSeconds,8:N2} s  {(commands < 0 ? "" : $"{commands,7:N0} SQL  ")}{what}  (load {LoadAverage.Now})"));

    /// <summary>
    /// Households through EF; the ledger by raw SQL in one transaction, after the demo's books: ids follow the largest
    /// ones, the chain continues from the demo's last transaction and its hash, computed as LedgerBook does.
    /// </summary>
    private static async Task SeedAsync(DemoDatabase database, LedgerScaleSize size, DateTimeOffset now)
    {
        var households = size.Households;
        await using var db = await database.DbFactory.CreateDbContextAsync();
        var village = await db.Villages.OrderBy(v => v.Id).FirstAsync();
        var first = await db.Households.MaxAsync(h => h.Id) + 1;
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        db.Households.AddRange(Enumerable.Range(0, households).Select(i =>
        {
            var household = new HerderHousehold { VillageId = village.Id, HeadName = $"牧户{i}", HeadNameLatin = $"Household {i}", Phone = "" };
            household.SetPayoutAccount(database.AccountNumbers.Protect($"62220{i:D11}"));
            return household;
        }));
        await db.SaveChangesAsync();

        // Where the demo's books end: read before the raw transaction opens on the same connection.
        var fees = await db.LedgerAccounts.Where(a => a.Code == LedgerAccounts.PlatformFees).Select(a => (int?)a.Id).FirstOrDefaultAsync();
        var firstAccount = (await db.LedgerAccounts.MaxAsync(a => (int?)a.Id) ?? 0) + 1;
        var tail = await db.LedgerTransactions.OrderByDescending(t => t.Id).Select(t => new { t.Id, t.Hash }).FirstOrDefaultAsync();
        var firstTransaction = (tail?.Id ?? 0) + 1;
        var firstEntry = (await db.LedgerEntries.MaxAsync(e => (long?)e.Id) ?? 0) + 1;

        await db.Database.OpenConnectionAsync();
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
        var time = new DateTimeOffsetToBinaryConverter();
        var created = (long)time.ConvertToProvider(now)!;
        var random = new Random(42);
        var balances = new long[households];

        // The platform's fees account is the demo's when its adoptions have posted; the new payables follow the largest id.
        var account = Command(connection, transaction, "INSERT INTO LedgerAccounts (Id, Code, Kind, BalanceFen, CreatedAt) VALUES ($id, $code, $kind, 0, $at)", "$id", "$code", "$kind", "$at");
        var feesId = fees ?? firstAccount++;
        if (fees is null)
        {
            Run(account, feesId, LedgerAccounts.PlatformFees, (int)AccountKind.PlatformFees, created);
        }

        for (var h = 0; h < households; h++)
        {
            Run(account, firstAccount + h, LedgerAccounts.HerderPayable(first + h), (int)AccountKind.HerderPayable, created);
        }


        var insertTransaction = Command(connection, transaction,
            "INSERT INTO LedgerTransactions (Id, IdempotencyKey, Kind, Reference, PostedAt, AdoptionId, PreviousId, Hash) VALUES ($id, $key, 'release', $ref, $at, NULL, $prev, $hash)",
            "$id", "$key", "$ref", "$at", "$prev", "$hash");
        var insertEntry = Command(connection, transaction, "INSERT INTO LedgerEntries (Id, TransactionId, AccountId, AmountFen) VALUES ($id, $tx, $account, $amount)", "$id", "$tx", "$account", "$amount");
        var previousHash = tail?.Hash ?? LedgerHash.Genesis;
        object previousId = tail is null ? DBNull.Value : tail.Id;
        var at = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        for (long n = 0; n < size.Transactions; n++)
        {
            var t = firstTransaction + n;
            var h = random.Next(households);
            var fen = random.Next(100, 10_000);
            var posted = at.AddSeconds(n * 50);
            var key = $"seed:{t}";
            var hash = LedgerHash.Compute(previousHash, key, "release", key, posted, null,
                [(LedgerAccounts.PlatformFees, -fen), (LedgerAccounts.HerderPayable(first + h), fen)]);
            Run(insertTransaction, t, key, key, (long)time.ConvertToProvider(posted)!, previousId, hash);
            Run(insertEntry, firstEntry + (n * 2), t, feesId, -fen);
            Run(insertEntry, firstEntry + (n * 2) + 1, t, firstAccount + h, fen);
            balances[h] += fen;
            previousHash = hash;
            previousId = t;
        }

        var balance = Command(connection, transaction, "UPDATE LedgerAccounts SET BalanceFen = BalanceFen + $b WHERE Id = $id", "$b", "$id");
        Run(balance, -balances.Sum(), feesId);
        for (var h = 0; h < households; h++)
        {
            Run(balance, balances[h], firstAccount + h);
        }

        await transaction.CommitAsync();
        await using var analyze = connection.CreateCommand();
        analyze.CommandText = "PRAGMA analysis_limit=400; ANALYZE;";
        await analyze.ExecuteNonQueryAsync();
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction transaction, string sql, params string[] names)
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

    private static void Run(SqliteCommand command, params object[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i];
        }

        command.ExecuteNonQuery();
    }
}

/// <summary>How big a month end the driver seeds: the households paid, the ledger before it, the bank statement's lines.</summary>
public sealed record LedgerScaleSize(int Households, int Transactions, int StatementLines)
{
    public static readonly LedgerScaleSize Full = new(10_000, 500_000, 100_000);

    public static readonly LedgerScaleSize Smoke = new(40, 400, 100);
}

/// <summary>
/// What a month end produced. Consistent when the books are intact after the export and after the reconciliation, every
/// statement line was read, and the lines matched, mismatched and unmatched are the ones the driver wrote; and each
/// incremental check is intact and read exactly the postings since the one before (the export's, then the confirmations).
/// </summary>
public sealed record LedgerScaleResult(
    LedgerScaleSize Size, int BatchLines, int StatementLines, int Matched, int Mismatched, int Unmatched, int ImportErrors,
    int ExpectedMatched, int ExpectedMismatched, LedgerIntegrityReport AfterExport, LedgerIntegrityReport AfterReconciliation)
{
    public bool IsConsistent =>
        AfterExport.IsIntact && AfterReconciliation.IsIntact && ImportErrors == 0
        && StatementLines == Size.StatementLines && Matched + Mismatched + Unmatched == StatementLines
        && Matched == ExpectedMatched && Mismatched == ExpectedMismatched
        && AfterReconciliation.Entries == AfterExport.Entries + (2L * Matched)
        && SeedCheck is { Intact: true, Full: true } && IncrementalAfterExport is { Intact: true, Full: false }
        && IncrementalAfterReconciliation is { Intact: true, Full: false }
        && IncrementalAfterExport.FromTransactionId == SeedCheck.UpToTransactionId && IncrementalAfterExport.Transactions == BatchLines
        && IncrementalAfterReconciliation.FromTransactionId == IncrementalAfterExport.UpToTransactionId
        && IncrementalAfterReconciliation.Transactions == Matched
        && SeedCheck.Entries + IncrementalAfterExport.Entries + IncrementalAfterReconciliation.Entries == AfterReconciliation.Entries;

    /// <summary>The full check after the seed, which set the checkpoint.</summary>
    public LedgerCheck? SeedCheck { get; init; }

    public LedgerCheck? IncrementalAfterExport { get; init; }

    public LedgerCheck? IncrementalAfterReconciliation { get; init; }
}
