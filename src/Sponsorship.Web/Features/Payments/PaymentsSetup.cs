using Sponsorship.Core.Adoptions;
using Sponsorship.Core.Payments;
using Sponsorship.Web.Features.Operations;

namespace Sponsorship.Web.Features.Payments;

public static class PaymentsSetup
{
    /// <summary>The HttpClient the sandbox uses to post its webhooks to this app, like a provider would.</summary>
    public const string SandboxWebhookClient = "sandbox-webhooks";

    public static WebApplicationBuilder AddPayments(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<PaymentOptions>()
            .BindConfiguration(PaymentOptions.Section)
            .RequiredInProduction(builder.Environment, "Payments:Stripe:SecretKey", o => o.Stripe.SecretKey, when: Offers(StripePayments.ProviderName))
            .RequiredInProduction(builder.Environment, "Payments:Stripe:WebhookSecret", o => o.Stripe.WebhookSecret, when: Offers(StripePayments.ProviderName))
            .RequiredInProduction(builder.Environment, "Payments:Sandbox:WebhookSecret", o => o.Sandbox.WebhookSecret, when: Offers(SandboxPayments.ProviderName))
            .Validate(
                o => o.EnabledProviders.All(p => p is SandboxPayments.ProviderName or BankTransferPayments.ProviderName or StripePayments.ProviderName),
                "Payments:Providers may name only sandbox, bank and stripe.");
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

    private static Func<PaymentOptions, bool> Offers(string provider) => o => o.EnabledProviders.Contains(provider);
}
