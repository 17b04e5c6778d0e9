using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Sponsorship.Core.Adoptions;
using Sponsorship.Core.Data;
using Sponsorship.Core.Demo;
using Sponsorship.Core.Flock;
using Sponsorship.Core.Payments;
using Sponsorship.Testing;

namespace Sponsorship.E2E.Payments;

/// <summary>
/// A sponsor pays with WeChat Pay or Alipay, on a computer and on a phone, through the Development emulators: the
/// same signed calls, signed (and for WeChat Pay encrypted) notifications and webhook path as the real gateways.
/// </summary>
[Collection(BrowserJourneys.Name)]
public sealed partial class GatewayJourneys(BrowserApp app)
{
    static GatewayJourneys() => Assertions.SetDefaultExpectTimeout(20_000);

    /// <summary>
    /// The way back crosses the gateway's own polling, its signed notification and our return page's polling; on a
    /// saturated machine that takes longer than a page's usual wait.
    /// </summary>
    private static readonly PageWaitForURLOptions BackFromTheGateway = new() { Timeout = 60_000 };

    [Fact]
    public async Task On_a_computer_a_sponsor_scans_the_WeChat_Pay_QR_code_pays_on_the_phone_and_the_page_moves_on_to_the_adoption()
    {
        var (earTag, name) = await FreeSheepAsync(offset: 0);
        var desktop = await app.NewPageAsync();
        await Journeys.SignInAsync(desktop, DemoAccounts.Sponsor.Email);
        await CheckOutAsync(desktop, earTag);

        // WeChat Pay, Alipay, bank transfer, and the sandbox last, as a test.
        await Assertions.Expect(desktop.Locator("[data-testid=provider-choice]")).ToHaveCountAsync(4);
        Assert.Equal(
            ["wechat", "alipay", "bank", "sandbox"],
            await desktop.Locator("[data-testid=provider-choice]").EvaluateAllAsync<string[]>("els => els.map(e => e.dataset.provider)"));
        await Assertions.Expect(desktop.Locator("[data-testid=provider-choice][data-provider=sandbox]")).ToContainTextAsync("测试");
        await Assertions.Expect(desktop.Locator("[data-testid=provider-choice][data-provider=wechat]")).ToHaveClassAsync(new Regex("chosen"));
        await BrowserApp.ScreenshotAsync(desktop, "gateway-checkout-providers-zh");

        await desktop.ClickAsync("[data-testid=checkout-pay]");
        await desktop.WaitForURLAsync(url => url.Contains("/pay/wechat/", StringComparison.Ordinal));
        await Assertions.Expect(desktop.Locator("[data-testid=payment-amount]")).ToHaveTextAsync("¥1,800.00");
        await Assertions.Expect(desktop.Locator("[data-testid=payment-sheep]")).ToContainTextAsync(name);
        await Assertions.Expect(desktop.Locator("[data-testid=payment-countdown]")).ToHaveTextAsync(new Regex(@"^1[0-5]:\d\d$"));
        await BrowserApp.ScreenshotAsync(desktop, "wechat-native-qr-zh");

        // The phone scans what the page shows: the QR code's pixels, decoded.
        var scanned = await ScanAsync(desktop.Locator("[data-testid=wechat-qr]"));
        Assert.StartsWith($"{app.BaseUrl}/dev/wechatpay/scan/", scanned, StringComparison.Ordinal);
        var phone = await desktop.Context.NewPageAsync();
        await phone.SetViewportSizeAsync(360, 780);
        await phone.GotoAsync(scanned);
        await Assertions.Expect(phone.Locator("[data-testid=emulator-amount]")).ToHaveTextAsync("¥1,800.00");
        await BrowserApp.ScreenshotAsync(phone, "wechat-emulator-scanned-360");
        await phone.ClickAsync("[data-testid=emulator-pay]");
        await Assertions.Expect(phone.Locator("[data-testid=emulator-paid]")).ToBeVisibleAsync();
        await BrowserApp.ScreenshotAsync(phone, "wechat-emulator-paid-360");

        // The computer's page notices by itself and moves on.
        await desktop.WaitForURLAsync(url => url.Contains("/my/adoptions/", StringComparison.Ordinal), BackFromTheGateway);
        await SeeAdoptionAndCertificateAsync(desktop, name, "wechat-desktop");
        await AssertPaidThroughNotificationAsync(earTag, WeChatPayPayments.ProviderName, WeChatPayPayments.NativeChannel, "TRANSACTION.SUCCESS");
    }

    [Fact]
    public async Task On_a_phone_a_sponsor_pays_with_WeChat_Pay_on_its_H5_page_and_comes_back_to_the_adoption()
    {
        var (earTag, name) = await FreeSheepAsync(offset: 1);
        var phone = await app.NewPageAsync(width: 360, height: 780, phone: true);
        await Journeys.SignInAsync(phone, DemoAccounts.SecondSponsor.Email);
        await CheckOutAsync(phone, earTag);
        await BrowserApp.ScreenshotAsync(phone, "gateway-checkout-providers-zh-360");

        await Journeys.ChooseProviderAsync(phone, "wechat");
        await phone.ClickAsync("[data-testid=checkout-pay]");
        await phone.WaitForURLAsync(url => url.Contains("/dev/wechatpay/h5?prepay_id=", StringComparison.Ordinal) && url.Contains("redirect_url=", StringComparison.Ordinal));
        await Assertions.Expect(phone.Locator("[data-testid=emulator-amount]")).ToHaveTextAsync("¥1,800.00");
        await BrowserApp.ScreenshotAsync(phone, "wechat-emulator-h5-360");
        await phone.ClickAsync("[data-testid=emulator-pay]");

        await phone.WaitForURLAsync(url => url.Contains("/my/adoptions/", StringComparison.Ordinal), BackFromTheGateway);
        await SeeAdoptionAndCertificateAsync(phone, name, "wechat-phone-360");
        await AssertPaidThroughNotificationAsync(earTag, WeChatPayPayments.ProviderName, WeChatPayPayments.H5Channel, "TRANSACTION.SUCCESS");
    }

    [Fact]
    public async Task On_a_computer_a_sponsor_pays_with_Alipay_by_scanning_the_cashiers_QR_code_and_comes_back_to_the_adoption()
    {
        var (earTag, name) = await FreeSheepAsync(offset: 2);
        var desktop = await app.NewPageAsync();
        await Journeys.SignInAsync(desktop, DemoAccounts.Sponsor.Email);
        await CheckOutAsync(desktop, earTag);
        await Journeys.ChooseProviderAsync(desktop, "alipay");
        await desktop.ClickAsync("[data-testid=checkout-pay]");

        // Our page posts the signed page.pay form to the gateway, which opens its cashier with a QR code.
        await desktop.WaitForURLAsync(url => url.Contains("/dev/alipay/cashier/", StringComparison.Ordinal));
        await Assertions.Expect(desktop.Locator("[data-testid=emulator-amount]")).ToHaveTextAsync("¥1,800.00");
        await BrowserApp.ScreenshotAsync(desktop, "alipay-cashier-qr-zh");

        var scanned = await ScanAsync(desktop.Locator("[data-testid=alipay-qr]"));
        Assert.StartsWith($"{app.BaseUrl}/dev/alipay/cashier/", scanned, StringComparison.Ordinal);
        var phone = await desktop.Context.NewPageAsync();
        await phone.SetViewportSizeAsync(360, 780);
        await phone.GotoAsync(scanned);
        await BrowserApp.ScreenshotAsync(phone, "alipay-emulator-scanned-360");
        await phone.ClickAsync("[data-testid=emulator-pay]");
        await Assertions.Expect(phone.Locator("[data-testid=emulator-paid]")).ToBeVisibleAsync();

        // The desk cashier follows the trade, returns to our page, which sees the capture and moves on.
        await desktop.WaitForURLAsync(url => url.Contains("/my/adoptions/", StringComparison.Ordinal), BackFromTheGateway);
        await SeeAdoptionAndCertificateAsync(desktop, name, "alipay-desktop");
        await AssertPaidThroughNotificationAsync(earTag, AlipayPayments.ProviderName, AlipayPayments.PageChannel, "trade_status_sync.TRADE_SUCCESS");
    }

    [Fact]
    public async Task On_a_phone_a_sponsor_pays_with_Alipay_on_its_wap_page_and_comes_back_to_the_adoption()
    {
        var (earTag, name) = await FreeSheepAsync(offset: 3);
        var phone = await app.NewPageAsync(width: 360, height: 780, phone: true);
        await Journeys.SignInAsync(phone, DemoAccounts.SecondSponsor.Email);
        await CheckOutAsync(phone, earTag);
        await Journeys.ChooseProviderAsync(phone, "alipay");
        await phone.ClickAsync("[data-testid=checkout-pay]");

        await phone.WaitForURLAsync(url => url.Contains("/dev/alipay/cashier/", StringComparison.Ordinal));
        await Assertions.Expect(phone.Locator("[data-testid=emulator-amount]")).ToHaveTextAsync("¥1,800.00");
        await BrowserApp.ScreenshotAsync(phone, "alipay-emulator-wap-360");
        await phone.ClickAsync("[data-testid=emulator-pay]");

        await phone.WaitForURLAsync(url => url.Contains("/my/adoptions/", StringComparison.Ordinal), BackFromTheGateway);
        await SeeAdoptionAndCertificateAsync(phone, name, "alipay-phone-360");
        await AssertPaidThroughNotificationAsync(earTag, AlipayPayments.ProviderName, AlipayPayments.WapChannel, "trade_status_sync.TRADE_SUCCESS");
    }

    /// <summary>Through the checkout's steps with the first plan and the defaults, to the review with the payment choice.</summary>
    private static async Task CheckOutAsync(IPage page, string earTag)
    {
        await page.GotoAsync($"/sheep/{earTag}/adopt");
        await Journeys.WaitUntilInteractiveAsync(page);
        for (var step = 1; step <= 4; step++)
        {
            await page.ClickAsync("[data-testid=checkout-next]");
            await page.Locator($"[data-testid=checkout-step-{step}]").WaitForAsync();
        }
    }

    private static async Task SeeAdoptionAndCertificateAsync(IPage page, string name, string screenshot)
    {
        await Assertions.Expect(page.Locator("[data-testid=adoption-welcome]")).ToContainTextAsync(name);
        await Assertions.Expect(page.Locator("[data-testid=adoption-status]")).ToHaveTextAsync("认养中");
        await BrowserApp.ScreenshotAsync(page, $"{screenshot}-adoption");

        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("[data-testid=certificate-download]"));
        var pdf = await File.ReadAllBytesAsync(await download.PathAsync());
        Assert.StartsWith("%PDF", System.Text.Encoding.ASCII.GetString(pdf, 0, 4), StringComparison.Ordinal);
        await File.WriteAllBytesAsync(Path.Combine(BrowserApp.ArtifactsDirectory, $"{screenshot}-certificate.png"), await PdfPages.RenderPngAsync(pdf, dpi: 60));
    }

    /// <summary>What a phone's camera would read from the QR code on the page.</summary>
    private static async Task<string> ScanAsync(ILocator qr)
    {
        var png = await qr.ScreenshotAsync();
        return PdfPages.DecodeQr(png) ?? throw new InvalidOperationException("The QR code on the page does not scan.");
    }

    /// <summary>Captured once, through the provider's signed notification on the webhook path, with the order of the right kind.</summary>
    private async Task AssertPaidThroughNotificationAsync(string earTag, string provider, string channel, string eventType)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<SponsorshipDbContext>>().CreateDbContextAsync();
        var payment = await db.Payments.Where(p => p.Adoption!.Sheep.Tags.Any(t => t.Value == earTag) && p.Adoption.Status == AdoptionStatus.Active)
            .SingleAsync();
        Assert.Equal((provider, PaymentStatus.Captured, channel), (payment.Provider, payment.Status, payment.Channel));
        Assert.True(await db.ProviderEvents.AnyAsync(e => e.PaymentId == payment.Id && e.Type == eventType));
        Assert.Equal(1, await db.LedgerTransactions.CountAsync(t => t.IdempotencyKey == $"capture:payment:{payment.Id}"));
        Assert.Equal(1, await db.Certificates.CountAsync(c => c.AdoptionId == payment.AdoptionId));
    }

    /// <summary>A living sheep nobody holds, from households the other journeys leave alone.</summary>
    private async Task<(string EarTag, string Name)> FreeSheepAsync(int offset)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<SponsorshipDbContext>>().CreateDbContextAsync();
        var held = db.Adoptions.Where(Adoption.HoldsSheep).Select(a => a.SheepId);
        var sheep = await db.Sheep
            .Where(s => s.ArchivedAt == null && s.HouseholdId > 10 && s.HouseholdId <= 30 && !held.Contains(s.Id))
            .OrderBy(s => s.Id).Skip(offset * 5)
            .Select(s => new { s.Name, Tag = s.Tags.AsQueryable().Where(IdTag.IsCurrentEarTag).Select(t => t.Value).First() })
            .FirstAsync();
        return (sheep.Tag, sheep.Name);
    }
}
