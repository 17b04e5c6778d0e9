using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sponsorship.Core.Adoptions;
using Sponsorship.Core.Data;
using Sponsorship.Core.Identity;
using Sponsorship.Core.Programme;

namespace Sponsorship.Core.Jobs;

/// <summary>How a claimed run ended.</summary>
public sealed record JobRunResult(string Job, string Period, string Outcome, bool Failed);

/// <summary>
/// Runs the registered <see cref="IScheduledJob"/>s: each period of each switched-on job once in total across instances
/// (the claim of <see cref="JobLeases"/>), a crashed run's period again after <see cref="JobsOptions.LeaseMinutes"/>, and
/// an administrator's "run now" as a run of its own. A job that throws is recorded as failed and logged; the others run.
/// </summary>
public sealed class JobRunner(
    IEnumerable<IScheduledJob> jobs, IDbContextFactory<SponsorshipDbContext> dbFactory, ProgrammeCalendar calendar,
    IOptions<JobsOptions> options, ILogger<JobRunner> logger)
{
    public const string ManualPeriodPrefix = "manual:";
    private readonly IReadOnlyList<IScheduledJob> all = [.. jobs.OrderBy(j => j.Name, StringComparer.Ordinal)];

    public IReadOnlyList<IScheduledJob> Jobs => all;

    /// <summary>A name for this instance in the job-run records.</summary>
    public static string NewHolder() => $"{Environment.ProcessId}-{Guid.NewGuid():N}";

    /// <summary>
    /// Runs every job that is switched on and whose current period is not claimed yet (or was claimed by a run that
    /// crashed). <paramref name="settled"/> remembers, per job, a period this instance need not look at again.
    /// </summary>
    public async Task<IReadOnlyList<JobRunResult>> RunDueAsync(string holder, SettledPeriods settled, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settled);
        var results = new List<JobRunResult>();
        foreach (var job in all.Where(j => options.Value.IsScheduled(j.Name)))
        {
            var now = calendar.Now;
            if (job.Schedule.PeriodOf(now, calendar) is not { } period || settled.IsSettled(job.Name, period, now))
            {
                continue;
            }

            var (claimed, lookAgainAt) = await ClaimAsync(job.Name, period, holder, userId: null, cancellationToken);
            settled.Settle(job.Name, period, lookAgainAt);
            if (claimed)
            {
                results.Add(await RunClaimedAsync(job, period, holder, cancellationToken));
            }
        }

        return results;
    }

    /// <summary>
    /// An administrator's "run now": a run of its own whatever the switches say, recorded with who asked. Null when the
    /// user is not an administrator or there is no such job.
    /// </summary>
    public async Task<JobRunResult?> RunNowAsync(string jobName, string userId, CancellationToken cancellationToken = default)
    {
        var job = await ManualJobAsync(jobName, userId, cancellationToken);
        if (job is null)
        {
            return null;
        }

        var period = ManualPeriodPrefix + calendar.Now.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fff", CultureInfo.InvariantCulture);
        var holder = NewHolder();
        return (await ClaimAsync(job.Name, period, holder, userId, cancellationToken)).Claimed
            ? await RunClaimedAsync(job, period, holder, cancellationToken)
            : new JobRunResult(job.Name, period, "already running", Failed: false);
    }

    /// <summary>The job an administrator may run now; null when <paramref name="userId"/> is not an administrator or it does not exist.</summary>
    public async Task<IScheduledJob?> ManualJobAsync(string jobName, string userId, CancellationToken cancellationToken = default)
    {
        var job = all.FirstOrDefault(j => j.Name == jobName);
        if (job is null)
        {
            return null;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await Administrators.IsAdministratorAsync(db, userId, cancellationToken) ? job : null;
    }

    /// <summary>
    /// Claims the period, or takes over a crashed run of it. When another instance holds it: when to look again (once
    /// its lease could have run out; never once it has finished).
    /// </summary>
    private async Task<(bool Claimed, DateTimeOffset LookAgainAt)> ClaimAsync(
        string job, string period, string holder, string? userId, CancellationToken cancellationToken)
    {
        var now = calendar.Now;
        var lease = TimeSpan.FromMinutes(options.Value.LeaseMinutes);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var run = new JobRun { Job = job, Period = period, Holder = holder, StartedAt = now };
        if (await JobLeases.TryClaimAsync(db, run, cancellationToken))
        {
            if (userId is not null)
            {
                await db.JobRuns.Where(r => r.Job == job && r.Period == period)
                    .ExecuteUpdateAsync(set => set.SetProperty(r => r.StartedByUserId, userId), cancellationToken);
            }

            return (true, DateTimeOffset.MaxValue);
        }

        if (await JobLeases.TryTakeOverAsync(db, job, period, holder, now, now - lease, cancellationToken))
        {
            logger.LogWarning("Scheduled job {Job} took over period {Period}: its run never finished", job, period);
            return (true, DateTimeOffset.MaxValue);
        }

        var other = await db.JobRuns.AsNoTracking().Where(r => r.Job == job && r.Period == period)
            .Select(r => new { r.StartedAt, r.FinishedAt }).FirstOrDefaultAsync(cancellationToken);
        return (false, other is null || other.FinishedAt is not null ? DateTimeOffset.MaxValue : other.StartedAt + lease);
    }

    private async Task<JobRunResult> RunClaimedAsync(IScheduledJob job, string period, string holder, CancellationToken cancellationToken)
    {
        string outcome;
        var failed = false;
        try
        {
            outcome = await job.RunAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogError(e, "Scheduled job {Job} failed in period {Period}", job.Name, period);
            outcome = e.Message;
            failed = true;
        }

        await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
        await JobLeases.FinishAsync(db, job.Name, period, holder, calendar.Now, outcome, failed, CancellationToken.None);
        return new JobRunResult(job.Name, period, outcome, failed);
    }
}

/// <summary>
/// What one runner instance knows about periods it need not claim again: ones it ran, and ones another instance holds
/// (looked at again once that lease could have gone stale). Kept in memory by the runner's host.
/// </summary>
public sealed class SettledPeriods
{
    private readonly Dictionary<string, (string Period, DateTimeOffset LookAgainAt)> byJob = new(StringComparer.Ordinal);
    private readonly Lock gate = new();

    public bool IsSettled(string job, string period, DateTimeOffset now)
    {
        lock (gate)
        {
            return byJob.TryGetValue(job, out var known) && known.Period == period && now < known.LookAgainAt;
        }
    }

    public void Settle(string job, string period, DateTimeOffset lookAgainAt)
    {
        lock (gate)
        {
            byJob[job] = (period, lookAgainAt);
        }
    }
}
