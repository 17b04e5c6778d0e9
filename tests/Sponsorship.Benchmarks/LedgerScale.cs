using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Microsoft.Extensions.Time.Testing;
using Sponsorship.Core.Demo;
using Sponsorship.Core.Flock;
using Sponsorship.Core.Ledger;
using Sponsorship.Core.Payouts;

namespace Sponsorship.Benchmarks;

/// <summary>
/// A load driver, not a BenchmarkDotNet benchmark: month end and reconciliation are one-shot commands that change the
/// books, so each is measured once (wall clock) on a freshly seeded file. 10,000 herder households and a ledger of
/// 500,000 hash-chained release transactions (1,000,000 entries, running balances set) in a real SQLite file migrated
/// with the real migrations; then the month-end batch (draft 10,000 lines, approve, export = 10,000 postings, bank file),
/// the integrity check over all entries, and the import and matching of a 100,000-line bank statement.
/// <c>dotnet run -c Release --project tests/Sponsorship.Benchmarks -- ledger</c>
/// </summary>
public static class LedgerScale
{
    public const int Households = 10_000;
    public const int Transactions = 500_000;
    public const int StatementLines = 100_000;

    public static async Task RunAsync()
    {
        using var database = await DemoDatabase.CreateAsync();
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 8, 0, 0, TimeSpan.Zero));
        var total = Stopwatch.StartNew();
        var households = await SeedAsync(database, clock.GetUtcNow());
        Report("seed (10,000 households, 500,000 transactions, 1,000,000 entries)", total);

        string maker, checker;
        await using (var db = await database.DbFactory.CreateDbContextAsync())
        {
            maker = await db.Users.Where(u => u.Email == DemoAccounts.Admin.Email).Select(u => u.Id).SingleAsync();
            checker = await db.Users.Where(u => u.Email == DemoAccounts.SecondAdmin.Email).Select(u => u.Id).SingleAsync();
        }

        var batches = new PayoutBatches(database.DbFactory, database.AccountNumbers, clock);
        var watch = Stopwatch.StartNew();
        var (batchId, outcome) = await batches.DraftAsync(new DateOnly(2026, 11, 30), 100, maker);
        Report($"draft: {outcome}", watch);
        var detail = (await batches.DetailAsync(batchId!.Value, maker))!;
        Console.WriteLine($"  {detail.Lines.Count:N0} lines, {detail.Batch.TotalFen / 100m:N2} yuan");
        watch.Restart();
        Report($"approve: {await batches.ApproveAsync(batchId.Value, checker)}", watch);
        watch.Restart();
        Report($"export (10,000 postings payable → in transit): {await batches.ExportAsync(batchId.Value, checker)}", watch);
        watch.Restart();
        var file = await batches.BankFileAsync(batchId.Value, maker);
        Report($"bank file ({file!.Length / 1024:N0} KiB)", watch);

        await using (var db = await database.DbFactory.CreateDbContextAsync())
        {
            watch.Restart();
            var report = await LedgerIntegrity.CheckAsync(db, clock.GetUtcNow());
            Report($"integrity check over {report.Entries:N0} entries: intact={report.IsIntact}", watch);
        }

        // The bank's statement: 9,000 of the batch's lines as sent, 1,000 with another amount, 90,000 other movements.
        var statement = new StringBuilder("date,reference,amount,description\n");
        var lines = (await batches.DetailAsync(batchId.Value, maker))!.Lines;
        for (var i = 0; i < StatementLines; i++)
        {
            var (reference, fen) = i < lines.Count ? (lines[i].Reference, lines[i].AmountFen + (i % 10 == 9 ? 1 : 0)) : ($"OTHER-{i}", 1_000L + i);
            statement.Append("2026-12-01,").Append(reference).Append(',').Append(Money.Yuan(fen)).Append(",line ").Append(i).Append('\n');
        }

        var bytes = Encoding.UTF8.GetBytes(statement.ToString());
        watch.Restart();
        var imported = await new BankStatementImport(database.DbFactory, clock).ImportAsync("statement.csv", bytes, maker);
        Report($"statement import ({bytes.Length / 1024 / 1024.0:N1} MiB, {imported.Lines:N0} lines): {imported.Matched:N0} matched, {imported.Mismatched:N0} mismatched, {imported.Unmatched:N0} unmatched", watch);

        await using (var db = await database.DbFactory.CreateDbContextAsync())
        {
            watch.Restart();
            var report = await LedgerIntegrity.CheckAsync(db, clock.GetUtcNow());
            Report($"integrity check after reconciliation over {report.Entries:N0} entries: intact={report.IsIntact}", watch);
        }

        Report("total", total);
        _ = households;
    }

    private static void Report(string what, Stopwatch watch) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{watch.Elapsed.TotalSeconds,8:N2} s  {what}"));

    /// <summary>Households through EF; the ledger by raw SQL in one transaction, hash chain computed as LedgerBook does.</summary>
    private static async Task<int> SeedAsync(DemoDatabase database, DateTimeOffset now)
    {
        await using var db = await database.DbFactory.CreateDbContextAsync();
        var village = await db.Villages.OrderBy(v => v.Id).FirstAsync();
        var first = await db.Households.MaxAsync(h => h.Id) + 1;
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        db.Households.AddRange(Enumerable.Range(0, Households).Select(i =>
        {
            var household = new HerderHousehold { VillageId = village.Id, HeadName = $"牧户{i}", HeadNameLatin = $"Household {i}", Phone = "" };
            household.SetPayoutAccount(database.AccountNumbers.Protect($"62220{i:D11}"));
            return household;
        }));
        await db.SaveChangesAsync();

        await db.Database.OpenConnectionAsync();
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
        var time = new DateTimeOffsetToBinaryConverter();
        var created = (long)time.ConvertToProvider(now)!;
        var random = new Random(42);
        var balances = new long[Households + 1];

        // Account 1 is the platform's fees; accounts 2.. are the households' payables.
        var account = Command(connection, transaction, "INSERT INTO LedgerAccounts (Id, Code, Kind, BalanceFen, CreatedAt) VALUES ($id, $code, $kind, 0, $at)", "$id", "$code", "$kind", "$at");
        Run(account, 1, LedgerAccounts.PlatformFees, (int)AccountKind.PlatformFees, created);
        for (var h = 0; h < Households; h++)
        {
            Run(account, h + 2, LedgerAccounts.HerderPayable(first + h), (int)AccountKind.HerderPayable, created);
        }

        var insertTransaction = Command(connection, transaction,
            "INSERT INTO LedgerTransactions (Id, IdempotencyKey, Kind, Reference, PostedAt, AdoptionId, PreviousId, Hash) VALUES ($id, $key, 'release', $ref, $at, NULL, $prev, $hash)",
            "$id", "$key", "$ref", "$at", "$prev", "$hash");
        var insertEntry = Command(connection, transaction, "INSERT INTO LedgerEntries (Id, TransactionId, AccountId, AmountFen) VALUES ($id, $tx, $account, $amount)", "$id", "$tx", "$account", "$amount");
        var previousHash = LedgerHash.Genesis;
        var at = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        for (long t = 1; t <= Transactions; t++)
        {
            var h = random.Next(Households);
            var fen = random.Next(100, 10_000);
            var posted = at.AddSeconds(t * 50);
            var key = $"seed:{t}";
            var hash = LedgerHash.Compute(previousHash, key, "release", key, posted, null,
                [(LedgerAccounts.PlatformFees, -fen), (LedgerAccounts.HerderPayable(first + h), fen)]);
            Run(insertTransaction, t, key, key, (long)time.ConvertToProvider(posted)!, t == 1 ? DBNull.Value : t - 1, hash);
            Run(insertEntry, (t * 2) - 1, t, 1, -fen);
            Run(insertEntry, t * 2, t, h + 2, fen);
            balances[h] += fen;
            previousHash = hash;
        }

        var balance = Command(connection, transaction, "UPDATE LedgerAccounts SET BalanceFen = $b WHERE Id = $id", "$b", "$id");
        Run(balance, -balances.Sum(), 1);
        for (var h = 0; h < Households; h++)
        {
            Run(balance, balances[h], h + 2);
        }

        await transaction.CommitAsync();
        await using var analyze = connection.CreateCommand();
        analyze.CommandText = "PRAGMA analysis_limit=400; ANALYZE;";
        await analyze.ExecuteNonQueryAsync();
        return first;
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
