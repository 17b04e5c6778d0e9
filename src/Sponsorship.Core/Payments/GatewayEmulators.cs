using System.Text;
using Microsoft.Extensions.Logging;

namespace Sponsorship.Core.Payments;

/// <summary>An answer of a gateway emulator, as the web endpoint writes it.</summary>
public sealed record EmulatorReply(int StatusCode, string ContentType, string Body, IReadOnlyDictionary<string, string> Headers)
{
    public static EmulatorReply Json(int status, string body, IReadOnlyDictionary<string, string>? headers = null) =>
        new(status, "application/json", body, headers ?? new Dictionary<string, string>());
}

/// <summary>What happened when the demo payer pressed Pay on an emulator's phone page.</summary>
public enum EmulatedPayment
{
    Paid,
    AlreadyPaid,

    /// <summary>Too late: the order's expiry time has passed, or the merchant closed it.</summary>
    Closed,
    NotFound,
}

/// <summary>
/// How both emulators post their notifications: to the <c>notify_url</c> the merchant gave, which they accept only
/// under <c>App:PublicBaseUrl</c> — the same path a real gateway's notification takes into the app.
/// </summary>
public sealed class EmulatorNotifier(IHttpClientFactory clients, ILogger<EmulatorNotifier> logger)
{
    public const string HttpClientName = "gateway-emulators";

    public async Task<bool> PostAsync(string url, string body, string contentType, IReadOnlyDictionary<string, string> headers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(headers);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(url)) { Content = new StringContent(body, Encoding.UTF8, contentType) };
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        try
        {
            using var client = clients.CreateClient(HttpClientName);
            using var response = await client.SendAsync(request, cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                return true;
            }

            logger.LogWarning("The app answered an emulated notification with {Status}: {Body}", (int)response.StatusCode,
                await response.Content.ReadAsStringAsync(cancellationToken));
        }
        catch (HttpRequestException e)
        {
            logger.LogWarning(e, "An emulated notification to {Url} could not be delivered", url);
        }

        return false;
    }

    /// <summary>Delivers in the background, as a gateway does after answering the request that caused it.</summary>
    public void PostLater(string url, string body, string contentType, IReadOnlyDictionary<string, string> headers) =>
        _ = Task.Run(() => PostAsync(url, body, contentType, headers, CancellationToken.None));

    /// <summary>Whether a merchant's notify or return address lies under the app's own public address.</summary>
    public static bool IsUnder(string url, string publicBaseUrl) =>
        Uri.TryCreate(url, UriKind.Absolute, out var target) && Uri.TryCreate(publicBaseUrl, UriKind.Absolute, out var root)
        && target.Scheme == root.Scheme && string.Equals(target.Authority, root.Authority, StringComparison.OrdinalIgnoreCase);
}
