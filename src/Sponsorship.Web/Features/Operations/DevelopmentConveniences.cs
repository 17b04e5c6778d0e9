using Microsoft.Extensions.Options;

namespace Sponsorship.Web.Features.Operations;

/// <summary>
/// The one place that decides whether development conveniences are allowed: embedded keys and secrets (the certificate
/// key, the sandbox's webhook secret), development-only payment providers and their webhooks (the sandbox; local
/// emulators of real gateways follow the same rule), administrators signing in with a password alone, data-protection
/// keys stored unprotected. Only the Development environment allows them — Staging, Production and any other name do
/// not, so an instance started with a wrong environment name refuses the conveniences instead of running on them.
/// </summary>
public static class DevelopmentConveniences
{
    public static bool Allowed(IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        return environment.IsDevelopment();
    }

    /// <summary>
    /// Outside Development, refuses to start when <paramref name="setting"/> holds an embedded development value
    /// (copied from a development configuration by mistake), naming the setting.
    /// </summary>
    public static OptionsBuilder<TOptions> RefuseDevelopmentValue<TOptions>(
        this OptionsBuilder<TOptions> options, IHostEnvironment environment, string setting, Func<TOptions, string?> value, string developmentValue)
        where TOptions : class
    {
        ArgumentNullException.ThrowIfNull(options);
        var allowed = Allowed(environment);
        return options
            .Validate(o => allowed || value(o) != developmentValue, $"{setting} holds the embedded development value, which is refused outside Development; set a secret of your own.")
            .ValidateOnStart();
    }

    /// <summary>
    /// Outside Development, refuses to start when a list setting names something that exists only for development
    /// (e.g. <c>Payments:Providers</c> naming the sandbox), naming the setting and the value.
    /// </summary>
    public static OptionsBuilder<TOptions> RefuseDevelopmentOnly<TOptions>(
        this OptionsBuilder<TOptions> options, IHostEnvironment environment, string setting, Func<TOptions, IEnumerable<string>> values,
        IReadOnlyCollection<string> developmentOnly)
        where TOptions : class
    {
        ArgumentNullException.ThrowIfNull(options);
        var allowed = Allowed(environment);
        return options
            .Validate(
                o => allowed || !values(o).Any(developmentOnly.Contains),
                $"{setting} names {string.Join(", ", developmentOnly)}, which exist only in Development.")
            .ValidateOnStart();
    }
}
