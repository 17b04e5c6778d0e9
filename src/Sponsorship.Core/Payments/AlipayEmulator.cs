using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Sponsorship.Core.Adoptions;

namespace Sponsorship.Core.Payments;

/// <summary>One trade as the Alipay emulator holds it, and shows it on its cashier page.</summary>
public sealed record EmulatedAlipayTrade(
    string TradeNo, string OutTradeNo, string Subject, long AmountFen, string Status, bool Wap, DateTimeOffset ExpiresAt, string? SignedReturnUrl);

/// <summary>Where a browser goes after the demo payer's choice on the cashier (the merchant's return or quit page).</summary>
public sealed record EmulatedAlipayOutcome(EmulatedPayment Payment, string? ReturnUrl);

/// <summary>
/// Development only: the Alipay open platform gateway as the app sees it, inside the app. It checks every request's
/// RSA2 signature with the app's public key; a browser's page.pay or wap.pay form opens (or reopens) the trade and goes
/// to its cashier page, where the demo payer presses Pay or Cancel; query, close, refund (one refund per
/// <c>out_request_no</c>) and refund query are answered with JSON signed by its own Alipay key; asynchronous
/// notifications (form posts, RSA2-signed) go to the merchant's <c>notify_url</c> on payment and refund. State lives
/// in memory.
/// </summary>
public sealed class AlipayEmulator(GatewayEmulatorKeys keys, EmulatorNotifier notifier, IOptions<AdoptionLinkOptions> links, TimeProvider clock)
{
    public const string GatewayPath = "/dev/alipay/gateway.do";
    public const string CashierPath = "/dev/alipay/cashier";

    private readonly ConcurrentDictionary<string, Trade> trades = new(StringComparer.Ordinal);

    private string Root => links.Value.PublicBaseUrl.TrimEnd('/');

    public static bool IsCashierMethod(string? method) => method is AlipayProtocol.PagePay or AlipayProtocol.WapPay;

    /// <summary>A browser posted a page.pay or wap.pay form: the cashier page's address, or why the gateway refuses it.</summary>
    public (string? CashierUrl, string? Problem) OpenCashier(IReadOnlyDictionary<string, string> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (RequestProblem(parameters) is { } problem)
        {
            return (null, problem);
        }

        var wap = parameters["method"] == AlipayProtocol.WapPay;
        var content = Content<AlipayPayContent>(parameters);
        if (content is null || !AlipayProtocol.TryParseFen(content.TotalAmount, out var fen) || fen <= 0 || string.IsNullOrEmpty(content.Subject)
            || content.ProductCode != (wap ? "QUICK_WAP_WAY" : "FAST_INSTANT_TRADE_PAY") || !AlipayProtocol.TryParseTime(content.TimeExpire, out var expires))
        {
            return (null, "ACQ.PARAM_ILLEGAL: biz_content 参数有误");
        }

        var notifyUrl = parameters.GetValueOrDefault("notify_url") ?? "";
        var returnUrl = parameters.GetValueOrDefault("return_url") ?? "";
        if (!EmulatorNotifier.IsUnder(notifyUrl, Root) || !EmulatorNotifier.IsUnder(returnUrl, Root))
        {
            return (null, "ACQ.PARAM_ILLEGAL: notify_url 和 return_url 必须是商户自己的地址");
        }

        var trade = trades.GetOrAdd(content.OutTradeNo, no => new Trade(TradeNo(), no, content.Subject, fen, expires, FormatTime(clock.GetUtcNow())));
        lock (trade)
        {
            if (trade.AmountFen != fen)
            {
                return (null, "ACQ.CONTEXT_INCONSISTENT: 交易信息被篡改");
            }

            switch (trade.CurrentStatus(clock.GetUtcNow()))
            {
                case "TRADE_SUCCESS" or "TRADE_FINISHED":
                    return (null, "ACQ.TRADE_HAS_SUCCESS: 交易已被支付");
                case "TRADE_CLOSED":
                    return (null, "ACQ.TRADE_HAS_CLOSE: 交易已经关闭");
            }

            trade.NotifyUrl = notifyUrl;
            trade.ReturnUrl = returnUrl;
            trade.QuitUrl = content.QuitUrl;
            trade.Wap = wap;
        }

        return ($"{Root}{CashierPath}/{trade.TradeNo}", null);
    }

    /// <summary>Answers one server-to-server call (query, close, refund, refund query) with a signed JSON body.</summary>
    public EmulatorReply Call(IReadOnlyDictionary<string, string> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var method = parameters.GetValueOrDefault("method") ?? "";
        if (RequestProblem(parameters) is { } problem)
        {
            return Answer(method, Failure("40002", "Invalid Arguments", "isv.invalid-signature", problem));
        }

        var outTradeNo = Content<AlipayTradeContent>(parameters)?.OutTradeNo ?? "";
        var trade = trades.GetValueOrDefault(outTradeNo);
        if (trade is null)
        {
            return Answer(method, method == AlipayProtocol.RefundQuery
                ? Success(new() { ["out_trade_no"] = outTradeNo })
                : Failure("40004", "Business Failed", "ACQ.TRADE_NOT_EXIST", "交易不存在"));
        }

        return method switch
        {
            AlipayProtocol.Query => Answer(method, QueryAnswer(trade)),
            AlipayProtocol.Close => Answer(method, CloseAnswer(trade)),
            AlipayProtocol.Refund => Answer(method, RefundAnswer(trade, Content<AlipayRefundContent>(parameters))),
            AlipayProtocol.RefundQuery => Answer(method, RefundQueryAnswer(trade, Content<AlipayRefundQueryContent>(parameters)?.OutRequestNo)),
            _ => Answer(method, Failure("40004", "Business Failed", "isv.invalid-method", "不存在的方法名")),
        };
    }

    public EmulatedAlipayTrade? Find(string tradeNo) =>
        trades.Values.FirstOrDefault(t => t.TradeNo == tradeNo)?.Snapshot(clock.GetUtcNow());

    /// <summary>How much of the trade has been refunded (each out_request_no counted once).</summary>
    public long RefundedFen(string outTradeNo)
    {
        if (!trades.TryGetValue(outTradeNo, out var trade))
        {
            return 0;
        }

        lock (trade)
        {
            return trade.RefundedFen;
        }
    }

    /// <summary>
    /// The demo payer pressed Pay: the trade is paid, the notification sent (unless <paramref name="notify"/> is false:
    /// a lost notification), and the browser goes to the signed return.
    /// </summary>
    public async Task<EmulatedAlipayOutcome> PayAsync(string tradeNo, bool notify = true, CancellationToken cancellationToken = default)
    {
        var trade = trades.Values.FirstOrDefault(t => t.TradeNo == tradeNo);
        if (trade is null)
        {
            return new EmulatedAlipayOutcome(EmulatedPayment.NotFound, null);
        }

        var now = clock.GetUtcNow();
        lock (trade)
        {
            var status = trade.CurrentStatus(now);
            if (status != "WAIT_BUYER_PAY")
            {
                return new EmulatedAlipayOutcome(status == "TRADE_SUCCESS" ? EmulatedPayment.AlreadyPaid : EmulatedPayment.Closed, trade.ReturnUrl);
            }

            trade.Status = "TRADE_SUCCESS";
            trade.PaidAt = FormatTime(now);
        }

        if (notify)
        {
            var notification = NotificationFields(trade, "TRADE_SUCCESS", now);
            await notifier.PostAsync(trade.NotifyUrl, AlipayProtocol.FormBody(notification), "application/x-www-form-urlencoded", new Dictionary<string, string>(), cancellationToken);
        }

        trade.SignedReturnUrl = ReturnWithSignature(trade, now);
        return new EmulatedAlipayOutcome(EmulatedPayment.Paid, trade.SignedReturnUrl);
    }

    /// <summary>The demo payer pressed Cancel: back to the merchant (wap.pay's quit_url, or its return_url), nothing paid.</summary>
    public string? Cancel(string tradeNo) =>
        trades.Values.FirstOrDefault(t => t.TradeNo == tradeNo) is { } trade ? trade.QuitUrl ?? trade.ReturnUrl : null;

    private string? RequestProblem(IReadOnlyDictionary<string, string> parameters)
    {
        if (parameters.GetValueOrDefault("app_id") != GatewayEmulatorKeys.AlipayAppId)
        {
            return "app_id 无效";
        }

        if (!AlipayProtocol.RequestVerifies(parameters, keys.AlipayApp))
        {
            return "验签出错";
        }

        return AlipayProtocol.TryParseTime(parameters.GetValueOrDefault("timestamp"), out var sent)
            && (clock.GetUtcNow() - sent).Duration() <= WebhookSignature.Tolerance
            && parameters.GetValueOrDefault("charset") == AlipayProtocol.Charset && parameters.GetValueOrDefault("version") == AlipayProtocol.Version
                ? null
                : "timestamp、charset 或 version 无效";
    }

    private Dictionary<string, object?> QueryAnswer(Trade trade)
    {
        lock (trade)
        {
            var status = trade.CurrentStatus(clock.GetUtcNow());
            return Success(new()
            {
                ["trade_no"] = trade.TradeNo,
                ["out_trade_no"] = trade.OutTradeNo,
                ["buyer_logon_id"] = "dev***@example.com",
                ["trade_status"] = status,
                ["total_amount"] = AlipayProtocol.Yuan(trade.AmountFen),
                ["buyer_pay_amount"] = status == "WAIT_BUYER_PAY" ? "0.00" : AlipayProtocol.Yuan(trade.AmountFen),
                ["send_pay_date"] = trade.PaidAt,
            });
        }
    }

    private Dictionary<string, object?> CloseAnswer(Trade trade)
    {
        lock (trade)
        {
            if (trade.CurrentStatus(clock.GetUtcNow()) is "TRADE_SUCCESS" or "TRADE_FINISHED")
            {
                return Failure("40004", "Business Failed", "ACQ.TRADE_STATUS_ERROR", "交易状态不合法");
            }

            trade.Status = "TRADE_CLOSED";
            return Success(new() { ["trade_no"] = trade.TradeNo, ["out_trade_no"] = trade.OutTradeNo });
        }
    }

    private Dictionary<string, object?> RefundAnswer(Trade trade, AlipayRefundContent? content)
    {
        if (content is null || string.IsNullOrEmpty(content.OutRequestNo) || !AlipayProtocol.TryParseFen(content.RefundAmount, out var fen) || fen <= 0)
        {
            return Failure("40004", "Business Failed", "ACQ.INVALID_PARAMETER", "参数无效");
        }

        var now = clock.GetUtcNow();
        bool changed;
        lock (trade)
        {
            if (trade.Refunds.TryGetValue(content.OutRequestNo, out var earlier))
            {
                // The same out_request_no is the same refund: answered again (fund_change N), never paid again.
                if (earlier != fen)
                {
                    return Failure("40004", "Business Failed", "ACQ.DISCORDANT_REPEAT_REQUEST", "同一笔退款请求金额不一致");
                }

                changed = false;
            }
            else
            {
                if (trade.Status != "TRADE_SUCCESS")
                {
                    return Failure("40004", "Business Failed", "ACQ.TRADE_STATUS_ERROR", "交易状态不合法");
                }

                if (trade.RefundedFen + fen > trade.AmountFen)
                {
                    return Failure("40004", "Business Failed", "ACQ.REFUND_AMT_NOT_EQUAL_TOTAL", "退款金额超限");
                }

                trade.Refunds[content.OutRequestNo] = fen;
                trade.RefundedAt = FormatTime(now);
                changed = true;
            }
        }

        if (changed)
        {
            var fields = NotificationFields(trade, trade.RefundedFen == trade.AmountFen ? "TRADE_CLOSED" : "TRADE_SUCCESS", now);
            fields["out_biz_no"] = content.OutRequestNo;
            fields["refund_fee"] = AlipayProtocol.Yuan(trade.RefundedFen);
            fields["gmt_refund"] = FormatTime(now);
            fields.Remove("sign");
            fields["sign"] = RsaKeys.Sign(keys.AlipayPlatform, AlipayProtocol.SigningText(fields, "sign", "sign_type"));
            notifier.PostLater(trade.NotifyUrl, AlipayProtocol.FormBody(fields), "application/x-www-form-urlencoded", new Dictionary<string, string>());
        }

        return Success(new()
        {
            ["trade_no"] = trade.TradeNo,
            ["out_trade_no"] = trade.OutTradeNo,
            ["buyer_logon_id"] = "dev***@example.com",
            ["fund_change"] = changed ? "Y" : "N",
            ["refund_fee"] = AlipayProtocol.Yuan(trade.RefundedFen),
            ["gmt_refund_pay"] = trade.RefundedAt,
        });
    }

    private static Dictionary<string, object?> RefundQueryAnswer(Trade trade, string? outRequestNo)
    {
        lock (trade)
        {
            var answer = Success(new() { ["trade_no"] = trade.TradeNo, ["out_trade_no"] = trade.OutTradeNo, ["out_request_no"] = outRequestNo });
            if (outRequestNo is not null && trade.Refunds.TryGetValue(outRequestNo, out var fen))
            {
                answer["refund_status"] = "REFUND_SUCCESS";
                answer["refund_amount"] = AlipayProtocol.Yuan(fen);
                answer["total_amount"] = AlipayProtocol.Yuan(trade.AmountFen);
            }

            return answer;
        }
    }

    /// <summary>An asynchronous notification's fields, signed with the emulator's Alipay key.</summary>
    private Dictionary<string, string> NotificationFields(Trade trade, string status, DateTimeOffset now)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["notify_time"] = FormatTime(now),
            ["notify_type"] = "trade_status_sync",
            ["notify_id"] = RandomNumberGenerator.GetHexString(34, lowercase: true),
            ["app_id"] = GatewayEmulatorKeys.AlipayAppId,
            ["charset"] = AlipayProtocol.Charset,
            ["version"] = AlipayProtocol.Version,
            ["sign_type"] = AlipayProtocol.SignType,
            ["trade_no"] = trade.TradeNo,
            ["out_trade_no"] = trade.OutTradeNo,
            ["buyer_id"] = "2088000000000099",
            ["buyer_logon_id"] = "dev***@example.com",
            ["seller_id"] = GatewayEmulatorKeys.AlipaySellerId,
            ["trade_status"] = status,
            ["total_amount"] = AlipayProtocol.Yuan(trade.AmountFen),
            ["receipt_amount"] = AlipayProtocol.Yuan(trade.AmountFen),
            ["buyer_pay_amount"] = AlipayProtocol.Yuan(trade.AmountFen),
            ["subject"] = trade.Subject,
            ["gmt_create"] = trade.CreatedAt,
            ["gmt_payment"] = trade.PaidAt ?? "",
        };
        fields["sign"] = RsaKeys.Sign(keys.AlipayPlatform, AlipayProtocol.SigningText(fields, "sign", "sign_type"));
        return fields;
    }

    /// <summary>The merchant's return_url with the synchronous parameters Alipay signs onto it.</summary>
    private string ReturnWithSignature(Trade trade, DateTimeOffset now)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["charset"] = AlipayProtocol.Charset,
            ["out_trade_no"] = trade.OutTradeNo,
            ["method"] = (trade.Wap ? AlipayProtocol.WapPay : AlipayProtocol.PagePay) + ".return",
            ["total_amount"] = AlipayProtocol.Yuan(trade.AmountFen),
            ["trade_no"] = trade.TradeNo,
            ["auth_app_id"] = GatewayEmulatorKeys.AlipayAppId,
            ["version"] = AlipayProtocol.Version,
            ["app_id"] = GatewayEmulatorKeys.AlipayAppId,
            ["sign_type"] = AlipayProtocol.SignType,
            ["seller_id"] = GatewayEmulatorKeys.AlipaySellerId,
            ["timestamp"] = FormatTime(now),
        };
        fields["sign"] = RsaKeys.Sign(keys.AlipayPlatform, AlipayProtocol.SigningText(fields, "sign", "sign_type"));
        return $"{trade.ReturnUrl}{(trade.ReturnUrl.Contains('?', StringComparison.Ordinal) ? '&' : '?')}{AlipayProtocol.FormBody(fields)}";
    }

    private EmulatorReply Answer(string method, Dictionary<string, object?> response) =>
        EmulatorReply.Json(200, AlipayProtocol.Answer(method, JsonSerializer.Serialize(response, AlipayProtocol.Json), keys.AlipayPlatform));

    private static Dictionary<string, object?> Success(Dictionary<string, object?> fields)
    {
        var answer = new Dictionary<string, object?> { ["code"] = AlipayProtocol.Success, ["msg"] = "Success" };
        foreach (var (key, value) in fields.Where(f => f.Value is not null))
        {
            answer[key] = value;
        }

        return answer;
    }

    private static Dictionary<string, object?> Failure(string code, string message, string subCode, string subMessage) =>
        new() { ["code"] = code, ["msg"] = message, ["sub_code"] = subCode, ["sub_msg"] = subMessage };

    private static T? Content<T>(IReadOnlyDictionary<string, string> parameters)
        where T : class
    {
        try
        {
            return JsonSerializer.Deserialize<T>(parameters.GetValueOrDefault("biz_content") ?? "", AlipayProtocol.Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private string TradeNo() =>
        clock.GetUtcNow().ToOffset(TimeSpan.FromHours(8)).ToString("yyyyMMdd", CultureInfo.InvariantCulture) + "22001"
        + RandomNumberGenerator.GetString("0123456789", 15);

    private static string FormatTime(DateTimeOffset at) => AlipayProtocol.Time(at);

    private sealed class Trade(string tradeNo, string outTradeNo, string subject, long amountFen, DateTimeOffset expiresAt, string createdAt)
    {
        public string TradeNo { get; } = tradeNo;
        public string OutTradeNo { get; } = outTradeNo;
        public string Subject { get; } = subject;
        public long AmountFen { get; } = amountFen;
        public string CreatedAt { get; } = createdAt;
        public string Status { get; set; } = "WAIT_BUYER_PAY";
        public string NotifyUrl { get; set; } = "";
        public string ReturnUrl { get; set; } = "";
        public string? QuitUrl { get; set; }
        public bool Wap { get; set; }
        public string? PaidAt { get; set; }
        public string? RefundedAt { get; set; }

        /// <summary>Where the desk cashier sends the browser once the trade is paid (from a phone that scanned its QR code).</summary>
        public string? SignedReturnUrl { get; set; }
        public Dictionary<string, long> Refunds { get; } = new(StringComparer.Ordinal);

        public long RefundedFen => Refunds.Values.Sum();

        /// <summary>A trade nobody paid before its <c>time_expire</c> is closed.</summary>
        public string CurrentStatus(DateTimeOffset now) => Status == "WAIT_BUYER_PAY" && now > expiresAt ? "TRADE_CLOSED" : Status;

        public EmulatedAlipayTrade Snapshot(DateTimeOffset now) =>
            new(TradeNo, OutTradeNo, Subject, AmountFen, CurrentStatus(now), Wap, expiresAt, SignedReturnUrl);
    }
}
