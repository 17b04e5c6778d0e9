using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Sponsorship.Core.Adoptions;
using Sponsorship.Core.Payments;

namespace Sponsorship.Web.Tests.Security;

/// <summary>
/// Sponsor A's pending WeChat Pay and Alipay payments, each opened at the Development emulator as the payment page opens
/// it: a Native order (its QR code leads to the emulator's phone page) and a page.pay trade (its form opens the cashier).
/// </summary>
public sealed partial class RouteMatrixApp
{
    public async Task<(string Reference, string PrepayId, string SheepName)> PendingWeChatPaymentAsync()
    {
        var placed = await PlaceForSponsorAAsync(WeChatPayPayments.ProviderName, ofHerderA: false);
        await using var scope = App.Services.CreateAsyncScope();
        var page = await scope.ServiceProvider.GetRequiredService<GatewayCheckout>()
            .OpenWeChatPayAsync(placed.PaymentReference, await SponsorAIdAsync(), PaymentDevice.Desktop, "127.0.0.1");
        var codeUrl = page?.QrCodeContent ?? throw new InvalidOperationException("The WeChat Pay order did not open at the emulator.");
        return (placed.PaymentReference, new Uri(codeUrl).Segments[^1], await SheepNameAsync(placed));
    }

    public async Task<(string Reference, string TradeNo, string SheepName)> PendingAlipayPaymentAsync()
    {
        var placed = await PlaceForSponsorAAsync(AlipayPayments.ProviderName, ofHerderA: false);
        await using var scope = App.Services.CreateAsyncScope();
        var page = await scope.ServiceProvider.GetRequiredService<GatewayCheckout>()
            .OpenAlipayAsync(placed.PaymentReference, await SponsorAIdAsync(), PaymentDevice.Desktop);
        var form = page?.Form ?? throw new InvalidOperationException("The Alipay form was not made.");

        // What the gateway does with the form the browser posts to it (the emulator's gateway.do runs the same call).
        var (cashier, problem) = App.Services.GetRequiredService<AlipayEmulator>().OpenCashier(form.Fields.ToDictionary(f => f.Key, f => f.Value));
        Assert.True(cashier is not null, problem);
        return (placed.PaymentReference, new Uri(cashier).Segments[^1], await SheepNameAsync(placed));
    }

    private async Task<string> SheepNameAsync(CheckoutResult placed)
    {
        await using var db = await DbAsync();
        return await db.Adoptions.Where(a => a.Id == placed.AdoptionId).Select(a => a.Sheep.Name).SingleAsync();
    }
}
