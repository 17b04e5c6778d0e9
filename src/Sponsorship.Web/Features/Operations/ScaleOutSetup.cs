using Microsoft.Azure.SignalR;

namespace Sponsorship.Web.Features.Operations;

/// <summary>
/// Several instances. Blazor circuits go through Azure SignalR Service when <c>Azure:SignalR:ConnectionString</c> is
/// set (sticky mode Required: the prerendered page and its circuit meet on the same instance); otherwise the load
/// balancer must keep each browser on one instance (sticky sessions / ARR affinity, see infra/README.md).
/// Data-protection keys are already shared through the database (IdentitySetup).
/// </summary>
public static class ScaleOutSetup
{
    public const string SignalRConnectionStringKey = "Azure:SignalR:ConnectionString";

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

        return builder;
    }
}
