namespace Sponsorship.Core.Certificates;

/// <summary>The <c>Certificates</c> configuration section.</summary>
public sealed class CertificateOptions
{
    public const string Section = "Certificates";

    /// <summary>
    /// The server secret that signs verification codes (<c>Certificates:HmacKey</c>, at least
    /// <see cref="CertificateCodes.MinimumKeyLength"/> characters). Required outside Development; changing it makes every
    /// printed QR code unverifiable, so keep it with the database backups.
    /// </summary>
    public string HmacKey { get; set; } = "";

    /// <summary>The folder with the certificate fonts; empty means <c>fonts/certificate</c> under the web root.</summary>
    public string FontDirectory { get; set; } = "";
}
