using Microsoft.EntityFrameworkCore;

namespace Sponsorship.Core.Data;

/// <summary>Work done every so often by whichever app instance claims the period first.</summary>
public interface IScheduledJob
{
    string Name { get; }

    TimeSpan Every { get; }

    /// <returns>What it did, in a few words, for the job-run record.</returns>
    Task<string> RunAsync(CancellationToken cancellationToken);
}

/// <summary>Claims one period of a job for one instance through the unique (job, period) index of <see cref="JobRun"/>.</summary>
public static class ScheduledJobs
{
    public static string PeriodOf(DateTimeOffset now, TimeSpan every) =>
        new DateTimeOffset(now.UtcTicks - (now.UtcTicks % every.Ticks), TimeSpan.Zero).ToString("yyyy-MM-ddTHH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Runs the job unless another instance has already claimed this period; returns whether it ran here.</summary>
    public static async Task<bool> RunOnceForPeriodAsync(
        IDbContextFactory<SponsorshipDbContext> dbFactory, IScheduledJob job, string holder, TimeProvider clock,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        var now = clock.GetUtcNow();
        var run = new JobRun { Job = job.Name, Period = PeriodOf(now, job.Every), Holder = holder, StartedAt = now };
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            db.JobRuns.Add(run);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException e) when (!Contention.IsContention(e))
            {
                return false;
            }
        }

        string outcome;
        try
        {
            outcome = await job.RunAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            outcome = "failed: " + e.Message;
        }

        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            await db.JobRuns.Where(r => r.Id == run.Id).ExecuteUpdateAsync(
                set => set.SetProperty(r => r.FinishedAt, clock.GetUtcNow()).SetProperty(r => r.Outcome, outcome.Length > 500 ? outcome[..500] : outcome),
                CancellationToken.None);
        }

        return true;
    }
}
