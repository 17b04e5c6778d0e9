using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.SqlServer.TransactSql.ScriptDom;
using Sponsorship.Core.Data;
using Sponsorship.Core.Identity;
using Sponsorship.Core.Jobs;
using Sponsorship.Core.Programme;

namespace Sponsorship.Core.Tests.Jobs;

/// <summary>The one runner of every scheduled job: one run per period across instances, quietly; crashed runs taken over.</summary>
public class JobRunnerTests : IAsyncLifetime
{
    private readonly TestDatabase database = new();
    private string adminId = "";
    private string sponsorId = "";

    public async Task InitializeAsync()
    {
        await database.InitializeAsync();
        await using var db = await database.CreateDbContextAsync();
        // The test database already has the Admin role (and its own administrators).
        var admins = await db.Roles.SingleAsync(r => r.Name == Roles.Admin);
        var admin = new ApplicationUser { UserName = "admin@jobs.test", Email = "admin@jobs.test", DisplayName = "值班管理员" };
        var sponsor = new ApplicationUser { UserName = "sponsor@jobs.test", Email = "sponsor@jobs.test", DisplayName = "Sponsor" };
        db.Users.AddRange(admin, sponsor);
        db.UserRoles.Add(new IdentityUserRole<string> { UserId = admin.Id, RoleId = admins.Id });
        await db.SaveChangesAsync();
        (adminId, sponsorId) = (admin.Id, sponsor.Id);
    }

    public Task DisposeAsync() => database.DisposeAsync();

    private JobRunner Runner(JobsOptions? options = null, params IScheduledJob[] jobs) =>
        new(jobs, database.DbFactory, database.Calendar, Options.Create(options ?? new JobsOptions()), NullLogger<JobRunner>.Instance);

    private async Task<List<JobRun>> RunsAsync(string job)
    {
        await using var db = await database.CreateDbContextAsync();
        return await db.JobRuns.AsNoTracking().Where(r => r.Job == job).OrderBy(r => r.Id).ToListAsync();
    }

    [Fact]
    public async Task Eight_instances_racing_for_a_period_run_it_once_and_the_losers_log_nothing()
    {
        var job = new CountingJob("race", JobSchedule.Hourly);
        using var barrier = new Barrier(8);
        var contenders = Enumerable.Range(0, 8).Select(i => Task.Run(async () =>
        {
            var runner = Runner(null, job);
            barrier.SignalAndWait();
            return await runner.RunDueAsync($"instance-{i}", new SettledPeriods());
        }));

        var results = await Task.WhenAll(contenders);

        Assert.Equal(1, job.Runs);
        Assert.Single(results, r => r.Count == 1);
        var run = Assert.Single(await RunsAsync("race"));
        Assert.Equal(("2026-11-29T08:00:00", "ran 1", false), (run.Period, run.Outcome, run.Failed));
        Assert.NotNull(run.FinishedAt);
        Assert.Empty(database.Logs.Errors);
    }

    [Fact]
    public async Task A_run_that_never_finished_is_taken_over_once_its_lease_has_run_out_and_not_before()
    {
        var job = new CountingJob("daily", JobSchedule.Daily);
        var period = JobSchedule.Daily.PeriodOf(database.Clock.GetUtcNow(), database.Calendar)!;
        await using (var db = await database.CreateDbContextAsync())
        {
            db.JobRuns.Add(new JobRun { Job = "daily", Period = period, Holder = "crashed", StartedAt = database.Clock.GetUtcNow().AddMinutes(-50) });
            await db.SaveChangesAsync();
        }

        var runner = Runner(new JobsOptions { LeaseMinutes = 60 }, job);
        var settled = new SettledPeriods();
        Assert.Empty(await runner.RunDueAsync("survivor", settled));

        database.Clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Empty(await runner.RunDueAsync("survivor", settled));
        Assert.Equal(0, job.Runs);

        database.Clock.Advance(TimeSpan.FromMinutes(6));
        Assert.Single(await runner.RunDueAsync("survivor", settled));
        Assert.Empty(await runner.RunDueAsync("survivor", settled));

        Assert.Equal(1, job.Runs);
        var run = Assert.Single(await RunsAsync("daily"));
        Assert.Equal(("survivor", "ran 1"), (run.Holder, run.Outcome));
        Assert.Empty(database.Logs.Errors);
    }

    [Theory]
    [InlineData("2026-11-29T08:00:30Z", "every-minute", "2026-11-29T08:00:00")]
    [InlineData("2026-11-29T08:59:59Z", "hourly", "2026-11-29T08:00:00")]
    [InlineData("2026-11-29T15:59:59Z", "daily", "2026-11-29")]
    [InlineData("2026-11-29T16:00:00Z", "daily", "2026-11-30")]
    [InlineData("2026-11-30T15:59:59Z", "monthly", "2026-11")]
    [InlineData("2026-11-30T16:00:00Z", "monthly", "2026-12")]
    public void Each_schedule_names_its_period_on_the_programme_calendar(string at, string schedule, string period)
    {
        var now = DateTimeOffset.Parse(at, System.Globalization.CultureInfo.InvariantCulture);
        var calendar = ProgrammeCalendar.Beijing(TimeProvider.System);
        var chosen = schedule switch
        {
            "every-minute" => JobSchedule.Every(TimeSpan.FromMinutes(1)),
            "hourly" => JobSchedule.Hourly,
            "daily" => JobSchedule.Daily,
            _ => JobSchedule.Monthly,
        };

        Assert.Equal(period, chosen.PeriodOf(now, calendar));
        Assert.Null(JobSchedule.OnRequest.PeriodOf(now, calendar));
    }

    [Fact]
    public async Task Switched_off_jobs_do_not_run_on_schedule_but_an_administrator_can_run_one_now_and_a_sponsor_cannot()
    {
        var off = new CountingJob("off", JobSchedule.Hourly);
        var on = new CountingJob("on", JobSchedule.Hourly);
        var onRequest = new CountingJob("on-request", JobSchedule.OnRequest);
        var options = new JobsOptions { Run = new(StringComparer.OrdinalIgnoreCase) { ["off"] = false } };
        var runner = Runner(options, off, on, onRequest);

        var ran = await runner.RunDueAsync("here", new SettledPeriods());
        var allOff = await Runner(new JobsOptions { Enabled = false }, new CountingJob("any", JobSchedule.Hourly)).RunDueAsync("here", new SettledPeriods());

        Assert.Equal(["on"], ran.Select(r => r.Job));
        Assert.Empty(allOff);
        Assert.Null(await runner.RunNowAsync("off", sponsorId));
        Assert.Null(await runner.RunNowAsync("no-such-job", adminId));
        Assert.Equal(0, off.Runs);

        var now = await runner.RunNowAsync("off", adminId);
        var requested = await runner.RunNowAsync("on-request", adminId);

        Assert.Equal(("ran 1", false), (now!.Outcome, now.Failed));
        Assert.Equal((1, 1), (off.Runs, onRequest.Runs));
        Assert.Equal("ran 1", requested!.Outcome);
        var manual = Assert.Single(await RunsAsync("off"));
        Assert.Equal(adminId, manual.StartedByUserId);
        Assert.StartsWith(JobRunner.ManualPeriodPrefix, manual.Period, StringComparison.Ordinal);

        var overview = new JobOverview([off, on, onRequest], database.DbFactory, Options.Create(options), new JobRequests());
        Assert.Null(await overview.ListAsync(sponsorId));
        Assert.False(await overview.RequestRunAsync("off", sponsorId));
        var views = (await overview.ListAsync(adminId))!;
        Assert.Equal(["off", "on", "on-request"], views.Select(v => v.Name));
        Assert.Equal([false, true, false], views.Select(v => v.Scheduled));
        Assert.Equal("值班管理员", Assert.Single(views[0].LastRuns).StartedBy);
        Assert.Null(Assert.Single(views[1].LastRuns).StartedBy);
    }

    [Fact]
    public async Task A_job_that_throws_is_recorded_as_failed_and_logged_and_the_others_still_run()
    {
        var broken = new CountingJob("broken", JobSchedule.Hourly, fail: true);
        var fine = new CountingJob("fine", JobSchedule.Hourly);
        var logger = new LogRecorder();
        using var factory = new LoggerFactory([logger]);
        var runner = new JobRunner([broken, fine], database.DbFactory, database.Calendar, Options.Create(new JobsOptions()), factory.CreateLogger<JobRunner>());

        var ran = await runner.RunDueAsync("here", new SettledPeriods());

        Assert.Equal([("broken", true), ("fine", false)], ran.Select(r => (r.Job, r.Failed)));
        var failed = Assert.Single(await RunsAsync("broken"));
        Assert.Equal((true, "the pasture is snowed in"), (failed.Failed, failed.Outcome));
        Assert.NotNull(failed.FinishedAt);
        var error = Assert.Single(logger.Errors);
        Assert.Contains("broken", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(DatabaseProvider.SqlServer)]
    [InlineData(DatabaseProvider.Sqlite)]
    public void The_claim_is_an_insert_that_does_nothing_when_the_period_is_taken(DatabaseProvider provider)
    {
        // Standalone options carry Identity's store settings: a model built without them would be cached for the provider
        // and handed to every later context, and the migration tests would find it differs from the migrations.
        using var db = new SponsorshipDbContext(SponsorshipDatabase.Standalone(
            provider, provider == DatabaseProvider.Sqlite ? "Data Source=:memory:" : "Server=localhost;Database=Sponsorship;Trusted_Connection=True"));

        var sql = JobLeases.ClaimSql(db);

        if (provider == DatabaseProvider.Sqlite)
        {
            Assert.EndsWith("ON CONFLICT DO NOTHING", sql, StringComparison.Ordinal);
            return;
        }

        Assert.Contains("WHERE NOT EXISTS (SELECT 1 FROM [JobRuns] WITH (UPDLOCK, HOLDLOCK) WHERE [Job] = {0} AND [Period] = {1})", sql, StringComparison.Ordinal);
        var parameters = string.Format(System.Globalization.CultureInfo.InvariantCulture, sql, "@p0", "@p1", "@p2", "@p3", "@p4", "@p5");
        new TSql160Parser(initialQuotedIdentifiers: true).Parse(new StringReader(parameters), out var errors);
        Assert.Empty(errors.Select(e => e.Message));
    }

    /// <summary>A job that counts its runs (and can fail), to watch the runner.</summary>
    private sealed class CountingJob(string name, JobSchedule schedule, bool fail = false) : IScheduledJob
    {
        private int runs;

        public string Name => name;

        public JobSchedule Schedule => schedule;

        public int Runs => runs;

        public Task<string> RunAsync(CancellationToken cancellationToken)
        {
            var count = Interlocked.Increment(ref runs);
            return fail ? throw new InvalidOperationException("the pasture is snowed in") : Task.FromResult($"ran {count}");
        }
    }
}
