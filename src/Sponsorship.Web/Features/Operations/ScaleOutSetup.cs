using Microsoft.Azure.SignalR;

namespace Sponsorship.Web.Features.Operations;

/// <summary>
/// Several instances. Blazor circuits go through Azure SignalR Service when <c>Azure:SignalR:ConnectionString</c> is
/// set (sticky mode Required: the prerendered page and its circuit meet on the same instance); otherwise the load
/// balancer must keep each browser on one instance (sticky sessions / ARR affinity, see infra/README.md).
/// Data-protection keys are already shared through the database (IdentitySetup). With <c>Cache:Redis</c> set, the output
/// cache keeps its entries and tags in Redis, so every instance serves and evicts the same entries; without it each
/// instance keeps its own in-memory cache (the single-instance default).
/// </summary>
public static class ScaleOutSetup
{
    public const string SignalRConnectionStringKey = "Azure:SignalR:ConnectionString";
    public const string RedisConnectionStringKey = "Cache:Redis";

    public static WebApplicationBuilder AddScaleOut(this WebApplicationBuilder builder)
    {
        var connectionString = builder.Configuration[SignalRConnectionStringKey];
        if (!string.IsNullOrWhiteSpace(connectionString))
        {
            builder.Services.AddSignalR().AddAzureSignalR(options =>
            {
                options.ConnectionString = connectionString;
                options.ServerStickyMode = ServerStickyMode.Required;
            });
        }

        builder.Services.AddOutputCache();
        var redis = builder.Configuration[RedisConnectionStringKey];
        if (!string.IsNullOrWhiteSpace(redis))
        {
            builder.Services.AddStackExchangeRedisOutputCache(options =>
            {
                options.Configuration = redis;
                options.InstanceName = "sponsorship:";
            });
        }

        return builder;
    }
}
