using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Sponsorship.Core.Payments;

namespace Sponsorship.Core.Tests.Payments;

/// <summary>
/// What we send is signed as the providers check it: rebuilt here from the published rules and verified with the
/// public half of the keys this test generated.
/// </summary>
public partial class RequestSignatureTests(GatewayDatabase database) : IClassFixture<GatewayDatabase>
{
    [Fact]
    public void A_WeChat_Pay_request_carries_an_Authorization_header_that_verifies_under_the_merchants_public_key()
    {
        const string body = "{\"mchid\":\"1230000109\"}";
        const string url = "/v3/pay/transactions/out-trade-no/TB0123456789/close";

        var header = database.WeChatClient.Authorize("POST", url, body);

        var match = AuthorizationHeader().Match(header);
        Assert.True(match.Success, header);
        var fields = match.Groups["pairs"].Value.Split(',').Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1].Trim('"'));
        Assert.Equal(GatewayDatabase.MerchantId, fields["mchid"]);
        Assert.Equal(GatewayDatabase.MerchantSerial, fields["serial_no"]);
        Assert.Equal(database.Clock.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), fields["timestamp"]);
        Assert.Equal(32, fields["nonce_str"].Length);
        var message = $"POST\n{url}\n{fields["timestamp"]}\n{fields["nonce_str"]}\n{body}\n";
        Assert.True(database.Merchant.VerifyData(
            Encoding.UTF8.GetBytes(message), Convert.FromBase64String(fields["signature"]), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));

        // Not the key of anyone else, and not over any other request.
        Assert.False(database.Stranger.VerifyData(
            Encoding.UTF8.GetBytes(message), Convert.FromBase64String(fields["signature"]), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
        Assert.False(database.Merchant.VerifyData(
            Encoding.UTF8.GetBytes(message.Replace("close", "query", StringComparison.Ordinal)), Convert.FromBase64String(fields["signature"]),
            HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
    }

    [Fact]
    public void An_Alipay_call_is_signed_RSA2_over_its_sorted_parameters_and_verifies_under_the_apps_public_key()
    {
        var parameters = database.AlipayClient.SignedRequest(AlipayProtocol.Refund, new AlipayRefundContent("TB0123456789", "1000.50", "退款", "RF0123456789"));

        Assert.Equal(
            ["app_id", "biz_content", "charset", "format", "method", "sign", "sign_type", "timestamp", "version"],
            parameters.Keys.Order(StringComparer.Ordinal));
        Assert.Equal((GatewayDatabase.AlipayAppId, "RSA2", "utf-8", "1.0"), (parameters["app_id"], parameters["sign_type"], parameters["charset"], parameters["version"]));
        Assert.Equal("2026-11-29 16:00:00", parameters["timestamp"]);
        var content = JsonDocument.Parse(parameters["biz_content"]).RootElement;
        Assert.Equal(("TB0123456789", "1000.50", "RF0123456789"),
            (content.GetProperty("out_trade_no").GetString(), content.GetProperty("refund_amount").GetString(), content.GetProperty("out_request_no").GetString()));
        Assert.True(VerifiesAsAlipayDoes(parameters, database.AlipayApp));
        Assert.False(VerifiesAsAlipayDoes(parameters, database.Stranger));
        Assert.False(VerifiesAsAlipayDoes(new Dictionary<string, string>(parameters) { ["method"] = AlipayProtocol.Query }, database.AlipayApp));
    }

    [Fact]
    public void The_Alipay_cashier_forms_are_signed_carry_the_exact_amount_and_send_the_sponsor_back_to_our_public_address()
    {
        var order = new GatewayOrder("TB0123456789", 180_000, "CNY", "一年认养 · 小白", database.Clock.GetUtcNow().AddMinutes(15));

        var desk = database.Alipay.CashierForm(order, AlipayPayments.PageChannel, $"{GatewayDatabase.PublicBaseUrl}/my/payments/TB0123456789/return");
        var phone = database.Alipay.CashierForm(order, AlipayPayments.WapChannel, $"{GatewayDatabase.PublicBaseUrl}/my/payments/TB0123456789/return");

        Assert.Equal("https://openapi.alipay.com/gateway.do?charset=utf-8", desk.Action);
        foreach (var (form, method, product) in new[] { (desk, "alipay.trade.page.pay", "FAST_INSTANT_TRADE_PAY"), (phone, "alipay.trade.wap.pay", "QUICK_WAP_WAY") })
        {
            var fields = form.Fields.ToDictionary(f => f.Key, f => f.Value);
            Assert.Equal(method, fields["method"]);
            Assert.Equal($"{GatewayDatabase.PublicBaseUrl}/webhooks/payments/alipay", fields["notify_url"]);
            Assert.Equal($"{GatewayDatabase.PublicBaseUrl}/my/payments/TB0123456789/return", fields["return_url"]);
            var content = JsonDocument.Parse(fields["biz_content"]).RootElement;
            Assert.Equal(("1800.00", product, "2026-11-29 16:15:00"),
                (content.GetProperty("total_amount").GetString(), content.GetProperty("product_code").GetString(), content.GetProperty("time_expire").GetString()));
            Assert.True(VerifiesAsAlipayDoes(fields, database.AlipayApp));
        }
    }

    [Fact]
    public void Keys_are_read_from_PEM_text_bare_base64_or_the_path_of_a_file()
    {
        var file = Path.Combine(database.Folder, "apiclient_key.pem");
        File.WriteAllText(file, RsaKeys.PrivatePem(database.Merchant));
        var signature = RsaKeys.Sign(database.Merchant, "message");

        using var fromPem = RsaKeys.Load(RsaKeys.PublicPem(database.Merchant));
        using var fromBase64 = RsaKeys.Load(Convert.ToBase64String(database.Merchant.ExportSubjectPublicKeyInfo()));
        using var fromFile = RsaKeys.Load(file);

        Assert.True(RsaKeys.Verify(fromPem, "message", signature));
        Assert.True(RsaKeys.Verify(fromBase64, "message", signature));
        Assert.True(RsaKeys.Verify(fromFile, "message", RsaKeys.Sign(fromFile, "message")));
        Assert.Throws<FormatException>(() => RsaKeys.Load("not a key"));
    }

    /// <summary>The gateway's check: every parameter but <c>sign</c>, non-empty, sorted, <c>k=v</c> joined by <c>&amp;</c>.</summary>
    private static bool VerifiesAsAlipayDoes(Dictionary<string, string> parameters, RSA appKey)
    {
        var text = string.Join('&', parameters.Where(p => p.Key != "sign" && p.Value.Length > 0).OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"));
        return appKey.VerifyData(Encoding.UTF8.GetBytes(text), Convert.FromBase64String(parameters["sign"]), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
    }

    [GeneratedRegex("^WECHATPAY2-SHA256-RSA2048 (?<pairs>.+)$")]
    private static partial Regex AuthorizationHeader();
}
