using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Sponsorship.Core.Adoptions;

namespace Sponsorship.Core.Payments;

/// <summary>One order as the WeChat Pay emulator holds it, and shows it on its phone page.</summary>
public sealed record EmulatedWeChatOrder(
    string OutTradeNo, string PrepayId, string TradeType, string Description, long AmountFen, string State, DateTimeOffset ExpiresAt);

/// <summary>
/// Development only: WeChat Pay API v3 as the app sees it, inside the app (like the mail catcher). It checks each
/// request's <c>WECHATPAY2-SHA256-RSA2048</c> signature with the merchant's public key, opens Native and H5 orders
/// (whose <c>code_url</c> and <c>h5_url</c> lead to its phone page), answers queries, closes and refunds, signs every
/// answer with its own WeChat Pay key, and posts signed notifications with AEAD_AES_256_GCM-sealed resources to the
/// merchant's <c>notify_url</c> when the demo payer presses Pay, or when a refund completes. State lives in memory.
/// </summary>
public sealed class WeChatPayEmulator(
    GatewayEmulatorKeys keys, EmulatorNotifier notifier, IOptions<AdoptionLinkOptions> links, TimeProvider clock)
{
    public const string BasePath = "/dev/wechatpay";

    private readonly ConcurrentDictionary<string, Order> orders = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, EmulatedRefund> refunds = new(StringComparer.Ordinal);

    private string Root => links.Value.PublicBaseUrl.TrimEnd('/');

    /// <summary>Answers one API call; <paramref name="pathAndQuery"/> is the URL as signed, without <see cref="BasePath"/>.</summary>
    public EmulatorReply Handle(string method, string pathAndQuery, string? authorization, string body)
    {
        if (AuthorizationProblem(method, pathAndQuery, authorization, body) is { } problem)
        {
            return Error(401, "SIGN_ERROR", problem);
        }

        var path = pathAndQuery.Split('?', 2)[0];
        const string ByOutTradeNo = "/v3/pay/transactions/out-trade-no/";
        return (method, path) switch
        {
            ("POST", "/v3/pay/transactions/native") => Open(body, WeChatPayPayments.NativeChannel),
            ("POST", "/v3/pay/transactions/h5") => Open(body, WeChatPayPayments.H5Channel),
            ("GET", _) when path.StartsWith(ByOutTradeNo, StringComparison.Ordinal) && !path.EndsWith("/close", StringComparison.Ordinal) =>
                pathAndQuery.Contains($"mchid={GatewayEmulatorKeys.MerchantId}", StringComparison.Ordinal)
                    ? Query(Uri.UnescapeDataString(path[ByOutTradeNo.Length..]))
                    : Error(400, "PARAM_ERROR", "mchid 与请求不符"),
            ("POST", _) when path.StartsWith(ByOutTradeNo, StringComparison.Ordinal) && path.EndsWith("/close", StringComparison.Ordinal) =>
                Close(Uri.UnescapeDataString(path[ByOutTradeNo.Length..^"/close".Length]), body),
            ("POST", "/v3/refund/domestic/refunds") => RefundPayment(body),
            ("GET", _) when path.StartsWith("/v3/refund/domestic/refunds/", StringComparison.Ordinal) =>
                refunds.TryGetValue(Uri.UnescapeDataString(path["/v3/refund/domestic/refunds/".Length..]), out var refund)
                    ? Signed(200, WeChatPayJson.Write(refund.Reply()))
                    : Error(404, "RESOURCE_NOT_EXISTS", "退款单不存在"),
            _ => Error(404, "NOT_FOUND", "接口不存在"),
        };
    }

    public EmulatedWeChatOrder? Find(string prepayId) =>
        orders.Values.FirstOrDefault(o => o.PrepayId == prepayId)?.Snapshot(clock.GetUtcNow());

    /// <summary>How much of the order has been refunded (each out_refund_no counted once).</summary>
    public long RefundedFen(string outTradeNo) => orders.TryGetValue(outTradeNo, out var order) ? order.RefundedFen : 0;

    /// <summary>
    /// The demo payer pressed Pay on the phone page: the order is paid and its notification sent — or, with
    /// <paramref name="notify"/> false, lost on the way (the app then learns of it only by asking).
    /// </summary>
    public async Task<EmulatedPayment> PayAsync(string prepayId, bool notify = true, CancellationToken cancellationToken = default)
    {
        var order = orders.Values.FirstOrDefault(o => o.PrepayId == prepayId);
        if (order is null)
        {
            return EmulatedPayment.NotFound;
        }

        var now = clock.GetUtcNow();
        lock (order)
        {
            if (order.State is "SUCCESS" or "REFUND")
            {
                return EmulatedPayment.AlreadyPaid;
            }

            if (order.CurrentState(now) != "NOTPAY")
            {
                return EmulatedPayment.Closed;
            }

            order.State = "SUCCESS";
            order.TransactionId = "4200" + RandomNumberGenerator.GetString("0123456789", 24);
            order.SuccessTime = WeChatPayProtocol.Rfc3339(now);
        }

        if (notify)
        {
            var (body, headers) = Notification("TRANSACTION.SUCCESS", "支付成功", "transaction", WeChatPayJson.Write(order.Transaction(now)));
            await notifier.PostAsync(order.NotifyUrl, body, "application/json", headers, cancellationToken);
        }

        return EmulatedPayment.Paid;
    }

    private EmulatorReply Open(string body, string channel)
    {
        var request = WeChatPayJson.Read<WeChatOrderRequest>(body);
        if (request is null || request.Amount is null)
        {
            return Error(400, "PARAM_ERROR", "请求体不是合法的 JSON");
        }

        if (request.Appid != GatewayEmulatorKeys.WeChatAppId || request.Mchid != GatewayEmulatorKeys.MerchantId)
        {
            return Error(400, "APPID_MCHID_NOT_MATCH", "appid 和 mch_id 不匹配");
        }

        if (string.IsNullOrEmpty(request.Description) || request.Description.Length > 127 || request.OutTradeNo is not { Length: >= 6 and <= 32 }
            || request.Amount.Total <= 0 || request.Amount.Currency != "CNY"
            || !DateTimeOffset.TryParseExact(request.TimeExpire, "yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture, DateTimeStyles.None, out var expires))
        {
            return Error(400, "PARAM_ERROR", "参数错误");
        }

        if (!EmulatorNotifier.IsUnder(request.NotifyUrl, Root))
        {
            return Error(400, "PARAM_ERROR", "notify_url 必须是商户自己的地址");
        }

        if (channel == WeChatPayPayments.H5Channel && (request.SceneInfo?.H5Info?.Type is not { Length: > 0 } || string.IsNullOrEmpty(request.SceneInfo.PayerClientIp)))
        {
            return Error(400, "PARAM_ERROR", "H5 支付需要 scene_info.payer_client_ip 和 h5_info.type");
        }

        var created = new Order(request.OutTradeNo, PrepayId(), channel == WeChatPayPayments.H5Channel ? "MWEB" : "NATIVE",
            request.Description, request.Amount.Total, request.NotifyUrl, expires);
        var order = orders.GetOrAdd(request.OutTradeNo, created);
        if (order.TradeType != created.TradeType || order.AmountFen != created.AmountFen)
        {
            return Error(400, "INVALID_REQUEST", "商户订单号重复");
        }

        return order.CurrentState(clock.GetUtcNow()) switch
        {
            "SUCCESS" or "REFUND" => Error(400, "ORDERPAID", "该订单已支付"),
            "CLOSED" => Error(400, "ORDERCLOSED", "订单已关闭"),
            _ => Signed(200, WeChatPayJson.Write(channel == WeChatPayPayments.H5Channel
                ? new WeChatOrderReply(null, $"{Root}{BasePath}/h5?prepay_id={order.PrepayId}&package={RandomNumberGenerator.GetInt32(1_000_000_000)}")
                : new WeChatOrderReply($"{Root}{BasePath}/scan/{order.PrepayId}", null))),
        };
    }

    private EmulatorReply Query(string outTradeNo) =>
        orders.TryGetValue(outTradeNo, out var order)
            ? Signed(200, WeChatPayJson.Write(order.Transaction(clock.GetUtcNow())))
            : Error(404, "ORDER_NOT_EXIST", "订单不存在");

    private EmulatorReply Close(string outTradeNo, string body)
    {
        if (WeChatPayJson.Read<WeChatCloseRequest>(body)?.Mchid != GatewayEmulatorKeys.MerchantId)
        {
            return Error(400, "PARAM_ERROR", "mchid 与请求不符");
        }

        if (!orders.TryGetValue(outTradeNo, out var order))
        {
            return Error(404, "ORDER_NOT_EXIST", "订单不存在");
        }

        lock (order)
        {
            if (order.State is "SUCCESS" or "REFUND")
            {
                return Error(400, "ORDERPAID", "该订单已支付");
            }

            order.State = "CLOSED";
        }

        return Signed(204, "");
    }

    private EmulatorReply RefundPayment(string body)
    {
        var request = WeChatPayJson.Read<WeChatRefundRequest>(body);
        if (request?.Amount is null || string.IsNullOrEmpty(request.OutRefundNo) || request.Amount.Refund <= 0)
        {
            return Error(400, "PARAM_ERROR", "参数错误");
        }

        if (!EmulatorNotifier.IsUnder(request.NotifyUrl, Root))
        {
            return Error(400, "PARAM_ERROR", "notify_url 必须是商户自己的地址");
        }

        if (!orders.TryGetValue(request.OutTradeNo, out var order))
        {
            return Error(404, "RESOURCE_NOT_EXISTS", "订单不存在");
        }

        EmulatedRefund refund;
        lock (order)
        {
            if (refunds.TryGetValue(request.OutRefundNo, out var earlier))
            {
                // The same out_refund_no is the same refund: answered again, never paid again.
                return earlier.OutTradeNo == request.OutTradeNo && earlier.AmountFen == request.Amount.Refund
                    ? Signed(200, WeChatPayJson.Write(earlier.Reply()))
                    : Error(400, "INVALID_REQUEST", "退款单号已用于另一笔退款");
            }

            if (order.State is not ("SUCCESS" or "REFUND"))
            {
                return Error(403, "TRADE_ERROR", "订单未支付，不能退款");
            }

            if (request.Amount.Total != order.AmountFen || request.Amount.Currency != "CNY" || order.RefundedFen + request.Amount.Refund > order.AmountFen)
            {
                return Error(400, "INVALID_REQUEST", "退款金额与订单金额不符");
            }

            order.RefundedFen += request.Amount.Refund;
            order.State = "REFUND";
            refund = new EmulatedRefund(request.OutRefundNo, "5030" + RandomNumberGenerator.GetString("0123456789", 25), order, request.Amount.Refund,
                request.NotifyUrl, WeChatPayProtocol.Rfc3339(clock.GetUtcNow()));
            refunds[request.OutRefundNo] = refund;
        }

        var reply = Signed(200, WeChatPayJson.Write(refund.Reply()));

        // The money reaches the payer's balance a moment later; WeChat Pay then says so.
        refund.Complete(WeChatPayProtocol.Rfc3339(clock.GetUtcNow()));
        var (notification, headers) = Notification("REFUND.SUCCESS", "退款成功", "refund", WeChatPayJson.Write(refund.Notice()));
        notifier.PostLater(refund.NotifyUrl, notification, "application/json", headers);
        return reply;
    }

    private string? AuthorizationProblem(string method, string pathAndQuery, string? authorization, string body)
    {
        var auth = WeChatPayProtocol.ParseAuthorization(authorization);
        if (auth is null)
        {
            return "Authorization 头缺失或不是 WECHATPAY2-SHA256-RSA2048";
        }

        if (auth.GetValueOrDefault("mchid") != GatewayEmulatorKeys.MerchantId || auth.GetValueOrDefault("serial_no") != GatewayEmulatorKeys.MerchantSerial)
        {
            return "商户号或证书序列号不符";
        }

        var timestamp = auth.GetValueOrDefault("timestamp") ?? "";
        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || seconds > 253_402_300_799
            || (clock.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(seconds)).Duration() > WebhookSignature.Tolerance)
        {
            return "请求时间戳超出范围";
        }

        var message = WeChatPayProtocol.RequestMessage(method, pathAndQuery, timestamp, auth.GetValueOrDefault("nonce_str") ?? "", body);
        return RsaKeys.Verify(keys.WeChatMerchant, message, auth.GetValueOrDefault("signature")) ? null : "签名错误";
    }

    private (string Body, Dictionary<string, string> Headers) Notification(string eventType, string summary, string originalType, string plaintext)
    {
        var nonce = RandomNumberGenerator.GetString("abcdefghijklmnopqrstuvwxyz0123456789", 12);
        var body = WeChatPayJson.Write(new WeChatNotification(
            Guid.NewGuid().ToString(), WeChatPayProtocol.Rfc3339(clock.GetUtcNow()), "encrypt-resource", eventType, summary,
            new WeChatResource(originalType, WeChatPayProtocol.Algorithm, WeChatPayProtocol.Encrypt(keys.ApiV3Key, nonce, originalType, plaintext),
                originalType, nonce)));
        return (body, SignatureHeaders(body));
    }

    private EmulatorReply Signed(int status, string body) => EmulatorReply.Json(status, body, SignatureHeaders(body));

    private EmulatorReply Error(int status, string code, string message) =>
        Signed(status, WeChatPayJson.Write(new WeChatError(code, message)));

    private Dictionary<string, string> SignatureHeaders(string body)
    {
        var timestamp = WeChatPayProtocol.Timestamp(clock.GetUtcNow());
        var nonce = WeChatPayProtocol.Nonce();
        return new Dictionary<string, string>
        {
            [WeChatPayProtocol.TimestampHeader] = timestamp,
            [WeChatPayProtocol.NonceHeader] = nonce,
            [WeChatPayProtocol.SignatureHeader] = RsaKeys.Sign(keys.WeChatPlatform, WeChatPayProtocol.ResponseMessage(timestamp, nonce, body)),
            [WeChatPayProtocol.SerialHeader] = GatewayEmulatorKeys.PlatformKeyId,
            [WeChatPayProtocol.SignatureTypeHeader] = WeChatPayProtocol.Scheme,
        };
    }

    private string PrepayId() =>
        "wx" + clock.GetUtcNow().ToOffset(TimeSpan.FromHours(8)).ToString("ddHHmmss", CultureInfo.InvariantCulture)
        + RandomNumberGenerator.GetString("0123456789abcdef", 24);

    private sealed class Order(string outTradeNo, string prepayId, string tradeType, string description, long amountFen, string notifyUrl, DateTimeOffset expiresAt)
    {
        public string OutTradeNo { get; } = outTradeNo;
        public string PrepayId { get; } = prepayId;
        public string TradeType { get; } = tradeType;
        public long AmountFen { get; } = amountFen;
        public string NotifyUrl { get; } = notifyUrl;
        public string State { get; set; } = "NOTPAY";
        public string? TransactionId { get; set; }
        public string? SuccessTime { get; set; }
        public long RefundedFen { get; set; }

        /// <summary>An unpaid order past its <c>time_expire</c> can no longer be paid: WeChat Pay reports it closed.</summary>
        public string CurrentState(DateTimeOffset now) => State == "NOTPAY" && now > expiresAt ? "CLOSED" : State;

        public WeChatTransaction Transaction(DateTimeOffset now) => new(
            GatewayEmulatorKeys.WeChatAppId, GatewayEmulatorKeys.MerchantId, OutTradeNo, TransactionId, TradeType, CurrentState(now),
            CurrentState(now) switch { "SUCCESS" => "支付成功", "REFUND" => "转入退款", "CLOSED" => "已关闭", _ => "订单未支付" },
            SuccessTime, new WeChatPaidAmount(AmountFen, TransactionId is null ? null : AmountFen, "CNY", "CNY"),
            TransactionId is null ? null : new WeChatPayer("oDEVemulatorPayer000000000000"), TransactionId is null ? null : "OTHERS");

        public EmulatedWeChatOrder Snapshot(DateTimeOffset now) => new(OutTradeNo, PrepayId, TradeType, description, AmountFen, CurrentState(now), expiresAt);
    }

    private sealed class EmulatedRefund(string outRefundNo, string refundId, Order order, long amountFen, string notifyUrl, string createTime)
    {
        public string OutTradeNo => order.OutTradeNo;
        public long AmountFen { get; } = amountFen;
        public string NotifyUrl { get; } = notifyUrl;
        private string Status { get; set; } = "PROCESSING";
        private string? SuccessTime { get; set; }

        public void Complete(string at)
        {
            Status = "SUCCESS";
            SuccessTime = at;
        }

        public WeChatRefund Reply() => new(
            refundId, outRefundNo, order.TransactionId, order.OutTradeNo, "ORIGINAL", "支付用户零钱", SuccessTime, createTime, Status,
            new WeChatRefundReplyAmount(order.AmountFen, AmountFen, order.AmountFen, AmountFen, "CNY"));

        public WeChatRefundNotice Notice() => new(
            GatewayEmulatorKeys.MerchantId, order.OutTradeNo, order.TransactionId, outRefundNo, refundId, Status, SuccessTime, "支付用户零钱",
            new WeChatRefundReplyAmount(order.AmountFen, AmountFen, order.AmountFen, AmountFen, "CNY"));
    }
}
