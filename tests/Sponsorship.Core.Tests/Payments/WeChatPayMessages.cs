using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Sponsorship.Core.Tests.Payments;

/// <summary>
/// Notifications as WeChat Pay sends them, built here from the published format (not with the app's own code, so a
/// mistake there cannot hide in both): a JSON envelope whose <c>resource</c> is AES-256-GCM-sealed with the APIv3 key,
/// signed SHA256withRSA over <c>timestamp\nnonce\nbody\n</c> in the <c>Wechatpay-*</c> headers.
/// </summary>
public static class WeChatPayMessages
{
    public static string Transaction(string outTradeNo, long totalFen, string mchid = GatewayDatabase.MerchantId, string appid = GatewayDatabase.WeChatAppId,
        string state = "SUCCESS", string currency = "CNY") =>
        JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["mchid"] = mchid,
            ["appid"] = appid,
            ["out_trade_no"] = outTradeNo,
            ["transaction_id"] = "4200001234" + RandomNumberGenerator.GetInt32(100_000_000, 999_999_999).ToString(CultureInfo.InvariantCulture),
            ["trade_type"] = "NATIVE",
            ["trade_state"] = state,
            ["trade_state_desc"] = "支付成功",
            ["bank_type"] = "CMC",
            ["attach"] = "",
            ["success_time"] = "2026-11-29T16:00:00+08:00",
            ["payer"] = new Dictionary<string, string> { ["openid"] = "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o" },
            ["amount"] = new Dictionary<string, object> { ["total"] = totalFen, ["payer_total"] = totalFen, ["currency"] = currency, ["payer_currency"] = currency },
        });

    public static string RefundResult(string outTradeNo, string outRefundNo, long refundFen, long totalFen, string status = "SUCCESS") =>
        JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["mchid"] = GatewayDatabase.MerchantId,
            ["out_trade_no"] = outTradeNo,
            ["transaction_id"] = "4200000000000000000000000001",
            ["out_refund_no"] = outRefundNo,
            ["refund_id"] = "50000000382019052709732678859",
            ["refund_status"] = status,
            ["success_time"] = "2026-11-29T16:10:00+08:00",
            ["user_received_account"] = "支付用户零钱",
            ["amount"] = new Dictionary<string, object> { ["total"] = totalFen, ["refund"] = refundFen, ["payer_total"] = totalFen, ["payer_refund"] = refundFen },
        });

    /// <summary>The envelope: an event id, type and the sealed resource.</summary>
    public static string Envelope(string eventType, string plaintext, string apiV3Key, string? id = null, string originalType = "transaction")
    {
        var nonce = RandomNumberGenerator.GetString("abcdefghijklmnopqrstuvwxyz0123456789", 12);
        return JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["id"] = id ?? Guid.NewGuid().ToString(),
            ["create_time"] = "2026-11-29T16:00:01+08:00",
            ["resource_type"] = "encrypt-resource",
            ["event_type"] = eventType,
            ["summary"] = "支付成功",
            ["resource"] = new Dictionary<string, string>
            {
                ["original_type"] = originalType,
                ["algorithm"] = "AEAD_AES_256_GCM",
                ["ciphertext"] = Seal(apiV3Key, nonce, originalType, plaintext),
                ["associated_data"] = originalType,
                ["nonce"] = nonce,
            },
        });
    }

    public static string Seal(string apiV3Key, string nonce, string associatedData, string plaintext)
    {
        var plain = Encoding.UTF8.GetBytes(plaintext);
        var cipher = new byte[plain.Length];
        var tag = new byte[16];
        using var aes = new AesGcm(Encoding.UTF8.GetBytes(apiV3Key), 16);
        aes.Encrypt(Encoding.UTF8.GetBytes(nonce), plain, cipher, tag, Encoding.UTF8.GetBytes(associatedData));
        return Convert.ToBase64String([.. cipher, .. tag]);
    }

    /// <summary>The four headers, signed with <paramref name="key"/> at <paramref name="at"/>.</summary>
    public static Dictionary<string, string> Headers(string body, RSA key, DateTimeOffset at, string serial = GatewayDatabase.PlatformKeyId)
    {
        var timestamp = at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var nonce = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        var signature = key.SignData(Encoding.UTF8.GetBytes($"{timestamp}\n{nonce}\n{body}\n"), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return new Dictionary<string, string>
        {
            ["Wechatpay-Timestamp"] = timestamp,
            ["Wechatpay-Nonce"] = nonce,
            ["Wechatpay-Signature"] = Convert.ToBase64String(signature),
            ["Wechatpay-Serial"] = serial,
            ["Wechatpay-Signature-Type"] = "WECHATPAY2-SHA256-RSA2048",
        };
    }
}
