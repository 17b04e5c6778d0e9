using Microsoft.Extensions.Options;
using Sponsorship.Core.Jobs;
using Sponsorship.Core.Mail;

namespace Sponsorship.Web.Features.Jobs;

/// <summary>
/// Hosts the <see cref="JobRunner"/>: every <c>Jobs:TickSeconds</c> it runs the jobs whose period has come (when
/// <c>Jobs:Enabled</c>), and it runs administrators' "run now" requests as they arrive. Each round has its own scope (the
/// context factory is scoped); jobs often queue mail, so the outbox is woken after a round that ran something.
/// </summary>
public sealed class JobsWorker(
    IServiceScopeFactory scopes, IOptions<JobsOptions> options, JobRequests requests, OutboxSignal outbox, TimeProvider clock,
    ILogger<JobsWorker> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(RunScheduleAsync(stoppingToken), RunRequestsAsync(stoppingToken));

    private async Task RunScheduleAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }

        var holder = JobRunner.NewHolder();
        var settled = new SettledPeriods();
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(Math.Max(1, options.Value.TickSeconds)), clock);
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var ran = await scope.ServiceProvider.GetRequiredService<JobRunner>().RunDueAsync(holder, settled, stoppingToken);
                if (ran.Count > 0)
                {
                    outbox.Notify();
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "The job runner could not look for due jobs; it tries again at the next tick");
            }
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    private async Task RunRequestsAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var request in requests.Reader.ReadAllAsync(stoppingToken))
            {
                try
                {
                    await using var scope = scopes.CreateAsyncScope();
                    await scope.ServiceProvider.GetRequiredService<JobRunner>().RunNowAsync(request.Job, request.UserId, stoppingToken);
                    outbox.Notify();
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogError(e, "Job {Job} could not be run on request", request.Job);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The app is stopping.
        }
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
