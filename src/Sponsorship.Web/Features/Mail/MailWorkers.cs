using Microsoft.Extensions.Options;
using Sponsorship.Core.Mail;

namespace Sponsorship.Web.Features.Mail;

/// <summary>Starts the Development SMTP catcher before anything sends, and stops it with the app.</summary>
public sealed class MailCatcherHost(MailCatcher catcher, ILogger<MailCatcherHost> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await catcher.StartAsync(cancellationToken);
        logger.LogInformation("Mail catcher listening on 127.0.0.1:{Port}; caught mail is on /admin/mail", catcher.Port);
    }

    public Task StopAsync(CancellationToken cancellationToken) => catcher.StopAsync();
}

/// <summary>
/// Sends the outbox: a round whenever woken by <see cref="OutboxSignal"/> or every Mail:PollSeconds, at once again
/// while rounds come back full. Each round runs in its own scope (the context factory is scoped).
/// </summary>
public sealed class OutboxWorker(IServiceScopeFactory scopes, OutboxSignal signal, IOptions<MailOptions> options, TimeProvider clock, ILogger<OutboxWorker> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.Enabled)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            var full = false;
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var round = await scope.ServiceProvider.GetRequiredService<OutboxDispatcher>().DispatchOnceAsync(stoppingToken);
                full = round.Claimed >= settings.BatchSize;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogError(e, "The outbox round failed; trying again at the next poll");
            }

            if (!full)
            {
                try
                {
                    await signal.WaitAsync(TimeSpan.FromSeconds(settings.PollSeconds), clock, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }
}
