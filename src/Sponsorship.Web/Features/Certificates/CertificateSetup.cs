using Microsoft.Extensions.Options;
using Sponsorship.Core.Certificates;

namespace Sponsorship.Web.Features.Certificates;

public static class CertificateSetup
{
    /// <summary>
    /// The key Development signs verification codes with when none is configured. Never used elsewhere: outside
    /// Development the app does not start without <c>Certificates:HmacKey</c>.
    /// </summary>
    public const string DevelopmentHmacKey = "development-only-certificate-key-not-a-secret";

    public static WebApplicationBuilder AddCertificates(this WebApplicationBuilder builder)
    {
        var environment = builder.Environment;
        builder.Services.AddOptions<CertificateOptions>()
            .Bind(builder.Configuration.GetSection(CertificateOptions.Section))
            .PostConfigure(o =>
            {
                if (environment.IsDevelopment() && string.IsNullOrEmpty(o.HmacKey))
                {
                    o.HmacKey = DevelopmentHmacKey;
                }

                if (string.IsNullOrEmpty(o.FontDirectory))
                {
                    o.FontDirectory = Path.Combine(environment.WebRootPath ?? Path.Combine(environment.ContentRootPath, "wwwroot"), CertificateFonts.RelativeDirectory);
                }
            })
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<CertificateOptions>, CertificateOptionsValidation>();
        builder.Services.AddSingleton(s => new CertificateCodes(s.GetRequiredService<IOptions<CertificateOptions>>().Value.HmacKey));
        builder.Services.AddSingleton(s =>
            new CertificateDocument(CertificateFonts.Use(s.GetRequiredService<IOptions<CertificateOptions>>().Value.FontDirectory)));
        return builder;
    }
}

/// <summary>Stops the app at start, naming the setting, when the verification key is missing or too short.</summary>
public sealed class CertificateOptionsValidation : IValidateOptions<CertificateOptions>
{
    public ValidateOptionsResult Validate(string? name, CertificateOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.HmacKey))
        {
            return ValidateOptionsResult.Fail(
                $"{CertificateOptions.Section}:{nameof(CertificateOptions.HmacKey)} is required outside Development: the secret " +
                $"that signs the verification codes printed on certificates (at least {CertificateCodes.MinimumKeyLength} characters; keep it with the backups).");
        }

        if (options.HmacKey.Length < CertificateCodes.MinimumKeyLength)
        {
            return ValidateOptionsResult.Fail(
                $"{CertificateOptions.Section}:{nameof(CertificateOptions.HmacKey)} must be at least {CertificateCodes.MinimumKeyLength} characters.");
        }

        return ValidateOptionsResult.Success;
    }
}
