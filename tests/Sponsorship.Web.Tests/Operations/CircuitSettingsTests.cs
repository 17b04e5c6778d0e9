using Microsoft.AspNetCore.Components.Server;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Sponsorship.Web.Features.Operations;

namespace Sponsorship.Web.Tests.Operations;

public sealed class CircuitSettingsTests
{
    [Fact]
    public void Disconnected_circuits_are_kept_ten_minutes_up_to_a_thousand_and_browser_calls_wait_a_minute()
    {
        using var app = new ConfiguredApp([]);
        app.CreateClient().Dispose();

        var options = app.Services.GetRequiredService<IOptions<CircuitOptions>>().Value;

        Assert.Equal(
            (TimeSpan.FromMinutes(10), 1_000, TimeSpan.FromMinutes(1)),
            (options.DisconnectedCircuitRetentionPeriod, options.DisconnectedCircuitMaxRetained, options.JSInteropDefaultCallTimeout));
        Assert.Equal(CircuitSetup.DisconnectedRetention, options.DisconnectedCircuitRetentionPeriod);
    }

    [Fact]
    public void An_operator_overrides_each_circuit_option_in_the_Circuits_section()
    {
        using var app = new ConfiguredApp(new()
        {
            ["Circuits:DisconnectedCircuitRetentionPeriod"] = "00:02:30",
            ["Circuits:DisconnectedCircuitMaxRetained"] = "250",
            ["Circuits:JSInteropDefaultCallTimeout"] = "00:00:20",
        });
        app.CreateClient().Dispose();

        var options = app.Services.GetRequiredService<IOptions<CircuitOptions>>().Value;

        Assert.Equal(
            (TimeSpan.FromSeconds(150), 250, TimeSpan.FromSeconds(20)),
            (options.DisconnectedCircuitRetentionPeriod, options.DisconnectedCircuitMaxRetained, options.JSInteropDefaultCallTimeout));
    }
}
