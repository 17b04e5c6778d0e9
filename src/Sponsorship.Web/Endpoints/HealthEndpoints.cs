using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Sponsorship.Core.Data;

namespace Sponsorship.Web.Endpoints;

/// <summary><c>/healthz</c>: 200 when the database answers and has every migration applied, 503 otherwise.</summary>
public static class HealthEndpoints
{
    public static WebApplicationBuilder AddHealth(this WebApplicationBuilder builder)
    {
        builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");

        // Uptime monitors ask with HEAD: every page answers it like GET.
        builder.Services.AddTransient<IStartupFilter, HeadRequests>();
        return builder;
    }

    public static WebApplication MapHealth(this WebApplication app)
    {
        app.MapHealthChecks("/healthz").AllowAnonymous().DisableHttpMetrics();
        return app;
    }

    internal sealed class DatabaseHealthCheck(IDbContextFactory<SponsorshipDbContext> dbFactory) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
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
