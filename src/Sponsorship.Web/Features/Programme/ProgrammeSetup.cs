using Sponsorship.Core.Data;
using Sponsorship.Core.Programme;

namespace Sponsorship.Web.Features.Programme;

public static class ProgrammeSetup
{
    public static WebApplicationBuilder AddProgramme(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<ProgrammeSummary>();
        builder.Services.AddScoped<AuditTrail>();
        return builder;
    }
}
