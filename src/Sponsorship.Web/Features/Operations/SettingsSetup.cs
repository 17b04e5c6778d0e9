
namespace Sponsorship.Web.Features.Operations;

public static class SettingsSetup
{
    /// <summary>The <c>App</c> section; in Production <c>App:PublicBaseUrl</c> must be an absolute http(s) address.</summary>
    public static WebApplicationBuilder AddAppSettings(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<AppOptions>()
            .BindConfiguration(AppOptions.Section)
            .RequiredInProduction(builder.Environment, "App:PublicBaseUrl", o => o.PublicBaseUrl)
            .Validate(
                o => string.IsNullOrWhiteSpace(o.PublicBaseUrl)
                    || (Uri.TryCreate(o.PublicBaseUrl, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)),
                "App:PublicBaseUrl must be an absolute http(s) address, such as https://sheep.example.org.");
        return builder;
    }
}
