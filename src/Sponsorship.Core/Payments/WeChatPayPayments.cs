using System.Net;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Sponsorship.Core.Adoptions;

namespace Sponsorship.Core.Payments;

/// <summary>
/// WeChat Pay (微信支付) API v3 as a direct merchant. A computer gets a Native order (<c>code_url</c> shown as a QR code on
/// our payment page); a phone browser gets an H5 order (<c>h5_url</c>, back to our result page). Notifications are
/// verified, decrypted and checked against our merchant and app before anything reads them; a late or lost
/// notification is made up for by querying the order; an unpaid order is closed when the reservation ends; refunds
/// go back through the refund API with our refund reference as <c>out_refund_no</c>.
/// </summary>
public sealed class WeChatPayPayments(WeChatPayClient client, IOptions<AdoptionLinkOptions> links, TimeProvider clock)
    : IPaymentProvider, IPaymentGateway, IRefundGateway, IWebhookAnswers
{
    public const string ProviderName = "wechat";
    public const string NativeChannel = "native";
    public const string H5Channel = "h5";

    public string Name => ProviderName;

    public WebhookAnswer Accepted { get; } = new(200, "application/json", "{\"code\":\"SUCCESS\",\"message\":\"成功\"}");

    private PaymentOptions.WeChatPaySettings Settings => client.Settings;

    private string NotifyUrl => links.Value.Absolute($"webhooks/payments/{ProviderName}");

    public WebhookAnswer Refused(string problem) =>
        new(400, "application/json", WeChatPayJson.Write(new WeChatError("FAIL", problem)));

    /// <summary>Our own payment page, which opens the order with WeChat Pay for the device it is looked at on.</summary>
    public Task<PaymentStart> StartAsync(PaymentStartRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Task.FromResult(new PaymentStart($"/pay/{ProviderName}/{Uri.EscapeDataString(request.PaymentReference)}"));
    }

    /// <summary>
    /// Opens (or, with the same parameters, reopens) the order: Native for a QR code, H5 for a phone browser. The H5 link
    /// gets <c>redirect_url</c> appended, where WeChat sends the payer back when they are done.
    /// </summary>
    public async Task<WeChatOrderReply> OpenAsync(
        GatewayOrder order, string channel, string payerIp, string redirectUrl, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(order);
        var h5 = channel == H5Channel;
        var body = new WeChatOrderRequest(
            Settings.AppId, Settings.MerchantId, Description(order.Description), order.Reference,
            WeChatPayProtocol.Rfc3339(order.ExpiresAt), NotifyUrl, new WeChatAmount(order.AmountFen, order.Currency),
            h5 ? new WeChatSceneInfo(payerIp, new WeChatH5Info("Wap")) : null);
        var reply = await client.SendAsync(HttpMethod.Post, h5 ? "/v3/pay/transactions/h5" : "/v3/pay/transactions/native", body, cancellationToken);
        var answer = reply.IsSuccess ? WeChatPayJson.Read<WeChatOrderReply>(reply.Body) : null;
        if (answer is null || (h5 ? answer.H5Url : answer.CodeUrl) is not { Length: > 0 })
        {
            throw new PaymentGatewayException($"WeChat Pay did not open order {order.Reference}: {(int)reply.Status} {reply.Body}");
        }

        return h5 ? answer with { H5Url = $"{answer.H5Url}&redirect_url={Uri.EscapeDataString(redirectUrl)}" } : answer;
    }

    public async Task<GatewayOrderStatus> QueryAsync(string paymentReference, CancellationToken cancellationToken = default)
    {
        var reply = await client.SendAsync(
            HttpMethod.Get,
            $"/v3/pay/transactions/out-trade-no/{Uri.EscapeDataString(paymentReference)}?mchid={Uri.EscapeDataString(Settings.MerchantId)}",
            null, cancellationToken);
        if (reply.Status == HttpStatusCode.NotFound || reply.ErrorCode == "ORDER_NOT_EXIST")
        {
            return new GatewayOrderStatus(GatewayTradeState.NotFound);
        }

        var transaction = reply.IsSuccess ? WeChatPayJson.Read<WeChatTransaction>(reply.Body) : null;
        if (transaction is null || transaction.OutTradeNo != paymentReference)
        {
            throw new PaymentGatewayException($"WeChat Pay's query for {paymentReference} answered {(int)reply.Status} {reply.Body}");
        }

        if (ForeignProblem(transaction.Mchid, transaction.Appid) is { } foreign)
        {
            throw new PaymentGatewayException($"WeChat Pay's query for {paymentReference} answered {foreign}");
        }

        return transaction.TradeState switch
        {
            "SUCCESS" or "REFUND" => new GatewayOrderStatus(GatewayTradeState.Paid, new PaymentNotice(
                ProviderName, $"query:{transaction.TransactionId ?? transaction.OutTradeNo}", $"trade_state.{transaction.TradeState}",
                PaymentNoticeKind.Captured, transaction.OutTradeNo, transaction.Amount?.Total ?? 0, transaction.Amount?.Currency ?? "CNY")),
            "NOTPAY" or "USERPAYING" => new GatewayOrderStatus(GatewayTradeState.Pending),
            _ => new GatewayOrderStatus(GatewayTradeState.Closed),
        };
    }

    public async Task<GatewayCloseOutcome> CloseAsync(string paymentReference, CancellationToken cancellationToken = default)
    {
        var reply = await client.SendAsync(
            HttpMethod.Post, $"/v3/pay/transactions/out-trade-no/{Uri.EscapeDataString(paymentReference)}/close",
            new WeChatCloseRequest(Settings.MerchantId), cancellationToken);
        return reply switch
        {
            { IsSuccess: true } => GatewayCloseOutcome.Closed,
            { ErrorCode: "ORDERPAID" } => GatewayCloseOutcome.AlreadyPaid,
            { ErrorCode: "ORDER_NOT_EXIST" or "ORDERCLOSED" } => GatewayCloseOutcome.Closed,
            _ => throw new PaymentGatewayException($"WeChat Pay did not close {paymentReference}: {(int)reply.Status} {reply.Body}"),
        };
    }

    public async Task<GatewayRefundResult> RefundAsync(RefundOrder order, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(order);
        var reply = await client.SendAsync(
            HttpMethod.Post, "/v3/refund/domestic/refunds",
            new WeChatRefundRequest(order.PaymentReference, order.RefundReference, Description(order.Reason), NotifyUrl,
                new WeChatRefundAmount(order.RefundFen, order.PaymentFen, order.Currency)),
            cancellationToken);
        var refund = reply.IsSuccess ? WeChatPayJson.Read<WeChatRefund>(reply.Body) : null;
        if (refund is null)
        {
            // A refund WeChat Pay will never make (not enough balance, order too old, wrong amount) says so with a 4xx code.
            return (int)reply.Status is >= 400 and < 500 && reply.ErrorCode is { Length: > 0 } code && code != "SYSTEM_ERROR" && code != "FREQUENCY_LIMITED"
                ? new GatewayRefundResult(GatewayRefundState.Failed, $"{code}: {WeChatPayJson.Read<WeChatError>(reply.Body)?.Message}")
                : throw new PaymentGatewayException($"WeChat Pay did not take refund {order.RefundReference}: {(int)reply.Status} {reply.Body}");
        }

        if (refund.OutRefundNo != order.RefundReference || refund.Amount.Refund != order.RefundFen)
        {
            throw new PaymentGatewayException($"WeChat Pay answered refund {order.RefundReference} with refund {refund.OutRefundNo} of {refund.Amount.Refund} fen");
        }

        return refund.Status switch
        {
            "SUCCESS" => new GatewayRefundResult(GatewayRefundState.Succeeded, refund.RefundId),
            "PROCESSING" => new GatewayRefundResult(GatewayRefundState.Processing, refund.RefundId),
            _ => new GatewayRefundResult(GatewayRefundState.Failed, $"{refund.Status} ({refund.RefundId})"),
        };
    }

    public WebhookReading ReadWebhook(string body, Func<string, string?> header)
    {
        ArgumentNullException.ThrowIfNull(header);
        if (WeChatPayProtocol.SignatureProblem(header, body, client.PlatformKey, Settings.PlatformPublicKeyId, clock.GetUtcNow()) is { } problem)
        {
            return WebhookReading.Rejected(problem);
        }

        var notification = WeChatPayJson.Read<WeChatNotification>(body);
        if (notification?.Resource is not { } resource || string.IsNullOrEmpty(notification.Id))
        {
            return WebhookReading.Rejected("body is not a WeChat Pay notification");
        }

        if (resource.Algorithm != WeChatPayProtocol.Algorithm)
        {
            return WebhookReading.Rejected($"resource is sealed with {resource.Algorithm}, not {WeChatPayProtocol.Algorithm}");
        }

        string plain;
        try
        {
            plain = WeChatPayProtocol.Decrypt(Settings.ApiV3Key, resource.Nonce, resource.AssociatedData ?? "", resource.Ciphertext);
        }
        catch (CryptographicException)
        {
            return WebhookReading.Rejected("resource does not decrypt under our APIv3 key");
        }

        var record = $"{notification.EventType} {notification.Id}: {plain}";
        return notification.EventType.StartsWith("REFUND.", StringComparison.Ordinal)
            ? ReadRefund(notification, plain, record)
            : ReadTransaction(notification, plain, record);
    }

    private WebhookReading ReadTransaction(WeChatNotification notification, string plain, string record)
    {
        var transaction = WeChatPayJson.Read<WeChatTransaction>(plain);
        if (transaction is null || string.IsNullOrEmpty(transaction.OutTradeNo))
        {
            return WebhookReading.Rejected("resource is not a transaction");
        }

        if (ForeignProblem(transaction.Mchid, transaction.Appid) is { } foreign)
        {
            return WebhookReading.Rejected(foreign);
        }

        var kind = notification.EventType == "TRANSACTION.SUCCESS" && transaction.TradeState == "SUCCESS"
            ? PaymentNoticeKind.Captured
            : PaymentNoticeKind.Other;
        return new WebhookReading(
            new PaymentNotice(ProviderName, notification.Id, notification.EventType, kind, transaction.OutTradeNo,
                transaction.Amount?.Total ?? 0, transaction.Amount?.Currency ?? ""),
            null, record);
    }

    private WebhookReading ReadRefund(WeChatNotification notification, string plain, string record)
    {
        var refund = WeChatPayJson.Read<WeChatRefundNotice>(plain);
        if (refund is null || string.IsNullOrEmpty(refund.OutRefundNo) || refund.Amount is null)
        {
            return WebhookReading.Rejected("resource is not a refund");
        }

        if (ForeignProblem(refund.Mchid, Settings.AppId) is { } foreign)
        {
            return WebhookReading.Rejected(foreign);
        }

        var kind = (notification.EventType, refund.RefundStatus) switch
        {
            ("REFUND.SUCCESS", "SUCCESS") => PaymentNoticeKind.RefundSucceeded,
            ("REFUND.ABNORMAL", _) or ("REFUND.CLOSED", _) => PaymentNoticeKind.RefundFailed,
            _ => PaymentNoticeKind.Other,
        };
        return new WebhookReading(
            new PaymentNotice(ProviderName, notification.Id, notification.EventType, kind, refund.OutTradeNo, refund.Amount.Refund,
                refund.Amount.Currency ?? "CNY", refund.OutRefundNo),
            null, record);
    }

    /// <summary>A transaction of another merchant or app, sealed with our key, is still not ours to act on.</summary>
    private string? ForeignProblem(string merchantId, string appId) =>
        merchantId != Settings.MerchantId ? $"for merchant {merchantId}, not ours"
        : appId != Settings.AppId ? $"for app {appId}, not ours"
        : null;

    /// <summary>WeChat Pay takes at most 127 characters of description.</summary>
    private static string Description(string text) => text.Length <= 127 ? text : text[..127];
}
