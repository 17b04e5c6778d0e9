using Microsoft.AspNetCore.Components.Server;

namespace Sponsorship.Web.Features.Operations;

/// <summary>
/// What the server keeps for an interactive page (a Blazor circuit), chosen on purpose rather than left at the defaults;
/// the <c>Circuits</c> section (the names of <see cref="CircuitOptions"/>) overrides each value. Measured with
/// <c>tests/Sponsorship.Benchmarks -- circuits</c>; the figures and the reasons are in that project's README.
/// </summary>
public static class CircuitSetup
{
    public const string Section = "Circuits";

    /// <summary>
    /// A phone that leaves the page for another app (a message, the payment app) drops its connection; the sponsor who
    /// comes back within this time finds the page as they left it. The default (3 minutes) is shorter than a
    /// conversation; a closed tab ends its circuit at once whatever this is (the browser tells the server).
    /// </summary>
    public static readonly TimeSpan DisconnectedRetention = TimeSpan.FromMinutes(10);

    /// <summary>
    /// At most this many disconnected circuits are kept, the oldest dropped first: with a circuit measured at a few
    /// hundred KiB, 1,000 of them bound the memory they hold to a few hundred MiB (the default 100 would drop a
    /// returning phone's checkout as soon as a hundred other phones had slept).
    /// </summary>
    public const int DisconnectedMaxRetained = 1_000;

    /// <summary>
    /// A call into the browser (MudBlazor's popovers, focus, downloads) waits this long for its answer: the default
    /// minute, kept because an answer over one or two bars of signal can take seconds, and a shorter wait would fail a
    /// slow phone's page rather than save memory.
    /// </summary>
    public static readonly TimeSpan JavaScriptCallTimeout = TimeSpan.FromMinutes(1);

    public static WebApplicationBuilder AddCircuits(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<CircuitOptions>()
            .Configure(options =>
            {
                options.DisconnectedCircuitRetentionPeriod = DisconnectedRetention;
                options.DisconnectedCircuitMaxRetained = DisconnectedMaxRetained;
                options.JSInteropDefaultCallTimeout = JavaScriptCallTimeout;
            })
            .BindConfiguration(Section);
        return builder;
    }
}
