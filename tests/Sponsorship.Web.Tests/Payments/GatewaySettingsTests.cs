using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Sponsorship.Core.Payments;
using Sponsorship.Web.Tests.Operations;

namespace Sponsorship.Web.Tests.Payments;

/// <summary>Production offers WeChat Pay and Alipay only with their secrets, and never the Development emulators.</summary>
public sealed class GatewaySettingsTests
{
    private const string PublicBaseUrl = "https://sheep.example.org";

    [Fact]
    public void Production_offering_WeChat_Pay_without_its_settings_refuses_to_start_naming_each_one()
    {
        var message = ConfiguredApp.StartupFailure(new() { ["App:PublicBaseUrl"] = PublicBaseUrl, ["Payments:Providers:0"] = "wechat" }, "Production");

        foreach (var setting in new[]
        {
            "Payments:WeChat:MerchantId", "Payments:WeChat:AppId", "Payments:WeChat:MerchantPrivateKey", "Payments:WeChat:MerchantCertificateSerial",
            "Payments:WeChat:ApiV3Key", "Payments:WeChat:PlatformPublicKey", "Payments:WeChat:PlatformPublicKeyId",
        })
        {
            Assert.Contains($"Missing production setting {setting} ", message, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("Payments:Alipay", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Production_offering_Alipay_without_its_settings_refuses_to_start_naming_each_one()
    {
        var message = ConfiguredApp.StartupFailure(new() { ["App:PublicBaseUrl"] = PublicBaseUrl, ["Payments:Providers:0"] = "alipay" }, "Production");

        Assert.Contains("Missing production setting Payments:Alipay:AppId ", message, StringComparison.Ordinal);
        Assert.Contains("Missing production setting Payments:Alipay:AppPrivateKey ", message, StringComparison.Ordinal);
        Assert.Contains("Missing production setting Payments:Alipay:AlipayPublicKey ", message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_APIv3_key_that_is_not_32_characters_is_refused()
    {
        var message = ConfiguredApp.StartupFailure(new()
        {
            ["App:PublicBaseUrl"] = PublicBaseUrl, ["Payments:Providers:0"] = "wechat", ["Payments:WeChat:ApiV3Key"] = "too-short",
        }, "Production");

        Assert.Contains("Payments:WeChat:ApiV3Key must be the 32-character APIv3 key", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Production_with_both_providers_configured_starts_without_the_emulators_and_lets_the_cashier_form_reach_Alipay()
    {
        using var app = new ConfiguredApp(ConfiguredApp.ProductionSettings(new()
        {
            ["App:PublicBaseUrl"] = PublicBaseUrl,
            ["Payments:Providers:0"] = "wechat",
            ["Payments:Providers:1"] = "alipay",
            ["Payments:WeChat:MerchantId"] = "1230000109",
            ["Payments:WeChat:AppId"] = "wxd678efh567hg6787",
            ["Payments:WeChat:MerchantPrivateKey"] = "/run/secrets/apiclient_key.pem",
            ["Payments:WeChat:MerchantCertificateSerial"] = "5157F09EFDC096DE15EBE81A47057A7232F1B8E1",
            ["Payments:WeChat:ApiV3Key"] = "0123456789abcdefghijklmnopqrstuv",
            ["Payments:WeChat:PlatformPublicKey"] = "/run/secrets/wechatpay_public_key.pem",
            ["Payments:WeChat:PlatformPublicKeyId"] = "PUB_KEY_ID_0114232134912410000000000000",
            ["Payments:Alipay:AppId"] = "2021000000000001",
            ["Payments:Alipay:AppPrivateKey"] = "/run/secrets/alipay_app_private_key.txt",
            ["Payments:Alipay:AlipayPublicKey"] = "/run/secrets/alipay_public_key.txt",
        }), "Production");
        var client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { BaseAddress = new Uri(PublicBaseUrl) });

        var health = await client.GetAsync("/healthz");
        var wechat = await client.GetAsync("/dev/wechatpay/v3/pay/transactions/out-trade-no/TB0000000000?mchid=1230000109");
        var alipay = await client.GetAsync("/dev/alipay/gateway.do?method=alipay.trade.query");

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, wechat.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, alipay.StatusCode);
        Assert.Null(app.Services.GetService<GatewayEmulatorKeys>());
        Assert.Contains("form-action 'self' https://openapi.alipay.com https://*.alipay.com",
            Security.SecurityHeaderTests.Header(health, "Content-Security-Policy"), StringComparison.Ordinal);
    }
}
