using Sponsorship.Core.Adoptions;
using Sponsorship.Core.Data;
using Sponsorship.Core.Payments;
using Sponsorship.Web.Features.Data;

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
        builder.Services.AddScoped<IScheduledJob, ReservationExpiry>();
        builder.Services.AddHostedService<ScheduledJobRunner>();
        return builder;
    }
}
