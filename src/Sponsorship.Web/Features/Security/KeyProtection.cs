using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;
using Sponsorship.Web.Features.Operations;

namespace Sponsorship.Web.Features.Security;

/// <summary>
/// The <c>DataProtection</c> section: the certificate that encrypts the data-protection keys where they are stored (the
/// database). Those keys sign every cookie and antiforgery token, so outside Development they are never stored in
/// clear: <c>DataProtection:Certificate</c> (a base64 PFX with its private key — a Key Vault certificate's secret is
/// exactly that) or <c>DataProtection:CertificatePath</c> (a .pfx file), with <c>DataProtection:CertificatePassword</c>.
/// </summary>
public sealed class KeyProtectionOptions
{
    public const string Section = "DataProtection";

    public string Certificate { get; set; } = "";

    public string CertificatePath { get; set; } = "";

    public string CertificatePassword { get; set; } = "";

    /// <summary>The certificate, or null when none is configured.</summary>
    public X509Certificate2? Load()
    {
        var password = string.IsNullOrEmpty(CertificatePassword) ? null : CertificatePassword;
        if (!string.IsNullOrWhiteSpace(Certificate))
        {
            return X509CertificateLoader.LoadPkcs12(Convert.FromBase64String(Certificate.Trim()), password, X509KeyStorageFlags.EphemeralKeySet);
        }

        return string.IsNullOrWhiteSpace(CertificatePath)
            ? null
            : X509CertificateLoader.LoadPkcs12FromFile(CertificatePath, password, X509KeyStorageFlags.EphemeralKeySet);
    }
}

public static class KeyProtection
{
    /// <summary>
    /// Encrypts new keys with the configured certificate and decrypts stored ones with it. Required outside Development,
    /// where a missing certificate stops the app at start with the other missing settings.
    /// </summary>
    public static IDataProtectionBuilder ProtectKeysAtRest(this IDataProtectionBuilder dataProtection, IConfiguration configuration, IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(dataProtection);
        ArgumentNullException.ThrowIfNull(configuration);
        dataProtection.Services.AddOptions<KeyProtectionOptions>().BindConfiguration(KeyProtectionOptions.Section)
            .RequiredInProduction(environment, "DataProtection:Certificate", o => o.Certificate.Length > 0 ? o.Certificate : o.CertificatePath);
        X509Certificate2? certificate;
        try
        {
            certificate = (configuration.GetSection(KeyProtectionOptions.Section).Get<KeyProtectionOptions>() ?? new KeyProtectionOptions()).Load();
        }
        catch (Exception e) when (e is FormatException or CryptographicException or IOException)
        {
            throw new InvalidOperationException(
                $"DataProtection:Certificate (or :CertificatePath) is not a PFX with its private key that the password opens: {e.Message}", e);
        }

        return certificate is null ? dataProtection : dataProtection.ProtectKeysWithCertificate(certificate).UnprotectKeysWithAnyCertificate(certificate);
    }
}
