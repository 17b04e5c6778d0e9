using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Sponsorship.Core.Demo;
using Sponsorship.Core.Identity;
using Sponsorship.Core.Ledger;
using Sponsorship.Core.Payouts;

namespace Sponsorship.Core.Tests.Demo;

/// <summary>A seeding stopped after the demo's batch was drafted is finished by the next seeding, and only once.</summary>
public sealed class DemoMoneyCycleResumeTests : IAsyncLifetime
{
    private readonly TestDatabase database = new();

    public async Task InitializeAsync()
    {
        await database.InitializeAsync();
        await database.SeedDemoAsync();
    }

    public Task DisposeAsync() => database.DisposeAsync();

    [Fact]
    public async Task A_batch_left_drafted_is_approved_exported_and_reconciled_by_the_next_seeding_and_a_third_seeding_adds_nothing()
    {
        // The first seeding got as far as the draft.
        await using (var scope = database.CreateScope())
        {
            var services = scope.ServiceProvider;
            await services.GetRequiredService<DemoAdoptions>().SeedDemoHerderAdoptionAsync();
            var periodEnd = DemoMoneyCycle.LastMonthEnd(database.Calendar.Today);
            await new CareReleaseJob(database.DbFactory, database.Clock).ReleaseDueAsync(database.Calendar.StartOf(periodEnd.AddDays(1)));
            var admin = (await services.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync(DemoAccounts.Admin.Email))!.Id;
            var (_, drafted) = await new PayoutBatches(database.DbFactory, database.AccountNumbers, database.Clock).DraftAsync(periodEnd, DemoMoneyCycle.MinimumFen, admin);
            Assert.Equal(PayoutOutcome.Done, drafted);
        }

        await RunCycleAsync();

        await using (var db = await database.CreateDbContextAsync())
        {
            var batch = await db.PayoutBatches.SingleAsync();
            Assert.Equal(PayoutBatchStatus.Exported, batch.Status);
            Assert.Equal(await db.Users.Where(u => u.Email == DemoAccounts.SecondAdmin.Email).Select(u => u.Id).SingleAsync(), batch.ApprovedByUserId);
            var lines = await db.PayoutLines.CountAsync(l => l.BatchId == batch.Id);
            Assert.Equal(lines, await db.BankStatementLines.CountAsync());
            Assert.Equal(lines - 1, await db.PayoutLines.CountAsync(l => l.BatchId == batch.Id && l.Status == PayoutLineStatus.Paid));
            Assert.Equal(1, await db.BankStatementLines.CountAsync(s => s.State == StatementLineState.Mismatch));
        }

        var before = await SnapshotAsync();
        await RunCycleAsync();
        Assert.Equal(before, await SnapshotAsync());
    }

    private async Task RunCycleAsync()
    {
        await using var scope = database.CreateScope();
        await scope.ServiceProvider.GetRequiredService<DemoMoneyCycle>().RunAsync();
    }

    private async Task<(int Batches, int Statements, int StatementLines, int Transactions)> SnapshotAsync()
    {
        await using var db = await database.CreateDbContextAsync();
        return (await db.PayoutBatches.CountAsync(), await db.BankStatements.CountAsync(), await db.BankStatementLines.CountAsync(), await db.LedgerTransactions.CountAsync());
    }
}
