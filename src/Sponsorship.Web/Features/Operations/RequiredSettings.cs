using Microsoft.Extensions.Options;

namespace Sponsorship.Web.Features.Operations;

/// <summary>
/// Settings production cannot run without. A feature binds its options and names what it needs:
/// <code>
/// builder.Services.AddOptions&lt;CertificateOptions&gt;().BindConfiguration("Certificates")
///     .RequiredInProduction(builder.Environment, "Certificates:HmacKey", o => o.HmacKey);
/// builder.Services.AddOptions&lt;MailOptions&gt;().BindConfiguration("Mail")
///     .RequiredInProduction(builder.Environment, "Mail:Host", o => o.Host, when: o => o.Enabled);
/// </code>
/// Outside Development (Production, and Staging or any other environment too) the app then refuses to start, before it
/// touches the database, with one message naming every missing setting (<see cref="ValidateSettingsOnStart"/>). Only
/// Development runs on embedded defaults (<see cref="DevelopmentConveniences"/> decides).
/// </summary>
public static class RequiredSettings
{
    public const string MissingPrefix = "Missing production setting";

    public static OptionsBuilder<TOptions> RequiredInProduction<TOptions>(
        this OptionsBuilder<TOptions> options,
        IHostEnvironment environment,
        string setting,
        Func<TOptions, string?> value,
        Func<TOptions, bool>? when = null)
        where TOptions : class
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(environment);
        var production = !DevelopmentConveniences.Allowed(environment);
        return options
            .Validate(
                o => !production || (when is not null && !when(o)) || !string.IsNullOrWhiteSpace(value(o)),
                $"{MissingPrefix} {setting} (environment variable {setting.Replace(":", "__", StringComparison.Ordinal)}); see infra/README.md.")
            .ValidateOnStart();
    }

    /// <summary>Runs every ValidateOnStart check now, so a misconfigured instance stops before migrating anything.</summary>
    public static WebApplication ValidateSettingsOnStart(this WebApplication app)
    {
        app.Services.GetService<IStartupValidator>()?.Validate();
        return app;
    }
}
