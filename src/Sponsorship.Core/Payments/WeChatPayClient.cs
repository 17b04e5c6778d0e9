using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Sponsorship.Core.Payments;

/// <summary>A WeChat Pay API answer whose signature verified (or an error answer, which is never trusted for money).</summary>
public sealed record WeChatPayReply(HttpStatusCode Status, string Body)
{
    public bool IsSuccess => (int)Status is >= 200 and < 300;

    /// <summary>The error code of a non-2xx answer (<c>ORDER_NOT_EXIST</c>, <c>ORDERPAID</c>…), or "".</summary>
    public string ErrorCode => IsSuccess ? "" : WeChatPayJson.Read<WeChatError>(Body)?.Code ?? "";
}

/// <summary>
/// Talks to the WeChat Pay API v3 over HTTP: signs each request with the merchant's private key and verifies each
/// successful answer with the WeChat Pay public key (an unsigned or wrongly signed 2xx is treated as forged).
/// </summary>
public sealed class WeChatPayClient(IHttpClientFactory clients, IOptions<PaymentOptions> options, TimeProvider clock) : IDisposable
{
    public const string HttpClientName = "wechatpay";

    private readonly Lazy<RSA> merchantKey = new(() => RsaKeys.Load(options.Value.WeChat.MerchantPrivateKey));
    private readonly Lazy<RSA> platformKey = new(() => RsaKeys.Load(options.Value.WeChat.PlatformPublicKey));

    public PaymentOptions.WeChatPaySettings Settings => options.Value.WeChat;

    public RSA PlatformKey => platformKey.Value;

    /// <summary>The Authorization header for a request, as the protocol defines it.</summary>
    public string Authorize(string method, string pathAndQuery, string body)
    {
        var timestamp = WeChatPayProtocol.Timestamp(clock.GetUtcNow());
        var nonce = WeChatPayProtocol.Nonce();
        var signature = RsaKeys.Sign(merchantKey.Value, WeChatPayProtocol.RequestMessage(method, pathAndQuery, timestamp, nonce, body));
        return WeChatPayProtocol.Authorization(Settings.MerchantId, Settings.MerchantCertificateSerial, timestamp, nonce, signature);
    }

    public async Task<WeChatPayReply> SendAsync(HttpMethod method, string pathAndQuery, object? body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(method);
        var json = body is null ? "" : WeChatPayJson.Write(body);
        using var request = new HttpRequestMessage(method, new Uri(Settings.GatewayBaseUrl.TrimEnd('/') + pathAndQuery));
        request.Headers.TryAddWithoutValidation("Authorization", Authorize(method.Method, pathAndQuery, json));
        request.Headers.TryAddWithoutValidation("Accept", "application/json");
        request.Headers.TryAddWithoutValidation("User-Agent", "Sponsorship/1.0 (+WeChatPay APIv3)");
        request.Headers.TryAddWithoutValidation(WeChatPayProtocol.SerialHeader, Settings.PlatformPublicKeyId);
        if (body is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        using var client = clients.CreateClient(HttpClientName);
        HttpResponseMessage response;
        try
        {
            response = await client.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw new PaymentGatewayException($"WeChat Pay could not be reached: {e.Message}", e);
        }

        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            var reply = new WeChatPayReply(response.StatusCode, text);
            if (reply.IsSuccess)
            {
                string? Header(string name) => response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
                if (WeChatPayProtocol.SignatureProblem(Header, text, platformKey.Value, Settings.PlatformPublicKeyId, clock.GetUtcNow()) is { } problem)
                {
                    throw new PaymentGatewayException($"WeChat Pay's answer to {method} {pathAndQuery} cannot be trusted: {problem}");
                }
            }

            return reply;
        }
    }

    public void Dispose()
    {
        if (merchantKey.IsValueCreated)
        {
            merchantKey.Value.Dispose();
        }

        if (platformKey.IsValueCreated)
        {
            platformKey.Value.Dispose();
        }
    }
}
