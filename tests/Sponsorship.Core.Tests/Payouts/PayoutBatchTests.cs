using System.Text;
using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Demo;
using Sponsorship.Core.Ledger;
using Sponsorship.Core.Payouts;
using Sponsorship.Testing;

namespace Sponsorship.Core.Tests.Payouts;

public class PayoutBatchTests : IClassFixture<SeededDatabaseWithoutMoney>
{
    private readonly SeededDatabaseWithoutMoney database;
    private readonly MoneyTestData money;
    private readonly PayoutBatches batches;

    public PayoutBatchTests(SeededDatabaseWithoutMoney database)
    {
        this.database = database;
        money = new MoneyTestData(database.DbFactory);
        batches = new PayoutBatches(database.DbFactory, database.AccountNumbers, database.Clock);
    }

    [Fact]
    public async Task Draft_approve_by_another_admin_export_confirm_and_fail_move_the_money_once()
    {
        var sponsor = await money.UserIdAsync(DemoAccounts.Sponsor.Email);
        var maker = await money.UserIdAsync(DemoAccounts.Admin.Email);
        var checker = await money.UserIdAsync(DemoAccounts.SecondAdmin.Email);
        await money.AdoptAndPayAsync(await money.FreeSheepAsync(1), sponsor, 180_000, TestDatabase.Start.AddDays(-10));
        await money.AdoptAndPayAsync(await money.FreeSheepAsync(2), sponsor, 180_000, TestDatabase.Start.AddDays(-10));
        await money.AdoptAndPayAsync(await money.FreeSheepAsync(3), sponsor, 10_000, TestDatabase.Start.AddDays(-10));

        var (batchId, outcome) = await batches.DraftAsync(new DateOnly(2026, 11, 30), 10_000, maker);
        Assert.Equal(PayoutOutcome.Done, outcome);
        Assert.Equal(PayoutOutcome.OpenBatchExists, (await batches.DraftAsync(new DateOnly(2026, 11, 30), 10_000, maker)).Outcome);
        var detail = (await batches.DetailAsync(batchId!.Value, maker))!;
        Assert.Equal([1, 2], detail.Lines.Select(l => l.HouseholdId));
        Assert.All(detail.Lines, l => Assert.Equal(32_400, l.AmountFen));
        Assert.Equal(2, detail.Lines.Select(l => l.Reference).Distinct().Count());

        Assert.Equal(PayoutOutcome.WrongState, await batches.ExportAsync(batchId.Value, checker));
        Assert.Equal(PayoutOutcome.MakerCannotApprove, await batches.ApproveAsync(batchId.Value, maker));
        Assert.Equal(PayoutOutcome.Done, await batches.ApproveAsync(batchId.Value, checker));
        Assert.Equal(PayoutOutcome.AlreadyDone, await batches.ApproveAsync(batchId.Value, checker));
        Assert.Null(await batches.BankFileAsync(batchId.Value, maker));
        Assert.Equal(PayoutOutcome.Done, await batches.ExportAsync(batchId.Value, checker));
        Assert.Equal(PayoutOutcome.AlreadyDone, await batches.ExportAsync(batchId.Value, checker));

        Assert.Equal(0, await money.BalanceAsync(LedgerAccounts.HerderPayable(1)));
        Assert.Equal(32_400, await money.BalanceAsync(LedgerAccounts.HerderInTransit(1)));
        var file = Encoding.UTF8.GetString(await batches.BankFileAsync(batchId.Value, maker) ?? []);
        Assert.StartsWith("\uFEFFreference,payee,bank,account,amount,currency", file, StringComparison.Ordinal);
        Assert.Contains($"{detail.Lines[0].Reference},", file, StringComparison.Ordinal);
        Assert.Contains(",324.00,CNY", file, StringComparison.Ordinal);

        detail = (await batches.DetailAsync(batchId.Value, maker))!;
        Assert.Equal(PayoutOutcome.Done, await batches.ConfirmLineAsync(detail.Lines[0].Id, checker));
        Assert.Equal(PayoutOutcome.AlreadyDone, await batches.ConfirmLineAsync(detail.Lines[0].Id, checker));
        Assert.Equal(PayoutOutcome.WrongState, await batches.FailLineAsync(detail.Lines[0].Id, "late", checker));
        Assert.Equal(PayoutOutcome.Done, await batches.FailLineAsync(detail.Lines[1].Id, "account closed", checker));
        Assert.Equal(0, await money.BalanceAsync(LedgerAccounts.HerderInTransit(1)));
        Assert.Equal(32_400, await money.BalanceAsync(LedgerAccounts.HerderPayable(2)));
        Assert.Equal(PayoutBatchStatus.Completed, (await batches.DetailAsync(batchId.Value, maker))!.Batch.Status);

        await using var db = await database.CreateDbContextAsync();
        Assert.True((await LedgerIntegrity.CheckAsync(db, TestDatabase.Start)).IsIntact);
    }
}

public class ParallelPayoutTests : IClassFixture<SeededDatabaseWithoutMoney>
{
    private readonly SeededDatabaseWithoutMoney database;

    public ParallelPayoutTests(SeededDatabaseWithoutMoney database) => this.database = database;

    [Fact]
    public async Task Approving_exporting_and_confirming_at_the_same_moment_happens_once()
    {
        var money = new MoneyTestData(database.DbFactory);
        var sponsor = await money.UserIdAsync(DemoAccounts.Sponsor.Email);
        var maker = await money.UserIdAsync(DemoAccounts.Admin.Email);
        var checker = await money.UserIdAsync(DemoAccounts.SecondAdmin.Email);
        for (var h = 1; h <= 6; h++)
        {
            await money.AdoptAndPayAsync(await money.FreeSheepAsync(h), sponsor, 100_000 + h, TestDatabase.Start.AddDays(-5));
        }

        // Each admin's request makes its own contexts, as parallel HTTP requests would; all have read before any writes.
        PayoutBatches Fresh() => new(database.DbFactory, database.AccountNumbers, database.Clock);
        var (batchId, _) = await Fresh().DraftAsync(new DateOnly(2026, 11, 30), 1, maker);
        var approvals = await Race.RunAsync(6, _ => Fresh().ApproveAsync(batchId!.Value, checker));
        Assert.Equal(6, approvals.ReachedWrite);
        Assert.Equal([PayoutOutcome.Done], approvals.Results.Where(o => o != PayoutOutcome.AlreadyDone));
        Assert.Equal(5, approvals.Results.Count(o => o == PayoutOutcome.AlreadyDone));

        var exports = await Race.RunAsync(6, _ => Fresh().ExportAsync(batchId!.Value, checker));
        Assert.Equal(6, exports.ReachedWrite);
        Assert.Equal([PayoutOutcome.Done], exports.Results.Where(o => o != PayoutOutcome.AlreadyDone));
        Assert.Equal(5, exports.Results.Count(o => o == PayoutOutcome.AlreadyDone));

        var lines = (await Fresh().DetailAsync(batchId!.Value, maker))!.Lines;
        Assert.Equal(6, lines.Count);
        var confirmations = await Race.RunAsync(lines.Count * 3, i => Fresh().ConfirmLineAsync(lines[i % lines.Count].Id, checker));
        Assert.Equal(lines.Count * 3, confirmations.ReachedWrite);
        Assert.Equal(lines.Count, confirmations.Results.Count(o => o == PayoutOutcome.Done));
        Assert.Equal(lines.Count * 2, confirmations.Results.Count(o => o == PayoutOutcome.AlreadyDone));
        for (var l = 0; l < lines.Count; l++)
        {
            Assert.Single(confirmations.Results.Where((o, i) => i % lines.Count == l && o == PayoutOutcome.Done));
        }

        await using var db = await database.CreateDbContextAsync();
        Assert.Equal(lines.Count, await db.LedgerTransactions.CountAsync(t => t.Kind == LedgerKinds.PayoutExport));
        Assert.Equal(lines.Count, await db.LedgerTransactions.CountAsync(t => t.Kind == LedgerKinds.PayoutConfirm));
        Assert.Equal(lines.Sum(l => l.AmountFen), await LedgerBook.BalanceAsync(db, LedgerAccounts.World));
        Assert.All(lines, l => Assert.Equal(PayoutLineStatus.Paid, db.PayoutLines.Single(p => p.Id == l.Id).Status));
        Assert.Equal(PayoutBatchStatus.Completed, await db.PayoutBatches.Where(b => b.Id == batchId).Select(b => b.Status).SingleAsync());
        Assert.True((await LedgerIntegrity.CheckAsync(db, TestDatabase.Start)).IsIntact);
    }
}
