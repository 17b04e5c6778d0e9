using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Sponsorship.Core.Adoptions;
using Sponsorship.Core.Data;
using Sponsorship.Core.Identity;

namespace Sponsorship.Core.Jobs;

/// <summary>One run as the administrators' jobs page shows it.</summary>
public sealed record JobRunView(
    DateTimeOffset StartedAt, DateTimeOffset? FinishedAt, string Period, string Outcome, bool Failed, string? StartedBy);

/// <summary>A job, whether its schedule is switched on here, and its last runs (newest first).</summary>
public sealed record JobView(string Name, JobSchedule Schedule, bool Scheduled, IReadOnlyList<JobRunView> LastRuns);

/// <summary>The administrators' view of the scheduled jobs, and their "run now" (queued for the runner's host).</summary>
public sealed class JobOverview(
    IEnumerable<IScheduledJob> jobs, IDbContextFactory<SponsorshipDbContext> dbFactory, IOptions<JobsOptions> options, JobRequests requests)
{
    public const int RunsPerJob = 5;

    /// <summary>Every registered job with its last runs; null unless <paramref name="userId"/> is an administrator.</summary>
    public async Task<IReadOnlyList<JobView>?> ListAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!await Administrators.IsAdministratorAsync(db, userId, cancellationToken))
        {
            return null;
        }

        var views = new List<JobView>();
        foreach (var job in jobs.OrderBy(j => j.Name, StringComparer.Ordinal))
        {
            var runs = await db.JobRuns.AsNoTracking().Where(r => r.Job == job.Name)
                .OrderByDescending(r => r.StartedAt).ThenByDescending(r => r.Id).Take(RunsPerJob)
                .Select(r => new JobRunView(
                    r.StartedAt, r.FinishedAt, r.Period, r.Outcome, r.Failed,
                    r.StartedByUserId == null ? null : db.Users.Where(u => u.Id == r.StartedByUserId).Select(u => u.DisplayName).FirstOrDefault()))
                .ToListAsync(cancellationToken);
            views.Add(new JobView(job.Name, job.Schedule, options.Value.IsScheduled(job.Name) && job.Schedule is not OnlyOnRequest, runs));
        }

        return views;
    }

    /// <summary>Queues a run of the job now; false (and nothing queued) unless it exists and the user is an administrator.</summary>
    public async Task<bool> RequestRunAsync(string jobName, string userId, CancellationToken cancellationToken = default)
    {
        if (!jobs.Any(j => j.Name == jobName))
        {
            return false;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!await Administrators.IsAdministratorAsync(db, userId, cancellationToken))
        {
            return false;
        }

        requests.Add(new JobRequest(jobName, userId));
        return true;
    }
}
