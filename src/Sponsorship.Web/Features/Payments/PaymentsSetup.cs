using Microsoft.Extensions.Options;
using Sponsorship.Core.Adoptions;
using Sponsorship.Core.Payments;

namespace Sponsorship.Web.Features.Payments;

public static class PaymentsSetup
{
    /// <summary>The HttpClient the sandbox uses to post its webhooks to this app, like a provider would.</summary>
    public const string SandboxWebhookClient = "sandbox-webhooks";

    public static WebApplicationBuilder AddPayments(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<PaymentOptions>(builder.Configuration.GetSection(PaymentOptions.Section));
        builder.Services.AddSingleton<IPaymentProvider, SandboxPayments>();
        builder.Services.AddSingleton<IPaymentProvider, BankTransferPayments>();
        builder.Services.AddSingleton<IPaymentProvider, StripePayments>();
        builder.Services.AddSingleton<SandboxPayments>();
        builder.Services.AddScoped<PaymentEvents>();
        builder.Services.AddHttpClient(SandboxWebhookClient);
        return builder;
    }

    public static WebApplication MapPayments(this WebApplication app)
    {
        app.MapPaymentWebhooks();
        app.MapSandboxCheckout();
        return app;
    }

    /// <summary>Is this provider offered at checkout (configuration) and known to the app?</summary>
    public static bool IsEnabled(this IOptions<PaymentOptions> options, string provider) =>
        options.Value.EnabledProviders.Contains(provider);
}
