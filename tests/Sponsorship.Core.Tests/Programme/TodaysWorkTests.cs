using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Adoptions;
using Sponsorship.Core.Flock;
using Sponsorship.Core.Jobs;
using Sponsorship.Core.Ledger;
using Sponsorship.Core.Mail;
using Sponsorship.Core.Payments;
using Sponsorship.Core.Payouts;
using Sponsorship.Core.Programme;
using Sponsorship.Testing;

namespace Sponsorship.Core.Tests.Programme;

/// <summary>
/// Each count on the administrators' home page, from a situation the test writes: the count moves by exactly what the
/// test added and ignores what its own page does not list either.
/// </summary>
public sealed class TodaysWorkTests(SeededDatabaseWithoutMoney database) : IClassFixture<SeededDatabaseWithoutMoney>
{
    private readonly TodaysWork work = new(database.DbFactory, database.Calendar);
    private readonly FlockTestData flock = new(database.DbFactory);
    private readonly MoneyTestData money = new(database.DbFactory);

    private DateTimeOffset Now => database.Clock.GetUtcNow();

    private async Task<TodaysWorkView> ViewAsync() => await work.ForAdminAsync(database.AdminId) ?? throw new InvalidOperationException("Not an admin.");

    [Fact]
    public async Task Someone_who_is_not_an_administrator_gets_nothing()
    {
        Assert.Null(await work.ForAdminAsync("not-an-admin"));
    }

    [Fact]
    public async Task The_review_queue_counts_pending_logs_and_names_the_oldest_waiting()
    {
        var before = await ViewAsync();
        var (sheepId, _) = await flock.LivingSheepAsync(await flock.HouseholdIdAsync(1));
        var oldest = Now.AddDays(-9);
        await flock.AddLogAsync(sheepId, LogKind.Weighing, oldest, ReviewStatus.Pending, kg: 40m);
        await flock.AddLogAsync(sheepId, LogKind.Weighing, Now.AddDays(-1), ReviewStatus.Pending, kg: 41m);
        await flock.AddLogAsync(sheepId, LogKind.Weighing, Now.AddDays(-20), ReviewStatus.Approved, kg: 39m);

        var after = await ViewAsync();

        Assert.Equal(before.Review.Count + 2, after.Review.Count);
        Assert.Equal(before.Review.Oldest is { } earlier && earlier < oldest ? earlier : oldest, after.Review.Oldest);
    }

    [Fact]
    public async Task Bank_transfers_to_confirm_count_single_adoptions_and_give_the_first_hold_to_end()
    {
        var before = await ViewAsync();
        var holdEnds = Now.AddHours(30);
        await AddPaymentAsync(PaymentStatus.Pending, BankTransferPayments.ProviderName, holdEnds);
        await AddPaymentAsync(PaymentStatus.Pending, "sandbox", Now.AddHours(1));
        await AddPaymentAsync(PaymentStatus.Captured, BankTransferPayments.ProviderName, null);

        var after = await ViewAsync();

        Assert.Equal(before.BankTransfers.Count + 1, after.BankTransfers.Count);
        Assert.Equal(before.BankTransfers.Oldest is { } earlier && earlier < holdEnds ? earlier : holdEnds, after.BankTransfers.Oldest);
    }

    [Fact]
    public async Task Flagged_payments_count_those_of_single_adoptions()
    {
        var before = await ViewAsync();
        await AddPaymentAsync(PaymentStatus.Flagged, "sandbox", null);
        await AddPaymentAsync(PaymentStatus.Captured, "sandbox", null);

        var after = await ViewAsync();

        Assert.Equal(before.FlaggedPayments + 1, after.FlaggedPayments);
    }

    [Fact]
    public async Task A_drafted_batch_waits_for_a_second_signature_with_its_makers_name_and_an_approved_one_does_not()
    {
        var drafted = await AddBatchAsync(PayoutBatchStatus.Draft);
        var approved = await AddBatchAsync(PayoutBatchStatus.Approved);

        var after = await ViewAsync();

        var waiting = Assert.Single(after.BatchesToApprove, b => b.Reference == drafted);
        Assert.Equal("测试管理员 Test admin", waiting.DraftedBy);
        Assert.DoesNotContain(after.BatchesToApprove, b => b.Reference == approved);
    }

    [Fact]
    public async Task Reconciliation_exceptions_count_the_open_statement_lines_and_this_months_money_names_them()
    {
        var before = await ViewAsync();
        await using (var db = await database.CreateDbContextAsync())
        {
            var statement = new BankStatement { FileName = "statement.csv", Sha256 = Guid.NewGuid().ToString("N"), Encoding = "UTF-8", ImportedAt = Now, ImportedByUserId = database.AdminId };
            statement.Lines.Add(new BankStatementLine { LineNumber = 1, ValueDate = database.Calendar.Today, Reference = "X-1", AmountFen = 12_300, State = StatementLineState.Unmatched });
            statement.Lines.Add(new BankStatementLine { LineNumber = 2, ValueDate = database.Calendar.Today, Reference = "X-2", AmountFen = 4_500, State = StatementLineState.Mismatch });
            statement.Lines.Add(new BankStatementLine { LineNumber = 3, ValueDate = database.Calendar.Today, Reference = "X-3", AmountFen = 99_900, State = StatementLineState.Unrelated });
            db.BankStatements.Add(statement);
            await db.SaveChangesAsync();
        }

        var after = await ViewAsync();

        Assert.Equal(before.ReconciliationExceptions + 2, after.ReconciliationExceptions);
        Assert.Equal(before.ThisMonth.Exceptions + 2, after.ThisMonth.Exceptions);
        Assert.Equal(before.ThisMonth.ExceptionsFen + 16_800, after.ThisMonth.ExceptionsFen);
    }

    [Fact]
    public async Task Fulfilment_due_counts_adoptions_whose_end_of_term_choice_waits()
    {
        var before = await ViewAsync();
        var paid = await money.AdoptAndPayAsync(await FreeSheepAsync(), database.AdminId, 180_000, Now.AddMonths(-12));
        await using (var db = await database.CreateDbContextAsync())
        {
            await db.Adoptions.Where(a => a.Id == paid.AdoptionId).ExecuteUpdateAsync(a => a.SetProperty(x => x.Fulfilment, FulfilmentStatus.Due));
        }

        var after = await ViewAsync();

        Assert.Equal(before.FulfilmentDue + 1, after.FulfilmentDue);
    }

    [Fact]
    public async Task Failed_mail_counts_the_messages_that_gave_up_and_not_those_still_trying()
    {
        var before = await ViewAsync();
        await using (var db = await database.CreateDbContextAsync())
        {
            foreach (var status in new[] { OutboxStatus.Failed, OutboxStatus.Pending })
            {
                db.OutboxMails.Add(new OutboxMail
                {
                    Kind = "Test", ToEmail = "someone@example.com", Culture = "zh-CN", MessageId = Guid.NewGuid().ToString("N"),
                    Status = status, CreatedAt = Now, NextAttemptAt = Now, LastError = "550 mailbox unavailable",
                });
            }

            await db.SaveChangesAsync();
        }

        var after = await ViewAsync();

        Assert.Equal(before.FailedMail + 1, after.FailedMail);
    }

    [Fact]
    public async Task An_adopted_sheep_without_reviewed_news_for_thirty_days_is_quiet_until_an_update_is_approved()
    {
        var before = await ViewAsync();
        var paid = await money.AdoptAndPayAsync(await FreeSheepAsync(), database.AdminId, 180_000, Now.AddDays(-45));
        await flock.AddLogAsync(paid.SheepId, LogKind.Weighing, Now.AddDays(-35), ReviewStatus.Approved, kg: 38m);
        await flock.AddLogAsync(paid.SheepId, LogKind.Weighing, Now.AddDays(-2), ReviewStatus.Pending, kg: 40m);

        var quiet = await ViewAsync();
        await flock.AddLogAsync(paid.SheepId, LogKind.Weighing, Now.AddDays(-3), ReviewStatus.Approved, kg: 39m);
        var heard = await ViewAsync();

        Assert.Equal(before.QuietSheep + 1, quiet.QuietSheep);
        Assert.True(quiet.QuietHouseholds >= 1);
        Assert.Equal(before.QuietSheep, heard.QuietSheep);
    }

    [Fact]
    public async Task The_ledger_result_is_the_latest_integrity_check()
    {
        await AddCheckAsync(intact: true, Now.AddHours(-2));
        Assert.True((await ViewAsync()).LedgerCheck.Intact);

        await AddCheckAsync(intact: false, Now.AddHours(-1));
        var broken = await ViewAsync();

        Assert.False(broken.LedgerCheck.Intact);
        Assert.Equal(Now.AddHours(-1), broken.LedgerCheck.At);
        Assert.False(broken.AllDone);
        await AddCheckAsync(intact: true, Now.AddMinutes(-1));
    }

    [Fact]
    public async Task A_job_whose_last_run_failed_is_listed_until_a_later_run_succeeds()
    {
        var job = "test-job-" + Guid.NewGuid().ToString("N")[..8];
        await AddRunAsync(job, "1", failed: false, Now.AddHours(-3));
        await AddRunAsync(job, "2", failed: true, Now.AddHours(-2));
        var failing = await ViewAsync();

        await AddRunAsync(job, "3", failed: false, Now.AddHours(-1));
        var recovered = await ViewAsync();

        Assert.Contains(job, failing.FailedJobs);
        Assert.DoesNotContain(job, recovered.FailedJobs);
    }

    [Fact]
    public async Task This_months_money_counts_what_was_received_and_allocated_this_month_and_last_months_what_came_before()
    {
        var before = await ViewAsync();
        var (thisMonthStart, _) = database.Calendar.MonthBounds(before.ThisMonth.Month);
        await money.AdoptAndPayAsync(await FreeSheepAsync(), database.AdminId, 180_000, thisMonthStart.AddHours(1));
        await money.AdoptAndPayAsync(await FreeSheepAsync(), database.AdminId, 90_000, thisMonthStart.AddDays(-3));

        var after = await ViewAsync();

        Assert.Equal(before.ThisMonth.ReceivedFen + 180_000, after.ThisMonth.ReceivedFen);
        Assert.Equal(before.LastMonth.ReceivedFen + 90_000, after.LastMonth.ReceivedFen);
        Assert.True(after.ThisMonth.AllocatedFen > before.ThisMonth.AllocatedFen);
        Assert.True(after.ThisMonth.AllocatedFen - before.ThisMonth.AllocatedFen <= 180_000);
    }

    private async Task<int> FreeSheepAsync()
    {
        await using var db = await database.CreateDbContextAsync();
        return await db.Sheep.Where(s => s.ArchivedAt == null && !db.Adoptions.Where(Adoption.HoldsSheep).Any(a => a.SheepId == s.Id))
            .OrderByDescending(s => s.Id).Select(s => s.Id).FirstAsync();
    }

    private async Task AddPaymentAsync(PaymentStatus status, string provider, DateTimeOffset? reservedUntil)
    {
        var sheepId = await FreeSheepAsync();
        await using var db = await database.CreateDbContextAsync();
        await SplitRules.EnsureInitialAsync(db, Now);
        var rule = await SplitRules.InForceAsync(db, Now);
        var plan = await db.AdoptionPlans.OrderBy(p => p.Id).FirstAsync();
        var key = Guid.NewGuid().ToString("N");
        var adoption = new Adoption
        {
            SheepId = sheepId, SponsorUserId = database.AdminId, BuyerUserId = database.AdminId, PlanId = plan.Id, PriceFen = plan.PriceFen,
            TermMonths = plan.TermMonths, SplitRuleId = rule.Id, Status = AdoptionStatus.PendingPayment, NameOnCertificate = "Test",
            DeathPolicy = DeathPolicy.DonateRemainder, CreatedAt = Now, ReservedUntil = reservedUntil, IdempotencyKey = key, RequestHash = key,
        };
        db.Adoptions.Add(adoption);
        await db.SaveChangesAsync();
        db.Payments.Add(new Payment
        {
            AdoptionId = adoption.Id,
            Purpose = PaymentPurpose.Adoption, Provider = provider, ProviderReference = key, AmountFen = plan.PriceFen,
            Status = status, CreatedAt = Now, IdempotencyKey = key, FlagReason = status == PaymentStatus.Flagged ? "amount differs" : null,
        });
        await db.SaveChangesAsync();
    }

    private async Task<string> AddBatchAsync(PayoutBatchStatus status)
    {
        var reference = "PB-T-" + Guid.NewGuid().ToString("N")[..10];
        await using var db = await database.CreateDbContextAsync();
        db.PayoutBatches.Add(new PayoutBatch
        {
            Reference = reference, PeriodEnd = database.Calendar.Today, Status = status, CreatedAt = Now, CreatedByUserId = database.AdminId,
            ApprovedByUserId = status == PayoutBatchStatus.Draft ? null : database.SecondAdminId,
        });
        await db.SaveChangesAsync();
        return reference;
    }

    private async Task AddCheckAsync(bool intact, DateTimeOffset at)
    {
        await using var db = await database.CreateDbContextAsync();
        db.LedgerChecks.Add(new LedgerCheck { StartedAt = at, FinishedAt = at, Intact = intact, Detail = intact ? "" : "test" });
        await db.SaveChangesAsync();
    }

    private async Task AddRunAsync(string job, string period, bool failed, DateTimeOffset at)
    {
        await using var db = await database.CreateDbContextAsync();
        db.JobRuns.Add(new JobRun { Job = job, Period = period, Holder = "test", StartedAt = at, FinishedAt = at, Failed = failed, Outcome = failed ? "boom" : "ok" });
        await db.SaveChangesAsync();
    }
}
