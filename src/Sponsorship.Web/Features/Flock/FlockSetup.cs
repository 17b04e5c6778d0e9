using Sponsorship.Core.Flock;

namespace Sponsorship.Web.Features.Flock;

public static class FlockSetup
{
    public static WebApplicationBuilder AddFlock(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<SheepCatalogue>();
        builder.Services.AddScoped<SheepProfile>();
        builder.Services.AddScoped<PhotoFiles>();
        builder.Services.AddScoped<HerderFlock>();
        return builder;
    }

    public static WebApplication MapFlock(this WebApplication app)
    {
        app.MapPhotos();
        return app;
    }
}
