using System.Security.Cryptography;
using System.Text;

namespace Sponsorship.Core.Privacy;

/// <summary>An account number as it is stored: the number encrypted, and its last four digits for the masked form.</summary>
public sealed record ProtectedAccountNumber(string Encrypted, string Last4)
{
    public static readonly ProtectedAccountNumber None = new("", "");

    /// <summary>"•••• 5678", or "" when no account is on file.</summary>
    public string Masked => AccountNumberProtector.Mask(Last4);
}

/// <summary>
/// Encrypts bank account numbers (and any card or ID number the platform stores) with AES-256-GCM under the key in
/// <c>Privacy:AccountNumberKey</c>. A stored value reads <c>enc1:{key id}:{base64 of nonce, ciphertext and tag}</c>: the
/// database alone never holds a number, and a value written under another key is refused by name instead of opening as
/// garbage. Only the last four digits are kept in clear, for the masked form every page but the payout approval shows.
/// Opening a number in full is for the frozen payout line an administrator approves and the bank file; whoever calls
/// <see cref="Reveal"/> records the read in the audit trail (<see cref="AccountNumberReads"/>).
/// </summary>
public sealed class AccountNumberProtector
{
    public const string Prefix = "enc1:";
    public const int KeyBytes = 32;

    /// <summary>Room for a 30-digit number encrypted: prefix, key id and the base64 of nonce + 30 bytes + tag (80 characters).</summary>
    public const int MaxStoredLength = 128;

    private const int NonceBytes = 12;
    private const int TagBytes = 16;

    // Bound into every ciphertext: a value copied into another kind of column does not open.
    private static readonly byte[] Purpose = Encoding.UTF8.GetBytes("sponsorship:payout-account-number");

    private readonly byte[] key;

    public AccountNumberProtector(byte[] key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length != KeyBytes)
        {
            throw new ArgumentException($"The account-number key must be {KeyBytes} bytes (it is {key.Length}).", nameof(key));
        }

        this.key = [.. key];
        KeyId = Convert.ToHexStringLower(SHA256.HashData(key))[..8];
    }

    /// <summary>Eight hex characters naming the key (a hash of it), written into every value it encrypts.</summary>
    public string KeyId { get; }

    /// <summary>The key from its configured form: base64 of 32 random bytes (<c>openssl rand -base64 32</c>).</summary>
    public static AccountNumberProtector FromBase64(string base64Key, string setting)
    {
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String((base64Key ?? "").Trim());
        }
        catch (FormatException e)
        {
            throw new InvalidOperationException($"{setting} is not base64 (make one with: openssl rand -base64 32).", e);
        }

        return bytes.Length == KeyBytes
            ? new AccountNumberProtector(bytes)
            : throw new InvalidOperationException($"{setting} must be {KeyBytes} bytes in base64 (it is {bytes.Length}; make one with: openssl rand -base64 32).");
    }

    /// <summary>A fresh random key in its configured form, for tests and for operators setting one up.</summary>
    public static string NewKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(KeyBytes));

    public static string Mask(string last4) => string.IsNullOrEmpty(last4) ? "" : $"•••• {last4}";

    public static bool IsEncrypted(string value) => value.StartsWith(Prefix, StringComparison.Ordinal);

    /// <summary>Encrypts a number (digits, spaces already removed); an empty number stays empty.</summary>
    public ProtectedAccountNumber Protect(string number)
    {
        ArgumentNullException.ThrowIfNull(number);
        if (number.Length == 0)
        {
            return ProtectedAccountNumber.None;
        }

        var plain = Encoding.UTF8.GetBytes(number);
        var sealedBytes = new byte[NonceBytes + plain.Length + TagBytes];
        var nonce = sealedBytes.AsSpan(0, NonceBytes);
        RandomNumberGenerator.Fill(nonce);
        using (var aes = new AesGcm(key, TagBytes))
        {
            aes.Encrypt(nonce, plain, sealedBytes.AsSpan(NonceBytes, plain.Length), sealedBytes.AsSpan(NonceBytes + plain.Length), Purpose);
        }

        return new ProtectedAccountNumber($"{Prefix}{KeyId}:{Convert.ToBase64String(sealedBytes)}", Last4Of(number));
    }

    /// <summary>The number in full. Callers show it only on the frozen payout line and in the bank file, and audit it.</summary>
    public string Reveal(string encrypted)
    {
        ArgumentNullException.ThrowIfNull(encrypted);
        if (encrypted.Length == 0)
        {
            return "";
        }

        var parts = encrypted.Split(':');
        if (parts.Length != 3 || parts[0] + ":" != Prefix)
        {
            throw new CryptographicException("The value is not an encrypted account number.");
        }

        if (parts[1] != KeyId)
        {
            throw new CryptographicException(
                $"This account number was encrypted under another key (id {parts[1]}; Privacy:AccountNumberKey has id {KeyId}).");
        }

        var sealedBytes = Convert.FromBase64String(parts[2]);
        var length = sealedBytes.Length - NonceBytes - TagBytes;
        if (length < 0)
        {
            throw new CryptographicException("The encrypted account number is truncated.");
        }

        var plain = new byte[length];
        using (var aes = new AesGcm(key, TagBytes))
        {
            aes.Decrypt(sealedBytes.AsSpan(0, NonceBytes), sealedBytes.AsSpan(NonceBytes, length), sealedBytes.AsSpan(NonceBytes + length), plain, Purpose);
        }

        return Encoding.UTF8.GetString(plain);
    }

    private static string Last4Of(string number) => number.Length <= 4 ? number : number[^4..];
}
