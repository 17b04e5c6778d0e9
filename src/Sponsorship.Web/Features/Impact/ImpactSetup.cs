using Sponsorship.Core.Impact;

namespace Sponsorship.Web.Features.Impact;

public static class ImpactSetup
{
    public static WebApplicationBuilder AddImpact(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<ImpactReport>();
        return builder;
    }
}
