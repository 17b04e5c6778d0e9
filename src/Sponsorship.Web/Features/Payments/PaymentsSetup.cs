using System.Text;
using Microsoft.Extensions.Options;
using Sponsorship.Core.Adoptions;
using Sponsorship.Core.Data;
using Sponsorship.Core.Payments;
using Sponsorship.Web.Features.Operations;
using Sponsorship.Web.Features.Payments.Emulators;
using Sponsorship.Web.Features.Security;
using Sponsorship.Core.Jobs;

namespace Sponsorship.Web.Features.Payments;

public static class PaymentsSetup
{
    /// <summary>The HttpClient the sandbox uses to post its webhooks to this app, like a provider would.</summary>
    public const string SandboxWebhookClient = "sandbox-webhooks";

    private static readonly string[] AlipayCashierDomains = ["alipay.com", "alipaydev.com"];

    private static readonly string[] Known =
        [WeChatPayPayments.ProviderName, AlipayPayments.ProviderName, BankTransferPayments.ProviderName, StripePayments.ProviderName, SandboxPayments.ProviderName];

    public static WebApplicationBuilder AddPayments(this WebApplicationBuilder builder)
    {
        var environment = builder.Environment;
        builder.Services.AddOptions<PaymentOptions>()
            .BindConfiguration(PaymentOptions.Section)
            .RequiredInProduction(builder.Environment, "Payments:Stripe:SecretKey", o => o.Stripe.SecretKey, when: Offers(StripePayments.ProviderName))
            .RequiredInProduction(builder.Environment, "Payments:Stripe:WebhookSecret", o => o.Stripe.WebhookSecret, when: Offers(StripePayments.ProviderName))
            .RequiredInProduction(builder.Environment, "Payments:Sandbox:WebhookSecret", o => o.Sandbox.WebhookSecret, when: Offers(SandboxPayments.ProviderName))
            .RequiredInProduction(environment, "Payments:WeChat:MerchantId", o => o.WeChat.MerchantId, when: Offers(WeChatPayPayments.ProviderName))
            .RequiredInProduction(environment, "Payments:WeChat:AppId", o => o.WeChat.AppId, when: Offers(WeChatPayPayments.ProviderName))
            .RequiredInProduction(environment, "Payments:WeChat:MerchantPrivateKey", o => o.WeChat.MerchantPrivateKey, when: Offers(WeChatPayPayments.ProviderName))
            .RequiredInProduction(environment, "Payments:WeChat:MerchantCertificateSerial", o => o.WeChat.MerchantCertificateSerial, when: Offers(WeChatPayPayments.ProviderName))
            .RequiredInProduction(environment, "Payments:WeChat:ApiV3Key", o => o.WeChat.ApiV3Key, when: Offers(WeChatPayPayments.ProviderName))
            .RequiredInProduction(environment, "Payments:WeChat:PlatformPublicKey", o => o.WeChat.PlatformPublicKey, when: Offers(WeChatPayPayments.ProviderName))
            .RequiredInProduction(environment, "Payments:WeChat:PlatformPublicKeyId", o => o.WeChat.PlatformPublicKeyId, when: Offers(WeChatPayPayments.ProviderName))
            .RequiredInProduction(environment, "Payments:Alipay:AppId", o => o.Alipay.AppId, when: Offers(AlipayPayments.ProviderName))
            .RequiredInProduction(environment, "Payments:Alipay:AppPrivateKey", o => o.Alipay.AppPrivateKey, when: Offers(AlipayPayments.ProviderName))
            .RequiredInProduction(environment, "Payments:Alipay:AlipayPublicKey", o => o.Alipay.AlipayPublicKey, when: Offers(AlipayPayments.ProviderName))
            .Validate(o => o.EnabledProviders.All(Known.Contains), "Payments:Providers may name only wechat, alipay, bank, stripe and sandbox.")
            .Validate(
                o => !Offers(WeChatPayPayments.ProviderName)(o) || o.WeChat.ApiV3Key.Length == 0 || Encoding.UTF8.GetByteCount(o.WeChat.ApiV3Key) == 32,
                "Payments:WeChat:ApiV3Key must be the 32-character APIv3 key set in the WeChat Pay merchant platform.")
            .RefuseDevelopmentOnly(builder.Environment, "Payments:Providers", o => o.EnabledProviders, DevelopmentOnlyProviders)
            .RefuseDevelopmentValue(builder.Environment, "Payments:Sandbox:WebhookSecret", o => o.Sandbox.WebhookSecret, SandboxPayments.DevelopmentSecret);

        // The sandbox (its provider, checkout page and webhook) exists only where it is offered, which is only Development:
        // elsewhere /webhooks/payments/sandbox answers 404 and stores nothing.
        if (SandboxOffered(builder))
        {
            builder.Services.AddSingleton<SandboxPayments>();
            builder.Services.AddSingleton<IPaymentProvider>(sp => sp.GetRequiredService<SandboxPayments>());
            builder.Services.AddSingleton<IRefundGateway>(sp => sp.GetRequiredService<SandboxPayments>());
            builder.Services.AddHttpClient(SandboxWebhookClient);
        }

        builder.Services.AddSingleton<IPaymentProvider, BankTransferPayments>();
        builder.Services.AddSingleton<IPaymentProvider, StripePayments>();
        builder.AddGatewayProvider<WeChatPayPayments>();
        builder.AddGatewayProvider<AlipayPayments>();
        builder.Services.AddSingleton<WeChatPayClient>();
        builder.Services.AddSingleton<AlipayClient>();
        builder.Services.AddHttpClient(WeChatPayClient.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(20));
        builder.Services.AddHttpClient(AlipayClient.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(20));
        builder.Services.AddScoped<PaymentEvents>();
        builder.Services.AddScoped<GatewayCheckout>();
        builder.Services.AddScoped<PaymentProgress>();
        builder.Services.AddScoped<RefundAdmin>();
        builder.Services.AddScoped<RefundDispatcher>();
        builder.Services.AddScoped<GatewayOrderWatch>();
        builder.Services.AddScoped<IScheduledJob>(sp => sp.GetRequiredService<GatewayOrderWatch>());
        builder.Services.AddScoped<IScheduledJob>(sp => sp.GetRequiredService<RefundDispatcher>());

        // The Alipay cashier form is posted to Alipay's gateway, which then moves on to its cashier (on alipay.com, or
        // alipaydev.com for the sandbox). The Development emulator is this app itself: 'self' covers it.
        builder.Services.AddOptions<SecurityOptions>().PostConfigure<IOptions<PaymentOptions>, IOptions<AdoptionLinkOptions>>((security, payments, links) =>
        {
            if (!payments.Value.EnabledProviders.Contains(AlipayPayments.ProviderName)
                || !Uri.TryCreate(payments.Value.Alipay.GatewayUrl, UriKind.Absolute, out var gateway)
                || (Uri.TryCreate(links.Value.PublicBaseUrl, UriKind.Absolute, out var self) && self.Authority == gateway.Authority))
            {
                return;
            }

            security.FormActionSources.Add(gateway.GetLeftPart(UriPartial.Authority));
            foreach (var domain in AlipayCashierDomains.Where(d => gateway.Host.EndsWith(d, StringComparison.OrdinalIgnoreCase)))
            {
                security.FormActionSources.Add($"https://*.{domain}");
            }
        });

        if (DevelopmentConveniences.Allowed(environment) && builder.Configuration.GetValue($"{PaymentOptions.Section}:{nameof(PaymentOptions.Emulators)}", true))
        {
            builder.AddGatewayEmulators();
        }

        return builder;
    }

    public static WebApplication MapPayments(this WebApplication app)
    {
        app.MapPaymentWebhooks();
        app.MapPaymentStatus();
        if (app.Services.GetService<SandboxPayments>() is not null)
        {
            app.MapSandboxCheckout();
        }

        if (app.Services.GetService<GatewayEmulatorKeys>() is not null)
        {
            app.MapWeChatPayEmulator();
            app.MapAlipayEmulator();
        }

        return app;
    }

    /// <summary>
    /// Development: WeChat Pay and Alipay are the emulators inside this app, with keys generated at start; the app's
    /// settings for both are replaced by the emulators' (so no real key or secret is needed, or used, on a dev machine).
    /// </summary>
    private static void AddGatewayEmulators(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<GatewayEmulatorKeys>();
        builder.Services.AddSingleton<EmulatorNotifier>();
        builder.Services.AddSingleton<WeChatPayEmulator>();
        builder.Services.AddSingleton<AlipayEmulator>();
        builder.Services.AddHttpClient(EmulatorNotifier.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(20));
        builder.Services.AddOptions<PaymentOptions>().PostConfigure<GatewayEmulatorKeys, IOptions<AdoptionLinkOptions>>(
            (options, keys, links) => keys.Configure(options, links.Value.PublicBaseUrl));
    }

    /// <summary>One provider instance behind each of the roles it plays (checkout, order queries and closes, refunds).</summary>
    private static void AddGatewayProvider<TProvider>(this WebApplicationBuilder builder)
        where TProvider : class, IPaymentProvider, IPaymentGateway, IRefundGateway
    {
        builder.Services.AddSingleton<TProvider>();
        builder.Services.AddSingleton<IPaymentProvider>(sp => sp.GetRequiredService<TProvider>());
        builder.Services.AddSingleton<IPaymentGateway>(sp => sp.GetRequiredService<TProvider>());
        builder.Services.AddSingleton<IRefundGateway>(sp => sp.GetRequiredService<TProvider>());
    }

    /// <summary>Providers that exist only for development.</summary>
    public static readonly IReadOnlyList<string> DevelopmentOnlyProviders = [SandboxPayments.ProviderName];

    private static bool SandboxOffered(WebApplicationBuilder builder) =>
        DevelopmentConveniences.Allowed(builder.Environment)
        && (builder.Configuration.GetSection(PaymentOptions.Section).Get<PaymentOptions>() ?? new PaymentOptions()).EnabledProviders.Contains(SandboxPayments.ProviderName);

    private static Func<PaymentOptions, bool> Offers(string provider) => o => o.EnabledProviders.Contains(provider);
}
