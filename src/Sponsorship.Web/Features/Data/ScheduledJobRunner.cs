using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Data;

namespace Sponsorship.Web.Features.Data;

/// <summary>
/// Wakes every few seconds and runs each registered <see cref="IScheduledJob"/> whose current period no instance has
/// claimed yet; with several instances, each period of each job runs once in total.
/// </summary>
public sealed class ScheduledJobRunner(
    IServiceScopeFactory scopes, TimeProvider clock,
    IConfiguration configuration, ILogger<ScheduledJobRunner> logger) : BackgroundService
{
    private readonly string holder = $"{Environment.ProcessId}-{Guid.NewGuid():N}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var tick = TimeSpan.FromSeconds(configuration.GetValue("Jobs:TickSeconds", 15));
        if (!configuration.GetValue("Jobs:Enabled", true))
        {
            return;
        }

        using var timer = new PeriodicTimer(tick, clock);
        do
        {
            // The context factory is scoped (its audit interceptor asks who is acting: in a job, nobody).
            await using var scope = scopes.CreateAsyncScope();
            var dbFactory = scope.ServiceProvider.GetRequiredService<IDbContextFactory<SponsorshipDbContext>>();
            foreach (var job in scope.ServiceProvider.GetServices<IScheduledJob>())
            {
                try
                {
                    await ScheduledJobs.RunOnceForPeriodAsync(dbFactory, job, holder, clock, stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogWarning(e, "Scheduled job {Job} could not start", job.Name);
                }
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
