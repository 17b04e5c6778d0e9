using System.Text;
using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Data;
using Sponsorship.Core.Demo;
using Sponsorship.Core.Ledger;
using Sponsorship.Core.Payouts;
using Sponsorship.Testing;

namespace Sponsorship.Core.Tests.Payouts;

/// <summary>
/// The draft's payout lines and a statement's lines are written with multi-row INSERTs: each row as it was written one by
/// one before, matched by the same rules, and each in the audit trail under the administrator who caused it.
/// </summary>
public class BulkWriteTests(SeededDatabaseWithoutMoney database) : IClassFixture<SeededDatabaseWithoutMoney>
{
    private readonly MoneyTestData money = new(database.DbFactory);

    [Fact]
    public async Task A_statement_naming_lines_twice_and_in_other_letter_case_is_matched_as_line_by_line_and_every_row_is_audited()
    {
        var maker = await money.UserIdAsync(DemoAccounts.Admin.Email);
        var sponsor = await money.UserIdAsync(DemoAccounts.Sponsor.Email);
        long[] prices = [180_000, 120_000, 240_000];
        for (var i = 0; i < prices.Length; i++)
        {
            await money.AdoptAndPayAsync(await money.FreeSheepAsync(20 + i), sponsor, prices[i], TestDatabase.Start.AddDays(-20));
        }

        var batches = new PayoutBatches(database.DbFactory, database.AccountNumbers, database.Clock);
        var (batchId, outcome) = await batches.DraftAsync(new DateOnly(2026, 11, 30), 1, maker);
        Assert.Equal(PayoutOutcome.Done, outcome);
        var drafted = (await batches.DetailAsync(batchId!.Value, maker))!.Lines;
        Assert.Equal([20, 21, 22], drafted.Select(l => l.HouseholdId));
        Assert.Equal([32_400L, 21_600L, 43_200L], drafted.Select(l => l.AmountFen));
        Assert.All(drafted, l => Assert.Equal($"PB-20261130-1-{l.HouseholdId}", l.Reference));
        Assert.All(drafted, l => Assert.NotEqual("", l.Account));
        await AssertAuditedAsync<PayoutLine>(maker, drafted.Select(l => (long)l.Id));

        await batches.ApproveAsync(batchId.Value, await money.UserIdAsync(DemoAccounts.SecondAdmin.Email));
        await batches.ExportAsync(batchId.Value, maker);
        var (a, b, c) = (drafted[0], drafted[1], drafted[2]);
        var csv = "date,reference,amount,description\n"
            + $"2026-12-01,{a.Reference},324.00,paid\n"
            + $"2026-12-01,{a.Reference},324.00,the same line again\n"
            + $"2026-12-02,{b.Reference},216.01,a fen off\n"
            + $"2026-12-02,{b.Reference.ToLowerInvariant()},216.00,paid in small letters\n"
            + $"2026-12-03,{c.Reference},-432.00,debit sign\n"
            + "2026-12-03,NOT-OURS-9,12.50,银行手续费\n";
        var result = await new BankStatementImport(database.DbFactory, database.Calendar).ImportAsync("bulk.csv", Encoding.UTF8.GetBytes(csv), maker);

        Assert.True(result.Succeeded, string.Join(", ", result.Errors));
        Assert.Equal((6, 3, 1, 2), (result.Lines, result.Matched, result.Mismatched, result.Unmatched));
        await using var db = await database.CreateDbContextAsync();
        var saved = await db.BankStatementLines.AsNoTracking().Where(l => l.StatementId == result.StatementId).OrderBy(l => l.LineNumber)
            .Select(l => new { l.Id, l.LineNumber, l.ValueDate, l.Reference, l.AmountFen, l.Description, l.State, l.PayoutLineId, l.ResolvedAt })
            .ToListAsync();
        Assert.Equal(
            [
                (2, new DateOnly(2026, 12, 1), a.Reference, 32_400L, "paid", StatementLineState.Matched, (int?)a.Id),
                (3, new DateOnly(2026, 12, 1), a.Reference, 32_400L, "the same line again", StatementLineState.Unmatched, a.Id),
                (4, new DateOnly(2026, 12, 2), b.Reference, 21_601L, "a fen off", StatementLineState.Mismatch, b.Id),
                (5, new DateOnly(2026, 12, 2), b.Reference.ToLowerInvariant(), 21_600L, "paid in small letters", StatementLineState.Matched, b.Id),
                (6, new DateOnly(2026, 12, 3), c.Reference, 43_200L, "debit sign", StatementLineState.Matched, c.Id),
                (7, new DateOnly(2026, 12, 3), "NOT-OURS-9", 1_250L, "银行手续费", StatementLineState.Unmatched, null),
            ],
            saved.Select(l => (l.LineNumber, l.ValueDate, l.Reference, l.AmountFen, l.Description, l.State, l.PayoutLineId)));
        Assert.All(saved, l => Assert.Null(l.ResolvedAt));
        await AssertAuditedAsync<BankStatementLine>(maker, saved.Select(l => l.Id));

        // Each matched payout line was confirmed once: in transit emptied, the world paid the three amounts.
        foreach (var line in drafted)
        {
            Assert.Equal(0, await money.BalanceAsync(LedgerAccounts.HerderInTransit(line.HouseholdId)));
        }

        Assert.Equal(32_400 + 21_600 + 43_200, await money.BalanceAsync(LedgerAccounts.World));
        Assert.Equal(PayoutBatchStatus.Completed, (await batches.DetailAsync(batchId.Value, maker))!.Batch.Status);
        Assert.True((await LedgerIntegrity.CheckAsync(db, TestDatabase.Start)).IsIntact);
    }

    /// <summary>One "Added" entry per row under the administrator, naming what the audit interceptor names for an added row.</summary>
    private async Task AssertAuditedAsync<T>(string userId, IEnumerable<long> ids)
        where T : class
    {
        await using var db = await database.CreateDbContextAsync();
        var keys = ids.Select(id => id.ToString(System.Globalization.CultureInfo.InvariantCulture)).Order().ToList();
        var entries = await db.AuditEntries.AsNoTracking().Where(e => e.Entity == typeof(T).Name && keys.Contains(e.Key)).ToListAsync();
        Assert.Equal(keys, entries.Select(e => e.Key).Order());
        var fields = string.Join(",", db.Model.FindEntityType(typeof(T))!.GetProperties().Where(p => !p.IsPrimaryKey()).Select(p => p.Name));
        Assert.All(entries, e => Assert.Equal((userId, AuditAction.Added, fields), (e.UserId, e.Action, e.ChangedFields)));
    }
}
