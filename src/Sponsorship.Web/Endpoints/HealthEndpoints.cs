using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Sponsorship.Core.Data;

namespace Sponsorship.Web.Endpoints;

/// <summary>
/// <c>/healthz</c> is liveness: the process answers, nothing else is touched (a probe that restarts an instance must not
/// restart it because the database is down). <c>/healthz/ready</c> is readiness: 200 when the database answers and has
/// every migration applied, 503 otherwise; the database is asked at most once every
/// <see cref="ReadinessCheck.Interval"/> per instance, however many probes and monitors ask.
/// </summary>
public static class HealthEndpoints
{
    public const string LivePath = "/healthz";
    public const string ReadyPath = "/healthz/ready";
    private const string ReadyTag = "ready";

    public static WebApplicationBuilder AddHealth(this WebApplicationBuilder builder)
    {
<<<<<<< HEAD
        builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");

        // Uptime monitors ask with HEAD: every page answers it like GET.
        builder.Services.AddTransient<IStartupFilter, HeadRequests>();
=======
        builder.Services.AddSingleton<ReadinessCheck>();
        builder.Services.AddHealthChecks().AddCheck<ReadinessCheck>("database", tags: [ReadyTag]);
>>>>>>> perf
        return builder;
    }

    public static WebApplication MapHealth(this WebApplication app)
    {
        app.MapHealthChecks(LivePath, new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous().DisableHttpMetrics();
        app.MapHealthChecks(ReadyPath, new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag) })
            .AllowAnonymous().DisableHttpMetrics();
        return app;
    }

    /// <summary>
    /// The database check behind readiness, its result kept for <see cref="Interval"/>: probes from a load balancer, the
    /// container runtime and monitors add up, and each would otherwise open a connection and read the migrations table.
    /// Concurrent probes after the interval share one check.
    /// </summary>
    internal sealed class ReadinessCheck(IServiceScopeFactory scopes, TimeProvider clock) : IHealthCheck, IDisposable
    {
        public static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

        private readonly SemaphoreSlim gate = new(1, 1);
        private (HealthCheckResult Result, DateTimeOffset At)? last;

        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            if (Fresh() is { } cached)
            {
                return cached;
            }

            await gate.WaitAsync(cancellationToken);
            try
            {
                if (Fresh() is { } checkedMeanwhile)
                {
                    return checkedMeanwhile;
                }

                var result = await CheckDatabaseAsync(cancellationToken);
                last = (result, clock.GetUtcNow());
                return result;
            }
            finally
            {
                gate.Release();
            }
        }

        public void Dispose() => gate.Dispose();

        private HealthCheckResult? Fresh() =>
            last is { } known && clock.GetUtcNow() - known.At < Interval ? known.Result : null;

        private async Task<HealthCheckResult> CheckDatabaseAsync(CancellationToken cancellationToken)
        {
            try
            {
                // The context factory is scoped (each context gets its request's audit interceptor): a scope of its own here.
                await using var scope = scopes.CreateAsyncScope();
                await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<SponsorshipDbContext>>()
                    .CreateDbContextAsync(cancellationToken);
                if (!await db.Database.CanConnectAsync(cancellationToken))
                {
                    return HealthCheckResult.Unhealthy("The database cannot be reached.");
                }

                var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
                return pending.Count == 0
                    ? HealthCheckResult.Healthy()
                    : HealthCheckResult.Unhealthy($"{pending.Count} migration(s) not applied: {string.Join(", ", pending)}");
            }
            catch (Exception e) when (e is InvalidOperationException or System.Data.Common.DbException)
            {
                return HealthCheckResult.Unhealthy("The database cannot be reached.", e);
            }
        }
    }
}
