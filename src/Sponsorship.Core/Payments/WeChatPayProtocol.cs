using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Sponsorship.Core.Payments;

/// <summary>
/// The signing and encryption rules of WeChat Pay API v3, used by our client and by the Development emulator alike.
/// <list type="bullet">
/// <item>Requests: <c>Authorization: WECHATPAY2-SHA256-RSA2048 mchid="…",nonce_str="…",signature="…",timestamp="…",serial_no="…"</c>,
/// the signature SHA256withRSA by the merchant's key over <c>METHOD\nPATH?QUERY\nTIMESTAMP\nNONCE\nBODY\n</c>.</item>
/// <item>Responses and notifications: <c>Wechatpay-Timestamp</c>, <c>-Nonce</c>, <c>-Signature</c> and <c>-Serial</c>,
/// the signature by WeChat Pay's key over <c>TIMESTAMP\nNONCE\nBODY\n</c>.</item>
/// <item>A notification's <c>resource</c> is AEAD_AES_256_GCM under the 32-byte APIv3 key, with the resource's
/// 12-character nonce and associated data; the base64 ciphertext ends with the 16-byte tag.</item>
/// </list>
/// </summary>
public static class WeChatPayProtocol
{
    public const string Scheme = "WECHATPAY2-SHA256-RSA2048";
    public const string Algorithm = "AEAD_AES_256_GCM";
    public const string TimestampHeader = "Wechatpay-Timestamp";
    public const string NonceHeader = "Wechatpay-Nonce";
    public const string SignatureHeader = "Wechatpay-Signature";
    public const string SerialHeader = "Wechatpay-Serial";
    public const string SignatureTypeHeader = "Wechatpay-Signature-Type";
    private const int TagBytes = 16;

    public static string RequestMessage(string method, string pathAndQuery, string timestamp, string nonce, string body) =>
        $"{method}\n{pathAndQuery}\n{timestamp}\n{nonce}\n{body}\n";

    public static string ResponseMessage(string timestamp, string nonce, string body) => $"{timestamp}\n{nonce}\n{body}\n";

    public static string Authorization(string merchantId, string serial, string timestamp, string nonce, string signature) =>
        $"{Scheme} mchid=\"{merchantId}\",nonce_str=\"{nonce}\",signature=\"{signature}\",timestamp=\"{timestamp}\",serial_no=\"{serial}\"";

    /// <summary>The <c>key="value"</c> pairs of an Authorization header of our scheme, or null when it is another scheme.</summary>
    public static IReadOnlyDictionary<string, string>? ParseAuthorization(string? header)
    {
        if (header is null || !header.StartsWith(Scheme + " ", StringComparison.Ordinal))
        {
            return null;
        }

        var pairs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var part in header[(Scheme.Length + 1)..].Split(','))
        {
            var pair = part.Trim().Split('=', 2);
            if (pair.Length == 2 && pair[1].Length >= 2 && pair[1][0] == '"' && pair[1][^1] == '"')
            {
                pairs[pair[0]] = pair[1][1..^1];
            }
        }

        return pairs;
    }

    /// <summary>32 random letters and digits, as the protocol's examples use.</summary>
    public static string Nonce() => RandomNumberGenerator.GetString("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ", 32);

    public static string Timestamp(DateTimeOffset now) => now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// Why a signed response or notification must not be trusted, or null when it may: a missing header, a serial that
    /// is not the key we hold, a timestamp outside the tolerance (a replay of an old message), or a signature that does
    /// not verify over exactly these bytes.
    /// </summary>
    public static string? SignatureProblem(
        Func<string, string?> header, string body, RSA platformKey, string platformKeyId, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(header);
        var timestamp = header(TimestampHeader);
        var nonce = header(NonceHeader);
        var signature = header(SignatureHeader);
        var serial = header(SerialHeader);
        if (string.IsNullOrEmpty(timestamp) || string.IsNullOrEmpty(nonce) || string.IsNullOrEmpty(signature) || string.IsNullOrEmpty(serial))
        {
            return "missing Wechatpay-Timestamp, -Nonce, -Signature or -Serial header";
        }

        if (!string.Equals(serial, platformKeyId, StringComparison.Ordinal))
        {
            return $"signed with key {serial}, not with the WeChat Pay public key we hold";
        }

        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || seconds > 253_402_300_799
            || (now - DateTimeOffset.FromUnixTimeSeconds(seconds)).Duration() > WebhookSignature.Tolerance)
        {
            return "signature timestamp is outside the tolerance";
        }

        return RsaKeys.Verify(platformKey, ResponseMessage(timestamp, nonce, body), signature) ? null : "signature does not match";
    }

    /// <summary>Decrypts a notification's resource; throws <see cref="CryptographicException"/> when it was not sealed with our key as it stands.</summary>
    public static string Decrypt(string apiV3Key, string nonce, string associatedData, string ciphertext)
    {
        var key = Encoding.UTF8.GetBytes(apiV3Key);
        var iv = Encoding.UTF8.GetBytes(nonce);
        byte[] sealedBytes;
        try
        {
            sealedBytes = Convert.FromBase64String(ciphertext);
        }
        catch (FormatException e)
        {
            throw new CryptographicException("The ciphertext is not base64.", e);
        }

        if (key.Length != 32 || iv.Length != 12 || sealedBytes.Length < TagBytes)
        {
            throw new CryptographicException("The key, nonce or ciphertext has the wrong length for AEAD_AES_256_GCM.");
        }

        var plain = new byte[sealedBytes.Length - TagBytes];
        using var aes = new AesGcm(key, TagBytes);
        aes.Decrypt(iv, sealedBytes.AsSpan(0, plain.Length), sealedBytes.AsSpan(plain.Length), plain, Encoding.UTF8.GetBytes(associatedData));
        return Encoding.UTF8.GetString(plain);
    }

    /// <summary>Seals a resource as WeChat Pay does (used by the emulator and by tests that play WeChat Pay).</summary>
    public static string Encrypt(string apiV3Key, string nonce, string associatedData, string plaintext)
    {
        var plain = Encoding.UTF8.GetBytes(plaintext);
        var sealedBytes = new byte[plain.Length + TagBytes];
        using var aes = new AesGcm(Encoding.UTF8.GetBytes(apiV3Key), TagBytes);
        aes.Encrypt(Encoding.UTF8.GetBytes(nonce), plain, sealedBytes.AsSpan(0, plain.Length), sealedBytes.AsSpan(plain.Length), Encoding.UTF8.GetBytes(associatedData));
        return Convert.ToBase64String(sealedBytes);
    }

    /// <summary>RFC 3339 in Beijing time, as WeChat Pay writes <c>time_expire</c> and <c>success_time</c>.</summary>
    public static string Rfc3339(DateTimeOffset at) =>
        at.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
}
