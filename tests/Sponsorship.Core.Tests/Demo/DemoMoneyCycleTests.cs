using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Demo;
using Sponsorship.Core.Impact;
using Sponsorship.Core.Ledger;
using Sponsorship.Core.Payouts;
using Sponsorship.Core.Programme;
using Sponsorship.Testing;

namespace Sponsorship.Core.Tests.Demo;

/// <summary>The demo as the app seeds it has closed last month's payouts: paid, reconciled, one line left to resolve.</summary>
public class DemoMoneyCycleTests(SeededDatabaseWithHistory database) : IClassFixture<SeededDatabaseWithHistory>
{
    [Fact]
    public async Task Last_months_batch_was_drafted_by_the_admin_approved_by_the_second_admin_and_exported()
    {
        await using var db = await database.CreateDbContextAsync();
        var batch = await db.PayoutBatches.SingleAsync();
        Assert.Equal(await UserIdAsync(DemoAccounts.Admin), batch.CreatedByUserId);
        Assert.Equal(await UserIdAsync(DemoAccounts.SecondAdmin), batch.ApprovedByUserId);
        Assert.Equal(DemoMoneyCycle.LastMonthEnd(database.Calendar.Today), batch.PeriodEnd);
        Assert.Equal(new DateOnly(2026, 10, 31), batch.PeriodEnd);
        Assert.Equal(PayoutBatchStatus.Exported, batch.Status);
        Assert.True(await db.PayoutLines.CountAsync() >= 20);

        // The care shares whose proof came by the month's end were released as the hourly job would have, and paid.
        var monthEnd = database.Calendar.StartOf(batch.PeriodEnd.AddDays(1));
        var care = await db.LedgerTransactions.Where(t => t.IdempotencyKey.StartsWith(LedgerKeys.ReleasePrefix) && t.IdempotencyKey.EndsWith(LedgerKeys.CareSuffix))
            .Select(t => t.PostedAt).ToListAsync();
        Assert.NotEmpty(care);
        Assert.All(care, at => Assert.Equal(monthEnd, at));
    }

    [Fact]
    public async Task The_impact_page_shows_what_the_bank_confirmed_as_paid_to_herders()
    {
        await using var db = await database.CreateDbContextAsync();
        var confirmed = await db.PayoutLines.Where(l => l.Status == PayoutLineStatus.Paid).SumAsync(l => l.AmountFen);

        var figures = await new ImpactReport(database.DbFactory, database.Calendar).ComputeAsync();

        Assert.True(confirmed > 0);
        Assert.Equal(confirmed, figures.PaidToHerdersFen);
        Assert.Equal(confirmed, figures.Months.Sum(m => m.PaidToHerdersFen));
    }

    [Fact]
    public async Task The_demo_herder_sees_a_paid_payout_among_their_earnings()
    {
        await using var db = await database.CreateDbContextAsync();
        var herder = await db.Users.SingleAsync(u => u.Email == DemoAccounts.Herder.Email);

        var earnings = await new HerderEarnings(database.DbFactory).ForUserAsync(herder.Id);

        var payout = Assert.Single(earnings!.Payouts);
        Assert.Equal(PayoutLineStatus.Paid, payout.Status);
        Assert.Equal(payout.AmountFen, earnings.PaidFen);
        Assert.True(payout.AmountFen >= DemoMoneyCycle.MinimumFen);
        Assert.NotEmpty(payout.Sources);
        Assert.Equal(0, earnings.InTransitFen);
    }

    [Fact]
    public async Task The_demo_sponsors_money_trail_names_the_batch_that_paid_the_herder()
    {
        await using var db = await database.CreateDbContextAsync();
        var sponsor = await UserIdAsync(DemoAccounts.Sponsor);
        var adoption = await db.Adoptions.Where(a => a.SponsorUserId == sponsor).OrderBy(a => a.Id).FirstAsync();
        var batch = await db.PayoutBatches.SingleAsync();

        var trail = await new MoneyTrail(database.DbFactory).ForSponsorAsync(adoption.Id, sponsor);

        var payout = Assert.Single(trail!.Payouts);
        Assert.Equal(batch.Reference, payout.BatchReference);
        Assert.Equal(PayoutLineStatus.Paid, payout.Status);
    }

    [Fact]
    public async Task The_bank_debited_one_line_with_its_fee_which_waits_on_the_reconciliation_page_and_todays_work()
    {
        var view = await new Reconciliation(database.DbFactory, database.Clock).ViewAsync();

        var exception = Assert.Single(view.Exceptions);
        Assert.Equal(StatementLineState.Mismatch, exception.State);
        Assert.Equal(PayoutLineStatus.InTransit, exception.PayoutStatus);
        Assert.Equal(exception.PayoutAmountFen + DemoMoneyCycle.TransferFeeFen, exception.AmountFen);
        await using var db = await database.CreateDbContextAsync();
        var lines = await db.PayoutLines.CountAsync();
        Assert.Equal(lines - 1, view.Matched.Count);
        var inTransit = await db.PayoutLines.SingleAsync(l => l.Status == PayoutLineStatus.InTransit);
        Assert.Equal(exception.PayoutLineId, inTransit.Id);
        var herderHouseholds = await db.Users.Where(u => u.HerderHouseholdId != null).Select(u => u.HerderHouseholdId!.Value).ToListAsync();
        Assert.DoesNotContain(inTransit.HouseholdId, herderHouseholds);

        var work = await new TodaysWork(database.DbFactory, database.Calendar).ForAdminAsync(await UserIdAsync(DemoAccounts.Admin));
        Assert.Equal(1, work!.ReconciliationExceptions);
        Assert.Equal(lines - 1, await db.PayoutLines.CountAsync(l => l.Status == PayoutLineStatus.Paid));
    }

    [Fact]
    public async Task The_ledger_is_intact_after_the_cycle()
    {
        await using var db = await database.CreateDbContextAsync();
        var report = await LedgerIntegrity.CheckAsync(db, database.Clock.GetUtcNow());

        Assert.True(report.IsIntact);
        Assert.True(await db.LedgerTransactions.AnyAsync(t => t.Kind == LedgerKinds.PayoutConfirm));
    }

    [Fact]
    public async Task A_second_seeding_adds_no_batch_line_posting_or_statement()
    {
        var before = await CountAsync();

        await database.SeedDemoAsync(withHistory: true, withMoneyCycle: true);

        Assert.Equal(before, await CountAsync());
    }

    private async Task<(int Batches, int Lines, int Transactions, int Entries, int Statements, int StatementLines, int Adoptions)> CountAsync()
    {
        await using var db = await database.CreateDbContextAsync();
        return (await db.PayoutBatches.CountAsync(), await db.PayoutLines.CountAsync(), await db.LedgerTransactions.CountAsync(),
            await db.LedgerEntries.CountAsync(), await db.BankStatements.CountAsync(), await db.BankStatementLines.CountAsync(), await db.Adoptions.CountAsync());
    }

    private async Task<string> UserIdAsync(DemoAccount account)
    {
        await using var db = await database.CreateDbContextAsync();
        return await db.Users.Where(u => u.Email == account.Email).Select(u => u.Id).SingleAsync();
    }
}
