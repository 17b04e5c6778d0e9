using System.Security.Cryptography;
using System.Text;

namespace Sponsorship.Core.Payments;

/// <summary>
/// RSA keys as payment providers hand them out: WeChat Pay gives PEM files, Alipay's key tool writes bare base64
/// (PKCS#8 private keys, X.509 SubjectPublicKeyInfo public keys). A setting may hold either text or a file path.
/// </summary>
public static class RsaKeys
{
    /// <summary>Reads a private or public key from PEM text, bare base64 DER, or the path of a file holding either.</summary>
    public static RSA Load(string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        var text = value.Trim();
        if (!text.Contains("-----BEGIN", StringComparison.Ordinal) && File.Exists(text))
        {
            text = File.ReadAllText(text).Trim();
        }

        var rsa = RSA.Create();
        try
        {
            if (text.Contains("-----BEGIN", StringComparison.Ordinal))
            {
                rsa.ImportFromPem(text);
                return rsa;
            }

            var der = Convert.FromBase64String(string.Concat(text.Where(c => !char.IsWhiteSpace(c))));
            if (!TryImport(rsa, der))
            {
                throw new CryptographicException("The key is neither a PKCS#8 or PKCS#1 private key nor an X.509 or PKCS#1 public key.");
            }

            return rsa;
        }
        catch
        {
            rsa.Dispose();
            throw;
        }
    }

    public static string PrivatePem(RSA key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return key.ExportPkcs8PrivateKeyPem();
    }

    public static string PublicPem(RSA key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return key.ExportSubjectPublicKeyInfoPem();
    }

    /// <summary>SHA256withRSA (PKCS #1 v1.5) over the UTF-8 bytes, base64: what both providers call an RSA2 / SHA256-RSA signature.</summary>
    public static string Sign(RSA key, string message)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Convert.ToBase64String(key.SignData(Encoding.UTF8.GetBytes(message), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
    }

    public static bool Verify(RSA key, string message, string? signature)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (string.IsNullOrEmpty(signature))
        {
            return false;
        }

        var bytes = new byte[signature.Length];
        return Convert.TryFromBase64String(signature, bytes, out var length)
            && key.VerifyData(Encoding.UTF8.GetBytes(message), bytes.AsSpan(0, length), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
    }

    private static bool TryImport(RSA rsa, byte[] der)
    {
        foreach (var import in new Action[]
        {
            () => rsa.ImportPkcs8PrivateKey(der, out _),
            () => rsa.ImportSubjectPublicKeyInfo(der, out _),
            () => rsa.ImportRSAPrivateKey(der, out _),
            () => rsa.ImportRSAPublicKey(der, out _),
        })
        {
            try
            {
                import();
                return true;
            }
            catch (CryptographicException)
            {
                // Not this encoding; try the next.
            }
        }

        return false;
    }
}
