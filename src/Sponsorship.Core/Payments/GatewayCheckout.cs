using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sponsorship.Core.Adoptions;
using Sponsorship.Core.Data;

namespace Sponsorship.Core.Payments;

/// <summary>
/// What our payment page shows for a WeChat Pay or Alipay payment: the payment itself and until when it can be paid,
/// and — while it can — the QR code's content, the gateway page to send the sponsor to, or the signed form to post
/// there. <see cref="Problem"/> says the gateway could not be reached (the page offers to try again).
/// </summary>
public sealed record GatewayPaymentPage(
    PaymentSummary Payment, DateTimeOffset ExpiresAt, string? QrCodeContent = null, string? RedirectUrl = null,
    AlipayCashierForm? Form = null, bool Problem = false)
{
    public bool CanPay => Payment.Status == PaymentStatus.Pending && !Problem && (QrCodeContent ?? RedirectUrl ?? (object?)Form) is not null;
}

/// <summary>
/// Opens the sponsor's own payment at WeChat Pay or Alipay, for the device they are on: WeChat Pay Native (a QR code) on
/// a computer and H5 on a phone, Alipay page.pay or wap.pay. The first opening decides a WeChat Pay order's kind (an
/// order number cannot change kind); opening again asks for the same order again, which the gateways answer with it.
/// Links the gateways send the sponsor back to are built from <c>App:PublicBaseUrl</c>.
/// </summary>
public sealed class GatewayCheckout(
    IDbContextFactory<SponsorshipDbContext> dbFactory, PaymentSummaries summaries, WeChatPayPayments wechat, AlipayPayments alipay,
    IOptions<PaymentOptions> options, IOptions<AdoptionLinkOptions> links, TimeProvider clock, ILogger<GatewayCheckout> logger)
{
    /// <summary>Where a gateway sends the sponsor when they are done: our page that waits for the outcome.</summary>
    public static string ReturnPath(string reference) => $"my/payments/{Uri.EscapeDataString(reference)}/return";

    public async Task<GatewayPaymentPage?> OpenWeChatPayAsync(
        string reference, string userId, PaymentDevice device, string payerIp, CancellationToken cancellationToken = default)
    {
        var page = await FindAsync(reference, userId, WeChatPayPayments.ProviderName, cancellationToken);
        if (page is null || !Open(page))
        {
            return page;
        }

        var channel = await ChannelAsync(page.Payment.PaymentId, device == PaymentDevice.Phone ? WeChatPayPayments.H5Channel : WeChatPayPayments.NativeChannel, cancellationToken);
        try
        {
            var order = await wechat.OpenAsync(Order(page), channel, payerIp, links.Value.Absolute(ReturnPath(reference)), cancellationToken);
            return channel == WeChatPayPayments.H5Channel ? page with { RedirectUrl = order.H5Url } : page with { QrCodeContent = order.CodeUrl };
        }
        catch (PaymentGatewayException e)
        {
            logger.LogWarning(e, "WeChat Pay order {Reference} could not be opened", reference);
            return page with { Problem = true };
        }
    }

    public async Task<GatewayPaymentPage?> OpenAlipayAsync(
        string reference, string userId, PaymentDevice device, CancellationToken cancellationToken = default)
    {
        var page = await FindAsync(reference, userId, AlipayPayments.ProviderName, cancellationToken);
        if (page is null || !Open(page))
        {
            return page;
        }

        var channel = device == PaymentDevice.Phone ? AlipayPayments.WapChannel : AlipayPayments.PageChannel;
        await ChannelAsync(page.Payment.PaymentId, channel, cancellationToken);
        return page with { Form = alipay.CashierForm(Order(page), channel, links.Value.Absolute(ReturnPath(reference))) };
    }

    private async Task<GatewayPaymentPage?> FindAsync(string reference, string userId, string provider, CancellationToken cancellationToken)
    {
        var payment = await summaries.ByReferenceAsync(reference, cancellationToken);
        return payment is null || payment.Provider != provider || payment.BuyerUserId != userId
            ? null
            : new GatewayPaymentPage(payment, payment.ExpiresAt(options.Value));
    }

    private bool Open(GatewayPaymentPage page) => page.Payment.Status == PaymentStatus.Pending && page.ExpiresAt > clock.GetUtcNow();

    /// <summary>Records how the order is first opened and answers with the kind it has from then on.</summary>
    private async Task<string> ChannelAsync(int paymentId, string wanted, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await db.Payments.Where(p => p.Id == paymentId && p.Channel == null)
            .ExecuteUpdateAsync(set => set.SetProperty(p => p.Channel, wanted), cancellationToken);
        return await db.Payments.Where(p => p.Id == paymentId).Select(p => p.Channel!).SingleAsync(cancellationToken);
    }

    private static GatewayOrder Order(GatewayPaymentPage page) => new(
        page.Payment.Reference, page.Payment.AmountFen, page.Payment.Currency,
        $"{page.Payment.PlanNameZh} · {(page.Payment.SheepName.Length > 0 ? page.Payment.SheepName : page.Payment.EarTag)}", page.ExpiresAt);
}
