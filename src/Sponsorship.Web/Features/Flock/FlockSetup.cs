using Sponsorship.Core.Flock;
using Sponsorship.Web.Features.Flock.Offline;

namespace Sponsorship.Web.Features.Flock;

public static class FlockSetup
{
    public static WebApplicationBuilder AddFlock(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<SheepCatalogue>();
        builder.Services.AddScoped<SheepProfile>();
        builder.Services.AddScoped<PhotoFiles>();
        builder.Services.AddScoped<HerderFlock>();
        builder.Services.AddScoped<PastureList>();
        builder.Services.AddScoped<HerderLogbook>();

        // Administrators: the villages and households register, the sheep register, the CSV import and the review queue.
        builder.Services.AddScoped<VillageAdmin>();
        builder.Services.AddScoped<HouseholdAdmin>();
        builder.Services.AddScoped<PayoutAccounts>();
        builder.Services.AddScoped<SheepRegister>();
        builder.Services.AddScoped<SheepNaming>();
        builder.Services.AddScoped<SheepCsvImport>();
        builder.Services.AddScoped<LogReview>();
        return builder;
    }

    public static WebApplication MapFlock(this WebApplication app)
    {
        app.MapPhotos();
        app.MapHerderPhotoUpload();

        // Middleware, though registered here: it runs before every endpoint, as all middleware does.
        app.UseEntryAnswers();
        return app;
    }
}
