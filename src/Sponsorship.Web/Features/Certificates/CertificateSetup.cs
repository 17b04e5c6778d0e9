using System.Net;
using System.Security.Claims;
using Microsoft.Extensions.Options;
using Sponsorship.Core.Certificates;
using Sponsorship.Core.Identity;
using Sponsorship.Core.Mail;
using Sponsorship.Web.Features.Operations;

namespace Sponsorship.Web.Features.Certificates;

public static class CertificateSetup
{
    /// <summary>
    /// The key Development and test hosts sign verification codes with when none is configured. Never used outside
    /// Development: there the app does not start without <c>Certificates:HmacKey</c>, nor with this value in it.
    /// </summary>
    public const string DevelopmentHmacKey = "development-only-certificate-key-not-a-secret";

    public static WebApplicationBuilder AddCertificates(this WebApplicationBuilder builder)
    {
        var environment = builder.Environment;
        builder.Services.AddOptions<CertificateOptions>()
            .Bind(builder.Configuration.GetSection(CertificateOptions.Section))
            .PostConfigure(o =>
            {
                if (DevelopmentConveniences.Allowed(environment) && string.IsNullOrEmpty(o.HmacKey))
                {
                    o.HmacKey = DevelopmentHmacKey;
                }

                if (string.IsNullOrEmpty(o.FontDirectory))
                {
                    o.FontDirectory = Path.Combine(environment.WebRootPath ?? Path.Combine(environment.ContentRootPath, "wwwroot"), CertificateFonts.RelativeDirectory);
                }
            })
            .RequiredInProduction(environment, $"{CertificateOptions.Section}:{nameof(CertificateOptions.HmacKey)}", o => o.HmacKey)
            .RefuseDevelopmentValue(environment, $"{CertificateOptions.Section}:{nameof(CertificateOptions.HmacKey)}", o => o.HmacKey, DevelopmentHmacKey);
        builder.Services.AddSingleton<IValidateOptions<CertificateOptions>, CertificateOptionsValidation>();
        builder.Services.AddSingleton(s => new CertificateCodes(s.GetRequiredService<IOptions<CertificateOptions>>().Value.HmacKey));
        builder.Services.AddSingleton(s =>
            new CertificateDocument(CertificateFonts.Use(s.GetRequiredService<IOptions<CertificateOptions>>().Value.FontDirectory)));
        builder.Services.AddMemoryCache();
        builder.Services.AddScoped<ICertificateWording, CertificateWording>();
        builder.Services.AddScoped<CertificateFiles>();
        builder.Services.AddScoped<CertificateVerification>();

        // The adoption confirmation mail attaches the certificate (the mail feature's default attaches nothing).
        builder.Services.AddSingleton<IMailAttachmentSource, CertificateMailAttachments>();

        return builder;
    }

    public static WebApplication MapCertificates(this WebApplication app)
    {
        app.MapGet("/my/certificates/{serial}.pdf", DownloadAsync).RequireAuthorization();
        return app;
    }

    /// <summary>The absolute base of verification links: App:PublicBaseUrl, never the Host a request named.</summary>
    public static string PublicBaseUrl(AppOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.PublicLink("").TrimEnd('/');
    }

    /// <summary>
    /// The start banner's line with a demo certificate's verification address, so a newcomer can open or scan one at
    /// once: the first valid certificate, on the public base URL (or where the app listens when none is set).
    /// </summary>
    public static async Task<Func<string>?> DemoCertificateLineAsync(this WebApplication app, bool seedDemo)
    {
        if (!seedDemo)
        {
            return null;
        }

        await using var scope = app.Services.CreateAsyncScope();
        var serial = await scope.ServiceProvider.GetRequiredService<CertificateFiles>().FirstValidSerialAsync();
        if (serial is null)
        {
            return null;
        }

        var codes = app.Services.GetRequiredService<CertificateCodes>();
        var configured = app.Services.GetRequiredService<IOptions<AppOptions>>().Value.PublicBaseUrl;
        return () =>
        {
            var baseUrl = string.IsNullOrWhiteSpace(configured) ? app.Urls.FirstOrDefault() ?? "" : configured;
            return $"  Verify a demo certificate: {codes.VerificationUrl(baseUrl, serial)}";
        };
    }

    private static async Task<IResult> DownloadAsync(
        string serial, HttpContext context, CertificateFiles certificates, IOptions<AppOptions> options, CancellationToken cancellationToken)
    {
        var user = context.User;
        var pdf = await certificates.FindAsync(
            serial, user.FindFirstValue(ClaimTypes.NameIdentifier), user.IsInRole(Roles.Admin), PublicBaseUrl(options.Value), cancellationToken);
        if (pdf is null)
        {
            // Someone else's certificate, or none: the same answer, so nobody learns which serials exist.
            return Results.NotFound();
        }

        context.Response.Headers.CacheControl = "private, no-cache";
        return Results.File(pdf.Content, "application/pdf", pdf.FileName, entityTag: new Microsoft.Net.Http.Headers.EntityTagHeaderValue($"\"{WebUtility.UrlEncode(pdf.Serial)}-{pdf.Version}\""));
    }
}

/// <summary>
/// Stops the app at start, naming the setting, when the verification key is too short (a missing one in Production is
/// reported with the other required settings).
/// </summary>
public sealed class CertificateOptionsValidation : IValidateOptions<CertificateOptions>
{
    public ValidateOptionsResult Validate(string? name, CertificateOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return !string.IsNullOrEmpty(options.HmacKey) && options.HmacKey.Length < CertificateCodes.MinimumKeyLength
            ? ValidateOptionsResult.Fail(
                $"{CertificateOptions.Section}:{nameof(CertificateOptions.HmacKey)} must be at least {CertificateCodes.MinimumKeyLength} characters " +
                "(a random secret: openssl rand -base64 32).")
            : ValidateOptionsResult.Success;
    }
}
