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
                "Payments:Providers may name only sandbox, bank and stripe.")
            .RefuseDevelopmentOnly(builder.Environment, "Payments:Providers", o => o.EnabledProviders, DevelopmentOnlyProviders)
            .RefuseDevelopmentValue(builder.Environment, "Payments:Sandbox:WebhookSecret", o => o.Sandbox.WebhookSecret, SandboxPayments.DevelopmentSecret);

        // The sandbox (its provider, checkout page and webhook) exists only where it is offered, which is only Development:
        // elsewhere /webhooks/payments/sandbox answers 404 and stores nothing.
        if (SandboxOffered(builder))
        {
            builder.Services.AddSingleton<SandboxPayments>();
            builder.Services.AddSingleton<IPaymentProvider>(s => s.GetRequiredService<SandboxPayments>());
            builder.Services.AddHttpClient(SandboxWebhookClient);
        }

        builder.Services.AddSingleton<IPaymentProvider, BankTransferPayments>();
        builder.Services.AddSingleton<IPaymentProvider, StripePayments>();
        builder.Services.AddScoped<PaymentEvents>();
        return builder;
    }

    /// <summary>Providers that exist only for development (the payments' local emulators join this list).</summary>
    public static readonly IReadOnlyList<string> DevelopmentOnlyProviders = [SandboxPayments.ProviderName];

    public static WebApplication MapPayments(this WebApplication app)
    {
        app.MapPaymentWebhooks();
        if (app.Services.GetService<SandboxPayments>() is not null)
        {
            app.MapSandboxCheckout();
        }

        return app;
    }

    private static bool SandboxOffered(WebApplicationBuilder builder) =>
        DevelopmentConveniences.Allowed(builder.Environment)
        && (builder.Configuration.GetSection(PaymentOptions.Section).Get<PaymentOptions>() ?? new PaymentOptions()).EnabledProviders.Contains(SandboxPayments.ProviderName);

    private static Func<PaymentOptions, bool> Offers(string provider) => o => o.EnabledProviders.Contains(provider);
}
