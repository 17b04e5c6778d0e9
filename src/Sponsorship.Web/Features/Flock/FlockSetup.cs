using Sponsorship.Core.Flock;

namespace Sponsorship.Web.Features.Flock;

public static class FlockSetup
{
    public static WebApplicationBuilder AddFlock(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<SheepCatalogue>();
        builder.Services.AddScoped<HerderFlock>();
        builder.Services.AddScoped<HerderLogbook>();
        return builder;
    }

    public static WebApplication MapFlock(this WebApplication app)
    {
        app.MapHerderPhotoUpload();
        return app;
    }
}
