using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Sponsorship.Core.Payments;

/// <summary><c>biz_content</c> of <c>alipay.trade.page.pay</c> (FAST_INSTANT_TRADE_PAY) and <c>alipay.trade.wap.pay</c> (QUICK_WAP_WAY).</summary>
public sealed record AlipayPayContent(
    string OutTradeNo, string TotalAmount, string Subject, string ProductCode, string TimeExpire, string? QuitUrl = null);

/// <summary><c>biz_content</c> of <c>alipay.trade.query</c> and <c>alipay.trade.close</c>.</summary>
public sealed record AlipayTradeContent(string OutTradeNo);

/// <summary><c>biz_content</c> of <c>alipay.trade.refund</c>: <c>out_request_no</c> makes a retried refund the same refund.</summary>
public sealed record AlipayRefundContent(string OutTradeNo, string RefundAmount, string RefundReason, string OutRequestNo);

/// <summary><c>biz_content</c> of <c>alipay.trade.fastpay.refund.query</c>.</summary>
public sealed record AlipayRefundQueryContent(string OutTradeNo, string OutRequestNo);

/// <summary>One answer of the gateway, its signature verified: <c>code</c> 10000 is success, else <c>sub_code</c> says why.</summary>
public sealed record AlipayAnswer(JsonElement Response)
{
    public string Code => Text("code") ?? "";

    public string SubCode => Text("sub_code") ?? "";

    public bool IsSuccess => Code == AlipayProtocol.Success;

    public string? Text(string name) => Response.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public override string ToString() => Response.GetRawText();
}

/// <summary>
/// Calls the Alipay gateway: the request parameters signed RSA2 with the app's private key and posted as a form, the
/// answer accepted only when Alipay's signature over its response object verifies.
/// </summary>
public sealed class AlipayClient(IHttpClientFactory clients, IOptions<PaymentOptions> options, TimeProvider clock) : IDisposable
{
    public const string HttpClientName = "alipay";

    private readonly Lazy<RSA> appKey = new(() => RsaKeys.Load(options.Value.Alipay.AppPrivateKey));
    private readonly Lazy<RSA> alipayKey = new(() => RsaKeys.Load(options.Value.Alipay.AlipayPublicKey));

    public PaymentOptions.AlipaySettings Settings => options.Value.Alipay;

    public RSA AlipayKey => alipayKey.Value;

    /// <summary>A request's parameters, signed: for a browser form (page.pay, wap.pay) or for <see cref="CallAsync"/>.</summary>
    public Dictionary<string, string> SignedRequest(string method, object bizContent, IReadOnlyDictionary<string, string>? extra = null)
    {
        var parameters = AlipayProtocol.Request(Settings.AppId, method, bizContent, clock.GetUtcNow());
        foreach (var (key, value) in extra ?? new Dictionary<string, string>())
        {
            parameters[key] = value;
        }

        return AlipayProtocol.WithSignature(parameters, appKey.Value);
    }

    public async Task<AlipayAnswer> CallAsync(string method, object bizContent, CancellationToken cancellationToken)
    {
        var parameters = SignedRequest(method, bizContent);
        using var content = new StringContent(AlipayProtocol.FormBody(parameters), Encoding.UTF8, "application/x-www-form-urlencoded");
        using var client = clients.CreateClient(HttpClientName);
        string body;
        try
        {
            using var reply = await client.PostAsync(new Uri($"{Settings.GatewayUrl}?charset={AlipayProtocol.Charset}"), content, cancellationToken);
            body = await reply.Content.ReadAsStringAsync(cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw new PaymentGatewayException($"Alipay could not be reached: {e.Message}", e);
        }

        JsonElement? response;
        string? unsignedError;
        try
        {
            response = AlipayProtocol.ReadAnswer(body, method, alipayKey.Value, out unsignedError);
        }
        catch (JsonException e)
        {
            throw new PaymentGatewayException($"Alipay answered {method} with something that is not JSON.", e);
        }

        return response is { } verified
            ? new AlipayAnswer(verified)
            : throw new PaymentGatewayException(unsignedError is null
                ? $"Alipay's answer to {method} cannot be trusted: its signature does not verify"
                : $"Alipay refused {method}: {unsignedError}");
    }

    public void Dispose()
    {
        if (appKey.IsValueCreated)
        {
            appKey.Value.Dispose();
        }

        if (alipayKey.IsValueCreated)
        {
            alipayKey.Value.Dispose();
        }
    }
}
