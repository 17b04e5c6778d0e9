using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Sponsorship.Core.Payments;

/// <summary>
/// The rules of the Alipay open platform (RSA2), used by our client and by the Development emulator alike.
/// <list type="bullet">
/// <item>A request's parameters — the common ones (<c>app_id</c>, <c>method</c>, <c>format</c>, <c>charset</c>,
/// <c>sign_type</c>, <c>timestamp</c>, <c>version</c>, <c>notify_url</c>, <c>return_url</c>) and <c>biz_content</c> (JSON) —
/// are sorted by name, those with empty values left out, joined as <c>key=value&amp;…</c> without URL encoding, and
/// signed SHA256withRSA with the app's private key into <c>sign</c>.</item>
/// <item>An asynchronous notification is verified the same way with Alipay's public key after removing <c>sign</c> and
/// <c>sign_type</c>.</item>
/// <item>An API answer is <c>{"alipay_trade_query_response":{…},"sign":"…"}</c>: the signature covers the exact text of
/// the response object as received.</item>
/// </list>
/// Times are Beijing time, <c>yyyy-MM-dd HH:mm:ss</c>; amounts are yuan with at most two decimals.
/// </summary>
public static partial class AlipayProtocol
{
    public const string SignType = "RSA2";
    public const string Charset = "utf-8";
    public const string Version = "1.0";
    public const string PagePay = "alipay.trade.page.pay";
    public const string WapPay = "alipay.trade.wap.pay";
    public const string Query = "alipay.trade.query";
    public const string Close = "alipay.trade.close";
    public const string Refund = "alipay.trade.refund";
    public const string RefundQuery = "alipay.trade.fastpay.refund.query";
    public const string Success = "10000";

    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);

    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The text that is signed: every parameter but the excluded ones, non-empty, sorted by name (ordinal), <c>k=v</c> joined by <c>&amp;</c>.</summary>
    public static string SigningText(IEnumerable<KeyValuePair<string, string>> parameters, params string[] exclude) =>
        string.Join('&', parameters
            .Where(p => !exclude.Contains(p.Key) && !string.IsNullOrEmpty(p.Value))
            .OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => $"{p.Key}={p.Value}"));

    /// <summary>Adds <c>sign</c> to the request parameters (everything else is signed, <c>sign_type</c> included).</summary>
    public static Dictionary<string, string> WithSignature(Dictionary<string, string> parameters, RSA appKey)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        parameters["sign"] = RsaKeys.Sign(appKey, SigningText(parameters, "sign"));
        return parameters;
    }

    /// <summary>Whether a request's parameters carry a valid RSA2 signature (what the gateway checks).</summary>
    public static bool RequestVerifies(IReadOnlyDictionary<string, string> parameters, RSA appPublicKey)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return parameters.GetValueOrDefault("sign_type") == SignType
            && RsaKeys.Verify(appPublicKey, SigningText(parameters, "sign"), parameters.GetValueOrDefault("sign"));
    }

    /// <summary>Whether a notification (or a return to the merchant's page) verifies: <c>sign</c> and <c>sign_type</c> are both left out.</summary>
    public static bool NotificationVerifies(IReadOnlyDictionary<string, string> parameters, RSA alipayPublicKey)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return parameters.GetValueOrDefault("sign_type") == SignType
            && RsaKeys.Verify(alipayPublicKey, SigningText(parameters, "sign", "sign_type"), parameters.GetValueOrDefault("sign"));
    }

    /// <summary>The common request parameters of one call, unsigned.</summary>
    public static Dictionary<string, string> Request(string appId, string method, object bizContent, DateTimeOffset now) => new(StringComparer.Ordinal)
    {
        ["app_id"] = appId,
        ["method"] = method,
        ["format"] = "JSON",
        ["charset"] = Charset,
        ["sign_type"] = SignType,
        ["timestamp"] = Time(now),
        ["version"] = Version,
        ["biz_content"] = JsonSerializer.Serialize(bizContent, Json),
    };

    /// <summary>The response object's name for a method: <c>alipay.trade.query</c> answers in <c>alipay_trade_query_response</c>.</summary>
    public static string ResponseName(string method) => method.Replace('.', '_') + "_response";

    /// <summary>An answer as the gateway writes it: the response object's exact text, then its signature over that text.</summary>
    public static string Answer(string method, string responseJson, RSA alipayKey) =>
        $"{{\"{ResponseName(method)}\":{responseJson},\"sign\":\"{RsaKeys.Sign(alipayKey, responseJson)}\"}}";

    /// <summary>
    /// Reads an answer: the response object (as a detached element) when its signature verifies, or null. An error
    /// answer may come unsigned (a refused signature, for one); it is returned only through <paramref name="unsignedError"/>.
    /// </summary>
    public static JsonElement? ReadAnswer(string body, string method, RSA alipayPublicKey, out string? unsignedError)
    {
        unsignedError = null;
        using var document = JsonDocument.Parse(body);
        if (!document.RootElement.TryGetProperty(ResponseName(method), out var response) && !document.RootElement.TryGetProperty("error_response", out response))
        {
            return null;
        }

        var text = response.GetRawText();
        var signed = document.RootElement.TryGetProperty("sign", out var sign) && sign.ValueKind == JsonValueKind.String
            && RsaKeys.Verify(alipayPublicKey, text, sign.GetString());
        if (!signed)
        {
            unsignedError = response.TryGetProperty("code", out var code) && code.GetString() != Success ? text : null;
            return null;
        }

        return response.Clone();
    }

    public static string Time(DateTimeOffset at) => at.ToOffset(Beijing).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    public static bool TryParseTime(string? text, out DateTimeOffset at)
    {
        at = default;
        if (!DateTime.TryParseExact(text, "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            return false;
        }

        at = new DateTimeOffset(local, Beijing);
        return true;
    }

    /// <summary>Fen as Alipay writes an amount: yuan with two decimals ("1800.00").</summary>
    public static string Yuan(long fen) => (fen / 100m).ToString("0.00", CultureInfo.InvariantCulture);

    /// <summary>An amount exactly as written ("1800.00", "1800.5", "1800"), in fen; anything else is refused.</summary>
    public static bool TryParseFen(string? text, out long fen)
    {
        fen = 0;
        if (text is null || !Amount().IsMatch(text))
        {
            return false;
        }

        fen = (long)(decimal.Parse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture) * 100m);
        return true;
    }

    public static string FormBody(IEnumerable<KeyValuePair<string, string>> parameters) =>
        string.Join('&', parameters.Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value)}"));

    [GeneratedRegex(@"^\d{1,10}(\.\d{1,2})?$", RegexOptions.CultureInvariant)]
    private static partial Regex Amount();
}
