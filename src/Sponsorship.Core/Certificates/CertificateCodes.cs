using System.Security.Cryptography;
using System.Text;

namespace Sponsorship.Core.Certificates;

/// <summary>
/// The verification code printed in a certificate's QR code: an HMAC-SHA256 of the serial under the server secret,
/// cut to 60 bits and written as 12 Crockford base-32 characters (digits and capitals without I, L, O, U), so the QR stays
/// small and the code survives being read aloud or typed. Without the secret nobody can make a code for a serial, and a
/// code for one serial does not verify another.
/// </summary>
public sealed class CertificateCodes
{
    public const int MinimumKeyLength = 32;
    public const int CodeLength = 12;

    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    private readonly byte[] key;

    public CertificateCodes(string hmacKey)
    {
        if (string.IsNullOrEmpty(hmacKey) || hmacKey.Length < MinimumKeyLength)
        {
            throw new ArgumentException(
                $"{CertificateOptions.Section}:{nameof(CertificateOptions.HmacKey)} must be at least {MinimumKeyLength} characters.",
                nameof(hmacKey));
        }

        key = Encoding.UTF8.GetBytes(hmacKey);
    }

    public string CodeFor(string serial)
    {
        ArgumentNullException.ThrowIfNull(serial);
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(serial), mac);
        // The first 60 bits, five at a time.
        var bits = 0UL;
        for (var i = 0; i < 8; i++)
        {
            bits = (bits << 8) | mac[i];
        }

        Span<char> code = stackalloc char[CodeLength];
        for (var i = 0; i < CodeLength; i++)
        {
            code[i] = Alphabet[(int)((bits >> (64 - (5 * (i + 1)))) & 31)];
        }

        return new string(code);
    }

    /// <summary>
    /// True when <paramref name="code"/> is the serial's code. Compared in constant time; lower case and the look-alike
    /// letters Crockford allows (O for 0, I and L for 1) are accepted.
    /// </summary>
    public bool Verify(string serial, string? code)
    {
        if (serial is null || code is null || code.Length != CodeLength)
        {
            return false;
        }

        Span<byte> given = stackalloc byte[CodeLength];
        for (var i = 0; i < CodeLength; i++)
        {
            given[i] = (byte)Normalize(code[i]);
        }

        Span<byte> expected = stackalloc byte[CodeLength];
        Encoding.ASCII.GetBytes(CodeFor(serial), expected);
        return CryptographicOperations.FixedTimeEquals(given, expected);
    }

    /// <summary>The absolute verification address for the QR code: <c>{base}/verify/{serial}?c={code}</c>.</summary>
    public string VerificationUrl(string publicBaseUrl, string serial)
    {
        ArgumentNullException.ThrowIfNull(publicBaseUrl);
        return $"{publicBaseUrl.TrimEnd('/')}/verify/{Uri.EscapeDataString(serial)}?c={CodeFor(serial)}";
    }

    private static char Normalize(char c) => char.ToUpperInvariant(c) switch
    {
        'O' => '0',
        'I' or 'L' => '1',
        var upper => upper,
    };
}
