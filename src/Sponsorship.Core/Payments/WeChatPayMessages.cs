using System.Text.Json;
using System.Text.Json.Serialization;

namespace Sponsorship.Core.Payments;

/// <summary>
/// The JSON bodies of WeChat Pay API v3 that we send and read, field for field (snake_case on the wire). Only the
/// fields this platform uses are named; WeChat Pay sends more, which are ignored.
/// </summary>
public static class WeChatPayJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Write<T>(T value) => JsonSerializer.Serialize(value, Options);

    /// <summary>The body as <typeparamref name="T"/>, or null when it is not that JSON.</summary>
    public static T? Read<T>(string body)
        where T : class
    {
        try
        {
            return JsonSerializer.Deserialize<T>(body, Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary><c>amount</c> of an order: <c>total</c> in fen, <c>currency</c> CNY.</summary>
public sealed record WeChatAmount(long Total, string Currency = "CNY");

/// <summary><c>scene_info</c>: H5 payment needs the payer's IP and <c>h5_info.type</c> (<c>Wap</c> for a mobile website).</summary>
public sealed record WeChatSceneInfo(string PayerClientIp, WeChatH5Info? H5Info = null);

public sealed record WeChatH5Info(string Type);

/// <summary>The body of <c>POST /v3/pay/transactions/native</c> and <c>/h5</c>.</summary>
public sealed record WeChatOrderRequest(
    string Appid, string Mchid, string Description, string OutTradeNo, string TimeExpire, string NotifyUrl, WeChatAmount Amount,
    WeChatSceneInfo? SceneInfo = null);

/// <summary>The answer to a Native order (<c>code_url</c>, shown as a QR code) or an H5 order (<c>h5_url</c>, opened on the phone).</summary>
public sealed record WeChatOrderReply(string? CodeUrl, string? H5Url);

/// <summary>The amounts of a transaction as WeChat Pay reports them.</summary>
public sealed record WeChatPaidAmount(long Total, long? PayerTotal = null, string? Currency = null, string? PayerCurrency = null);

public sealed record WeChatPayer(string? Openid);

/// <summary>
/// A transaction, as <c>GET /v3/pay/transactions/out-trade-no/{out_trade_no}</c> answers and as the decrypted resource
/// of a <c>TRANSACTION.SUCCESS</c> notification carries it. <c>trade_state</c>: SUCCESS, REFUND, NOTPAY, CLOSED,
/// REVOKED, USERPAYING, PAYERROR.
/// </summary>
public sealed record WeChatTransaction(
    string Appid, string Mchid, string OutTradeNo, string? TransactionId, string? TradeType, string TradeState, string? TradeStateDesc,
    string? SuccessTime, WeChatPaidAmount? Amount, WeChatPayer? Payer = null, string? BankType = null, string? Attach = null);

/// <summary><c>POST /v3/pay/transactions/out-trade-no/{out_trade_no}/close</c>.</summary>
public sealed record WeChatCloseRequest(string Mchid);

/// <summary><c>amount</c> of a refund request: <c>refund</c> and the order's <c>total</c>, in fen.</summary>
public sealed record WeChatRefundAmount(long Refund, long Total, string Currency);

/// <summary>The body of <c>POST /v3/refund/domestic/refunds</c>.</summary>
public sealed record WeChatRefundRequest(string OutTradeNo, string OutRefundNo, string? Reason, string NotifyUrl, WeChatRefundAmount Amount);

public sealed record WeChatRefundReplyAmount(long Total, long Refund, long? PayerTotal = null, long? PayerRefund = null, string? Currency = null);

/// <summary>A refund as the refund API answers: <c>status</c> SUCCESS, CLOSED, PROCESSING or ABNORMAL.</summary>
public sealed record WeChatRefund(
    string RefundId, string OutRefundNo, string? TransactionId, string OutTradeNo, string? Channel, string? UserReceivedAccount,
    string? SuccessTime, string? CreateTime, string Status, WeChatRefundReplyAmount Amount);

/// <summary>The decrypted resource of a <c>REFUND.*</c> notification: <c>refund_status</c> SUCCESS, CLOSED or ABNORMAL.</summary>
public sealed record WeChatRefundNotice(
    string Mchid, string OutTradeNo, string? TransactionId, string OutRefundNo, string? RefundId, string RefundStatus, string? SuccessTime,
    string? UserReceivedAccount, WeChatRefundReplyAmount Amount);

/// <summary>A notification's encrypted <c>resource</c>.</summary>
public sealed record WeChatResource(string OriginalType, string Algorithm, string Ciphertext, string? AssociatedData, string Nonce);

/// <summary>The body WeChat Pay posts to <c>notify_url</c>.</summary>
public sealed record WeChatNotification(
    string Id, string CreateTime, string ResourceType, string EventType, string? Summary, WeChatResource Resource);

/// <summary>Every error answer: a code (<c>ORDER_NOT_EXIST</c>, <c>ORDERPAID</c>, <c>SIGN_ERROR</c>…) and a message.</summary>
public sealed record WeChatError(string Code, string Message);
