using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Sponsorship.Core.Payments;

/// <summary>
/// The signature scheme Stripe uses and the sandbox copies: header <c>t={unix seconds},v1={hex HMAC-SHA256 of
/// "{t}.{body}"}</c>, refused when older than the tolerance (so a captured request cannot be replayed later).
/// </summary>
public static class WebhookSignature
{
    public static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);

    public static string Sign(string body, string secret, DateTimeOffset now)
    {
        var timestamp = now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return $"t={timestamp},v1={Hex(secret, timestamp, body)}";
    }

    public static string? Problem(string body, string? header, string secret, DateTimeOffset now)
    {
        if (string.IsNullOrEmpty(secret))
        {
            return "no webhook secret is configured";
        }

        if (string.IsNullOrEmpty(header))
        {
            return "missing signature header";
        }

        string? timestamp = null;
        var signatures = new List<string>();
        foreach (var part in header.Split(','))
        {
            var pair = part.Split('=', 2);
            if (pair.Length != 2)
            {
                continue;
            }

            if (pair[0] == "t")
            {
                timestamp = pair[1];
            }
            else if (pair[0] == "v1")
            {
                signatures.Add(pair[1]);
            }
        }

        if (timestamp is null || !long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return "signature header has no timestamp";
        }

        if ((now - DateTimeOffset.FromUnixTimeSeconds(seconds)).Duration() > Tolerance)
        {
            return "signature timestamp is outside the tolerance";
        }

        var expected = Encoding.ASCII.GetBytes(Hex(secret, timestamp, body));
        return signatures.Any(s => CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(s), expected))
            ? null
            : "signature does not match";
    }

    private static string Hex(string secret, string timestamp, string body) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp}.{body}")));
}
