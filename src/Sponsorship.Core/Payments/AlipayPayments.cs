using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Sponsorship.Core.Adoptions;

namespace Sponsorship.Core.Payments;

/// <summary>A signed form the sponsor's browser posts to the Alipay gateway (page.pay on a computer, wap.pay on a phone).</summary>
public sealed record AlipayCashierForm(string Action, IReadOnlyList<KeyValuePair<string, string>> Fields);

/// <summary>
/// Alipay (支付宝) on the open platform with RSA2 keys. The sponsor's browser posts a signed <c>alipay.trade.page.pay</c>
/// (computer) or <c>alipay.trade.wap.pay</c> (phone) form to the gateway and comes back to our result page; the
/// asynchronous notification (a form POST, answered with the word <c>success</c>) is verified with Alipay's public key
/// and checked against our app id and amounts; <c>alipay.trade.query</c> makes up for a late notification,
/// <c>alipay.trade.close</c> ends an unpaid trade with the reservation, and <c>alipay.trade.refund</c> pays back with
/// our refund reference as <c>out_request_no</c>, so a retried refund is the same refund.
/// </summary>
public sealed class AlipayPayments(AlipayClient client, IOptions<AdoptionLinkOptions> links, TimeProvider clock)
    : IPaymentProvider, IPaymentGateway, IRefundGateway, IWebhookAnswers
{
    public const string ProviderName = "alipay";
    public const string PageChannel = "page";
    public const string WapChannel = "wap";

    public string Name => ProviderName;

    public WebhookAnswer Accepted { get; } = new(200, "text/plain", "success");

    private PaymentOptions.AlipaySettings Settings => client.Settings;

    public WebhookAnswer Refused(string problem) => new(400, "text/plain", "fail");

    public Task<PaymentStart> StartAsync(PaymentStartRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Task.FromResult(new PaymentStart($"/pay/{ProviderName}/{Uri.EscapeDataString(request.PaymentReference)}"));
    }

    /// <summary>The signed page.pay / wap.pay form for this order; the browser posts it to the gateway.</summary>
    public AlipayCashierForm CashierForm(GatewayOrder order, string channel, string returnUrl)
    {
        ArgumentNullException.ThrowIfNull(order);
        var wap = channel == WapChannel;
        var content = new AlipayPayContent(
            order.Reference, AlipayProtocol.Yuan(order.AmountFen), Subject(order.Description),
            wap ? "QUICK_WAP_WAY" : "FAST_INSTANT_TRADE_PAY", AlipayProtocol.Time(order.ExpiresAt), wap ? returnUrl : null);
        var fields = client.SignedRequest(wap ? AlipayProtocol.WapPay : AlipayProtocol.PagePay, content, new Dictionary<string, string>
        {
            ["return_url"] = returnUrl,
            ["notify_url"] = links.Value.Absolute($"webhooks/payments/{ProviderName}"),
        });
        return new AlipayCashierForm($"{Settings.GatewayUrl}?charset={AlipayProtocol.Charset}", [.. fields]);
    }

    public async Task<GatewayOrderStatus> QueryAsync(string paymentReference, CancellationToken cancellationToken = default)
    {
        var answer = await client.CallAsync(AlipayProtocol.Query, new AlipayTradeContent(paymentReference), cancellationToken);
        if (!answer.IsSuccess)
        {
            return answer.SubCode == "ACQ.TRADE_NOT_EXIST"
                ? new GatewayOrderStatus(GatewayTradeState.NotFound)
                : throw new PaymentGatewayException($"Alipay's query for {paymentReference} answered {answer}");
        }

        if (answer.Text("out_trade_no") != paymentReference || !AlipayProtocol.TryParseFen(answer.Text("total_amount"), out var fen))
        {
            throw new PaymentGatewayException($"Alipay's query for {paymentReference} answered {answer}");
        }

        return answer.Text("trade_status") switch
        {
            "TRADE_SUCCESS" or "TRADE_FINISHED" => new GatewayOrderStatus(GatewayTradeState.Paid, new PaymentNotice(
                ProviderName, $"query:{answer.Text("trade_no")}", $"trade_status.{answer.Text("trade_status")}", PaymentNoticeKind.Captured,
                paymentReference, fen, "CNY")),
            "WAIT_BUYER_PAY" => new GatewayOrderStatus(GatewayTradeState.Pending),
            _ => new GatewayOrderStatus(GatewayTradeState.Closed),
        };
    }

    public async Task<GatewayCloseOutcome> CloseAsync(string paymentReference, CancellationToken cancellationToken = default)
    {
        var answer = await client.CallAsync(AlipayProtocol.Close, new AlipayTradeContent(paymentReference), cancellationToken);
        if (answer.IsSuccess || answer.SubCode == "ACQ.TRADE_NOT_EXIST")
        {
            return GatewayCloseOutcome.Closed;
        }

        // A trade that is no longer waiting for the buyer was paid (or is closed already): the query tells which.
        return answer.SubCode == "ACQ.TRADE_STATUS_ERROR"
            ? (await QueryAsync(paymentReference, cancellationToken)).State == GatewayTradeState.Paid ? GatewayCloseOutcome.AlreadyPaid : GatewayCloseOutcome.Closed
            : throw new PaymentGatewayException($"Alipay did not close {paymentReference}: {answer}");
    }

    public async Task<GatewayRefundResult> RefundAsync(RefundOrder order, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(order);
        var answer = await client.CallAsync(
            AlipayProtocol.Refund,
            new AlipayRefundContent(order.PaymentReference, AlipayProtocol.Yuan(order.RefundFen), Subject(order.Reason), order.RefundReference),
            cancellationToken);
        if (!answer.IsSuccess)
        {
            return answer.Code == "40004" && answer.SubCode != "ACQ.SYSTEM_ERROR"
                ? new GatewayRefundResult(GatewayRefundState.Failed, $"{answer.SubCode}: {answer.Text("sub_msg")}")
                : throw new PaymentGatewayException($"Alipay did not take refund {order.RefundReference}: {answer}");
        }

        // fund_change "Y" says money moved now; "N" answers a refund asked for before, which the refund query settles.
        if (answer.Text("fund_change") == "Y")
        {
            return new GatewayRefundResult(GatewayRefundState.Succeeded, answer.Text("trade_no") ?? "");
        }

        var query = await client.CallAsync(
            AlipayProtocol.RefundQuery, new AlipayRefundQueryContent(order.PaymentReference, order.RefundReference), cancellationToken);
        return query.IsSuccess && query.Text("refund_status") == "REFUND_SUCCESS"
            && AlipayProtocol.TryParseFen(query.Text("refund_amount"), out var refunded) && refunded == order.RefundFen
            ? new GatewayRefundResult(GatewayRefundState.Succeeded, query.Text("trade_no") ?? "")
            : new GatewayRefundResult(GatewayRefundState.Processing, query.ToString());
    }

    public WebhookReading ReadWebhook(string body, Func<string, string?> header)
    {
        Dictionary<string, string> form;
        try
        {
            var read = new FormReader(body).ReadForm();
            if (read.Values.Any(v => v.Count != 1))
            {
                return WebhookReading.Rejected("a parameter appears more than once");
            }

            form = read.ToDictionary(p => p.Key, p => p.Value.ToString(), StringComparer.Ordinal);
        }
        catch (InvalidDataException)
        {
            return WebhookReading.Rejected("body is not a form");
        }

        if (!AlipayProtocol.NotificationVerifies(form, client.AlipayKey))
        {
            return WebhookReading.Rejected("signature does not match");
        }

        if (form.GetValueOrDefault("app_id") != Settings.AppId)
        {
            return WebhookReading.Rejected($"for app {form.GetValueOrDefault("app_id")}, not ours");
        }

        if (Settings.SellerId.Length > 0 && form.GetValueOrDefault("seller_id") != Settings.SellerId)
        {
            return WebhookReading.Rejected($"for seller {form.GetValueOrDefault("seller_id")}, not ours");
        }

        // notify_time is when this notification was sent: an old one replayed later is refused like an old WeChat Pay one.
        if (!AlipayProtocol.TryParseTime(form.GetValueOrDefault("notify_time"), out var sent)
            || (clock.GetUtcNow() - sent).Duration() > WebhookSignature.Tolerance)
        {
            return WebhookReading.Rejected("notify_time is outside the tolerance");
        }

        if (form.GetValueOrDefault("notify_id") is not { Length: > 0 } notifyId || form.GetValueOrDefault("out_trade_no") is not { Length: > 0 } reference)
        {
            return WebhookReading.Rejected("notify_id or out_trade_no is missing");
        }

        var status = form.GetValueOrDefault("trade_status") ?? "";
        var refundReference = form.GetValueOrDefault("out_biz_no");
        var isRefund = refundReference is { Length: > 0 } && form.ContainsKey("refund_fee");
        if (!AlipayProtocol.TryParseFen(form.GetValueOrDefault(isRefund ? "refund_fee" : "total_amount"), out var fen))
        {
            return WebhookReading.Rejected("the amount is not an amount");
        }

        var kind = (status, isRefund) switch
        {
            ("TRADE_SUCCESS" or "TRADE_CLOSED" or "TRADE_FINISHED", true) => PaymentNoticeKind.RefundSucceeded,
            ("TRADE_SUCCESS" or "TRADE_FINISHED", false) => PaymentNoticeKind.Captured,
            _ => PaymentNoticeKind.Other,
        };
        return new WebhookReading(
            new PaymentNotice(ProviderName, notifyId, $"{form.GetValueOrDefault("notify_type")}.{status}", kind, reference, fen, "CNY",
                isRefund ? refundReference : null),
            null);
    }

    /// <summary>Alipay takes at most 256 characters of subject; keep it well within.</summary>
    private static string Subject(string text) => text.Length <= 128 ? text : text[..128];
}
