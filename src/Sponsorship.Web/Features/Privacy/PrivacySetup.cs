using System.Security.Claims;
using Microsoft.AspNetCore.Components.Endpoints;
using Microsoft.Extensions.Options;
using Sponsorship.Core.Identity;
using Sponsorship.Core.Privacy;
using Sponsorship.Web.Features.Operations;

namespace Sponsorship.Web.Features.Privacy;

public static class PrivacySetup
{
    /// <summary>
    /// The key Development and test hosts encrypt account numbers with when none is configured (base64 of
    /// "development-only-account-key-32b"). Never used outside Development: there the app does not start without
    /// <c>Privacy:AccountNumberKey</c>, nor with this value in it.
    /// </summary>
    public const string DevelopmentAccountNumberKey = "ZGV2ZWxvcG1lbnQtb25seS1hY2NvdW50LWtleS0zMmI=";

    public const string ConsentPath = "/Account/PrivacyConsent";

    /// <summary>The claim carrying the privacy notice version a sponsor accepted (refreshed with the cookie).</summary>
    public const string NoticeClaim = "sponsorship:privacy_notice";

    private const string KeySetting = PrivacyOptions.Section + ":" + nameof(PrivacyOptions.AccountNumberKey);

    /// <summary>The account-number key (required outside Development), the deletion, the export and the consents.</summary>
    public static WebApplicationBuilder AddPrivacy(this WebApplicationBuilder builder)
    {
        var environment = builder.Environment;
        builder.Services.AddOptions<PrivacyOptions>()
            .BindConfiguration(PrivacyOptions.Section)
            .PostConfigure(o =>
            {
                if (DevelopmentConveniences.Allowed(environment) && string.IsNullOrEmpty(o.AccountNumberKey))
                {
                    o.AccountNumberKey = DevelopmentAccountNumberKey;
                }
            })
            .RequiredInProduction(environment, KeySetting, o => o.AccountNumberKey)
            .RefuseDevelopmentValue(environment, KeySetting, o => o.AccountNumberKey, DevelopmentAccountNumberKey)
            .Validate(
                o => string.IsNullOrEmpty(o.AccountNumberKey) || IsKey(o.AccountNumberKey),
                $"{KeySetting} must be base64 of {AccountNumberProtector.KeyBytes} random bytes (make one with: openssl rand -base64 32).");
        builder.Services.AddSingleton(s =>
            AccountNumberProtector.FromBase64(s.GetRequiredService<IOptions<PrivacyOptions>>().Value.AccountNumberKey, KeySetting));
        builder.Services.AddScoped<PersonalDataDeletion>();
        builder.Services.AddScoped<PersonalDataExport>();
        builder.Services.AddScoped<PrivacyConsents>();
        return builder;
    }

    /// <summary>
    /// A sponsor who has not accepted the current privacy notice is sent to it before any page opens (the account pages
    /// stay open: they may prefer to download their data or delete their account).
    /// </summary>
    public static WebApplication UsePrivacyConsent(this WebApplication app)
    {
        app.Use((context, next) =>
        {
            if (MustAsk(context))
            {
                var back = Languages.LanguageSetup.LocalPath(context.Request.Path + context.Request.QueryString);
                context.Response.Redirect($"{ConsentPath}?returnUrl={Uri.EscapeDataString(back)}");
                return Task.CompletedTask;
            }

            return next(context);
        });
        return app;
    }

    /// <summary>The version in the sign-in cookie, or null when the account never accepted one.</summary>
    public static int? AcceptedVersion(ClaimsPrincipal user) =>
        int.TryParse(user.FindFirstValue(NoticeClaim), System.Globalization.CultureInfo.InvariantCulture, out var version) ? version : null;

    private static bool MustAsk(HttpContext context) =>
        HttpMethods.IsGet(context.Request.Method)
        && context.User.Identity?.IsAuthenticated == true
        && context.User.IsInRole(Roles.Sponsor)
        && !context.Request.Path.StartsWithSegments("/Account", StringComparison.OrdinalIgnoreCase)
        && context.GetEndpoint()?.Metadata.GetMetadata<ComponentTypeMetadata>() is not null
        && PrivacyNotice.MustAsk(AcceptedVersion(context.User));

    private static bool IsKey(string value)
    {
        var buffer = new byte[value.Length];
        return Convert.TryFromBase64String(value.Trim(), buffer, out var written) && written == AccountNumberProtector.KeyBytes;
    }
}
