using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Data;
using Sponsorship.Core.Demo;
using Sponsorship.Core.Ledger;
using Sponsorship.Core.Payouts;
using Sponsorship.Testing;

namespace Sponsorship.Core.Tests.Payouts;

/// <summary>An exported batch of the given households' lines, approved by the second admin; the lines in household order.</summary>
internal sealed class ExportedBatch(SeededDatabaseWithoutMoney database)
{
    public MoneyTestData Money { get; } = new(database.DbFactory);

    public PayoutBatches Batches() => new(database.DbFactory, database.AccountNumbers, database.Clock);

    public BulkPayoutConfirmation Bulk() => new(database.DbFactory, database.Clock);

    public async Task<(int BatchId, IReadOnlyList<PayoutLineView> Lines)> ExportAsync(params int[] households)
    {
        var sponsor = await Money.UserIdAsync(DemoAccounts.Sponsor.Email);
        var maker = await Money.UserIdAsync(DemoAccounts.Admin.Email);
        var checker = await Money.UserIdAsync(DemoAccounts.SecondAdmin.Email);
        foreach (var household in households)
        {
            await Money.AdoptAndPayAsync(await Money.FreeSheepAsync(household), sponsor, 100_000 + household, TestDatabase.Start.AddDays(-10));
        }

        var (batchId, outcome) = await Batches().DraftAsync(new DateOnly(2026, 11, 30), 1, maker);
        Assert.Equal(PayoutOutcome.Done, outcome);
        Assert.Equal(PayoutOutcome.Done, await Batches().ApproveAsync(batchId!.Value, checker));
        Assert.Equal(PayoutOutcome.Done, await Batches().ExportAsync(batchId.Value, checker));
        var lines = (await Batches().DetailAsync(batchId.Value, maker))!.Lines.Where(l => households.Contains(l.HouseholdId)).ToList();
        Assert.Equal(households.Length, lines.Count);
        return (batchId.Value, lines);
    }
}

public class LineSettlementTests(SeededDatabaseWithoutMoney database) : IClassFixture<SeededDatabaseWithoutMoney>
{
    private readonly ExportedBatch exported = new(database);

    [Fact]
    public async Task Marking_a_line_failed_without_a_reason_is_refused_and_changes_nothing_and_the_reason_given_is_kept_on_the_line()
    {
        var (batchId, lines) = await exported.ExportAsync(30);
        var line = lines.Single();
        var checker = await exported.Money.UserIdAsync(DemoAccounts.SecondAdmin.Email);

        Assert.Equal(PayoutOutcome.ReasonRequired, await exported.Batches().FailLineAsync(line.Id, "", checker));
        Assert.Equal(PayoutOutcome.ReasonRequired, await exported.Batches().FailLineAsync(line.Id, " \t\n ", checker));
        await using (var db = await database.CreateDbContextAsync())
        {
            Assert.Equal(PayoutLineStatus.InTransit, await db.PayoutLines.Where(l => l.Id == line.Id).Select(l => l.Status).SingleAsync());
            Assert.False(await db.LedgerTransactions.AnyAsync(t => t.IdempotencyKey == LedgerKeys.PayoutFail(line.Id)));
        }

        Assert.Equal(line.AmountFen, await exported.Money.BalanceAsync(LedgerAccounts.HerderInTransit(30)));

        Assert.Equal(PayoutOutcome.Done, await exported.Batches().FailLineAsync(line.Id, "  账户已销户 (account closed)\n", checker));
        var failed = (await exported.Batches().DetailAsync(batchId, checker))!.Lines.Single(l => l.Id == line.Id);
        Assert.Equal(PayoutLineStatus.Failed, failed.Status);
        Assert.Equal("账户已销户 (account closed)", failed.FailureReason);
        Assert.Equal(0, await exported.Money.BalanceAsync(LedgerAccounts.HerderInTransit(30)));
        Assert.Equal(line.AmountFen, await exported.Money.BalanceAsync(LedgerAccounts.HerderPayable(30)));
        var key = line.Id.ToString(CultureInfo.InvariantCulture);
        await using (var db = await database.CreateDbContextAsync())
        {
            var audit = await db.AuditEntries.SingleAsync(a => a.Entity == nameof(PayoutLine) && a.Key == key && a.Action == AuditAction.Modified);
            Assert.Equal(checker, audit.UserId);
            Assert.Contains(nameof(PayoutLine.FailureReason), audit.ChangedFields, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Marking_lines_paid_in_bulk_confirms_each_in_transit_line_once_counts_those_already_paid_and_audits_each()
    {
        var (batchId, lines) = await exported.ExportAsync(32, 33, 34);
        var maker = await exported.Money.UserIdAsync(DemoAccounts.Admin.Email);
        var sponsor = await exported.Money.UserIdAsync(DemoAccounts.Sponsor.Email);
        var ids = lines.Select(l => l.Id).ToList();
        Assert.Equal(PayoutOutcome.Done, await exported.Batches().ConfirmLineAsync(ids[0], maker));

        var refused = await exported.Bulk().ConfirmAsync(batchId, ids, sponsor);
        Assert.Equal(new BulkConfirmResult(PayoutOutcome.NotAllowed, 0, 0, 0, 3), refused);

        var result = await exported.Bulk().ConfirmAsync(batchId, [.. ids, ids[1], 999_999], maker);
        Assert.Equal(new BulkConfirmResult(PayoutOutcome.Done, 2, lines[1].AmountFen + lines[2].AmountFen, 1, 1), result);
        var again = await exported.Bulk().ConfirmAsync(batchId, ids, maker);
        Assert.Equal(new BulkConfirmResult(PayoutOutcome.AlreadyDone, 0, 0, 3, 0), again);

        await using var db = await database.CreateDbContextAsync();
        Assert.All(ids, id => Assert.Equal(PayoutLineStatus.Paid, db.PayoutLines.Single(l => l.Id == id).Status));
        var keys = ids.Select(LedgerKeys.PayoutConfirm).ToList();
        Assert.Equal(3, await db.LedgerTransactions.CountAsync(t => keys.Contains(t.IdempotencyKey)));
        Assert.All(lines, l => Assert.Equal(0, db.LedgerAccounts.Where(a => a.Code == LedgerAccounts.HerderInTransit(l.HouseholdId)).Select(a => a.BalanceFen).Single()));
        var keyTexts = ids.Select(id => id.ToString(CultureInfo.InvariantCulture)).ToList();
        var audited = await db.AuditEntries.Where(a => a.Entity == nameof(PayoutLine) && a.Action == AuditAction.Modified && keyTexts.Contains(a.Key))
            .Select(a => new { a.Key, a.UserId }).ToListAsync();
        Assert.Equal(keyTexts.Order(), audited.Select(a => a.Key).Order());
        Assert.All(audited, a => Assert.Equal(maker, a.UserId));
        Assert.True((await LedgerIntegrity.CheckAsync(db, TestDatabase.Start)).IsIntact);
    }
}

public class ParallelBulkConfirmationTests(SeededDatabaseWithoutMoney database) : IClassFixture<SeededDatabaseWithoutMoney>
{
    [Fact]
    public async Task Two_admins_marking_the_same_lines_paid_at_the_same_moment_confirm_each_line_and_post_its_money_once()
    {
        var exported = new ExportedBatch(database);
        var (batchId, lines) = await exported.ExportAsync(35, 36, 37, 38);
        string[] admins = [await exported.Money.UserIdAsync(DemoAccounts.Admin.Email), await exported.Money.UserIdAsync(DemoAccounts.SecondAdmin.Email)];
        var ids = lines.Select(l => l.Id).ToList();

        var race = await Race.RunAsync(2, i => exported.Bulk().ConfirmAsync(batchId, ids, admins[i]));

        Assert.Equal(2, race.ReachedWrite);
        Assert.Equal(lines.Count, race.Results.Sum(r => r.Confirmed));
        Assert.Equal(lines.Count, race.Results.Sum(r => r.AlreadyPaid));
        Assert.Equal(lines.Sum(l => l.AmountFen), race.Results.Sum(r => r.ConfirmedFen));
        Assert.All(race.Results, r => Assert.Equal(0, r.Skipped));
        await using var db = await database.CreateDbContextAsync();
        var keys = ids.Select(LedgerKeys.PayoutConfirm).ToList();
        Assert.Equal(lines.Count, await db.LedgerTransactions.CountAsync(t => keys.Contains(t.IdempotencyKey)));
        Assert.Equal(lines.Sum(l => l.AmountFen), await LedgerBook.BalanceAsync(db, LedgerAccounts.World));
        var keyTexts = ids.Select(id => id.ToString(CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(lines.Count, await db.AuditEntries.CountAsync(a => a.Entity == nameof(PayoutLine) && a.Action == AuditAction.Modified && keyTexts.Contains(a.Key)));
        Assert.Equal(PayoutBatchStatus.Completed, await db.PayoutBatches.Where(b => b.Id == batchId).Select(b => b.Status).SingleAsync());
        Assert.True((await LedgerIntegrity.CheckAsync(db, TestDatabase.Start)).IsIntact);
    }
}
