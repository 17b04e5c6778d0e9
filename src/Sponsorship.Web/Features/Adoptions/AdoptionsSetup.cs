using Sponsorship.Core.Adoptions;
using Sponsorship.Core.Payments;
using Sponsorship.Web.Features.Adoptions.Admin;
using Sponsorship.Web.Features.Jobs;

namespace Sponsorship.Web.Features.Adoptions;

public static class AdoptionsSetup
{
    public static WebApplicationBuilder AddAdoptions(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<Checkout>();
        builder.Services.AddScoped<CheckoutChoices>();
        builder.Services.AddScoped<PaymentSummaries>();
        builder.Services.AddScoped<MyAdoptions>();

        // Scheduled work, run by whichever instance claims each period first.
        builder.Services.AddScheduledJob<ReservationExpiry>();

        // The adoption lifecycle: gifts, renewal, end of term, deaths and replacements, plans and payments for admins.
        builder.Services.Configure<AdoptionLinkOptions>(o => o.PublicBaseUrl = builder.Configuration["App:PublicBaseUrl"] ?? "");
        builder.Services.AddScoped<GiftClaims>();
        builder.Services.AddScoped<Renewals>();
        builder.Services.AddScoped<Replacements>();
        builder.Services.AddScoped<Fulfilments>();
        builder.Services.AddScoped<AdoptionRegister>();
        builder.Services.AddScoped<AdoptionPlanAdmin>();
        builder.Services.AddScoped<PaymentAdmin>();
        builder.Services.AddScheduledJob<GiftReveals>();
        builder.Services.AddScheduledJob<RenewalReminders>();
        builder.Services.AddScheduledJob<TermEnds>();
        builder.Services.AddScheduledJob<ReplacementDeadlines>();
        return builder;
    }

    /// <summary>The lifecycle's endpoints (the renew button's form post) and the admins' spreadsheet of payments.</summary>
    public static WebApplication MapAdoptionLifecycle(this WebApplication app)
    {
        app.MapRenewal();
        app.MapPaymentsSheet();
        return app;
    }
}
