using Sponsorship.Core.Programme;

namespace Sponsorship.Web.Features.Programme;

public static class ProgrammeSetup
{
    public static WebApplicationBuilder AddProgramme(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<ProgrammeSummary>();
        return builder;
    }
}
