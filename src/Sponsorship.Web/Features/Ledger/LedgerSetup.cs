using Sponsorship.Core.Ledger;

namespace Sponsorship.Web.Features.Ledger;

public static class LedgerSetup
{
    /// <summary>The ledger's admin pages read through the context factory; the release job runs in the background.</summary>
    public static WebApplicationBuilder AddLedger(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<CareReleaseJob>();
        builder.Services.AddHostedService<ReleaseScheduler>();
        return builder;
    }
}

/// <summary>
/// Wakes every few minutes and runs the proof-of-care release job for the current hour; the job's lease makes sure only
/// one instance runs each hour. Off when <c>Ledger:ReleaseJob</c> is false (the test hosts turn it off).
/// </summary>
public sealed class ReleaseScheduler(IServiceScopeFactory scopes, IConfiguration configuration, TimeProvider clock, ILogger<ReleaseScheduler> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!configuration.GetValue("Ledger:ReleaseJob", true))
        {
            return;
        }

        var holder = $"{Environment.MachineName}:{Environment.ProcessId}";
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var result = await scope.ServiceProvider.GetRequiredService<CareReleaseJob>().RunAsync(holder, stoppingToken);
                if (result.Ran && result.CareReleased + result.EndReleased > 0)
                {
                    logger.LogInformation("Released {Care} care and {End} end tranches", result.CareReleased, result.EndReleased);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "The release job failed; it runs again next hour");
            }

            await Task.Delay(Interval, clock, stoppingToken);
        }
    }
}
