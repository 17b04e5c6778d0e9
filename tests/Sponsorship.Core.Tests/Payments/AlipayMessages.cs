using System.Security.Cryptography;
using System.Text;

namespace Sponsorship.Core.Tests.Payments;

/// <summary>
/// Asynchronous notifications as Alipay sends them, built here from the published format: form fields, signed
/// SHA256withRSA over the sorted <c>key=value</c> pairs without <c>sign</c> and <c>sign_type</c>, posted form-encoded.
/// </summary>
public static class AlipayMessages
{
    public static Dictionary<string, string> TradeStatus(string outTradeNo, string totalAmount, DateTimeOffset sentAt, string status = "TRADE_SUCCESS",
        string appId = GatewayDatabase.AlipayAppId, string sellerId = GatewayDatabase.SellerId) => new(StringComparer.Ordinal)
    {
        ["notify_time"] = sentAt.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture),
        ["notify_type"] = "trade_status_sync",
        ["notify_id"] = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(17)),
        ["app_id"] = appId,
        ["charset"] = "utf-8",
        ["version"] = "1.0",
        ["sign_type"] = "RSA2",
        ["trade_no"] = "2026112922001403021400000001",
        ["out_trade_no"] = outTradeNo,
        ["buyer_id"] = "2088102116773037",
        ["seller_id"] = sellerId,
        ["trade_status"] = status,
        ["total_amount"] = totalAmount,
        ["receipt_amount"] = totalAmount,
        ["subject"] = "草原认养 · 小白",
        ["gmt_create"] = "2026-11-29 16:00:00",
        ["gmt_payment"] = "2026-11-29 16:00:05",
    };

    public static Dictionary<string, string> WithSignature(Dictionary<string, string> fields, RSA key)
    {
        var text = string.Join('&', fields.Where(f => f.Key is not ("sign" or "sign_type") && f.Value.Length > 0)
            .OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => $"{f.Key}={f.Value}"));
        fields["sign"] = Convert.ToBase64String(key.SignData(Encoding.UTF8.GetBytes(text), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
        return fields;
    }

    public static string Form(IEnumerable<KeyValuePair<string, string>> fields) =>
        string.Join('&', fields.Select(f => $"{Uri.EscapeDataString(f.Key)}={Uri.EscapeDataString(f.Value)}"));
}
