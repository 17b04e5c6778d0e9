using Microsoft.Extensions.Options;
using Sponsorship.Core.Organisations;

namespace Sponsorship.Web.Features.Organisations;

/// <summary>
/// Makes the certificate bundles organisations ask for: one at a time, at once when woken by
/// <see cref="CertificateBundleSignal"/>, else every few seconds. Each round runs in its own scope (the context
/// factory is scoped); with several instances, the lease on each bundle lets one of them make it.
/// </summary>
public sealed class CertificateBundleWorker(
    IServiceScopeFactory scopes, CertificateBundleSignal signal, IOptions<AppOptions> app, IConfiguration configuration,
    TimeProvider clock, ILogger<CertificateBundleWorker> logger) : BackgroundService
{
    private readonly string holder = $"{Environment.ProcessId}-{Guid.NewGuid():N}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!configuration.GetValue("Jobs:Enabled", true))
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            int? made = null;
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                made = await scope.ServiceProvider.GetRequiredService<CertificateBundles>().ProcessNextAsync(holder, app.Value.PublicBaseUrl, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogError(e, "A certificate bundle round failed; trying again at the next poll");
            }

            if (made is null)
            {
                try
                {
                    await signal.WaitAsync(TimeSpan.FromSeconds(5), clock, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }
}
