using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using Sponsorship.Core.Data;
using Sponsorship.Testing;

namespace Sponsorship.Web.Tests.Operations;

public sealed class TelemetryTests
{
    [Fact]
    public async Task The_apps_own_counters_and_the_request_metrics_are_exported()
    {
        var exported = new List<Metric>();
        using var app = new ConfiguredApp([]);
        using var withExporter = app.WithWebHostBuilder(b => b.ConfigureTestServices(services =>
            services.ConfigureOpenTelemetryMeterProvider(metrics => metrics.AddInMemoryExporter(exported))));
        var client = withExporter.CreateClient();

        await client.GetAsync("/Account/Login");
        SponsorshipMetrics.AdoptionsActivated.Add(1);
        SponsorshipMetrics.MailsSent.Add(3);
        // The request's duration is recorded as the request ends, which can be just after the client has its answer.
        var meters = withExporter.Services.GetRequiredService<MeterProvider>();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        HashSet<string> names;
        do
        {
            Assert.True(meters.ForceFlush());
            names = exported.Select(m => m.Name).ToHashSet();
        }
        while (!names.Contains("http.server.request.duration") && DateTime.UtcNow < deadline && await Pause());

        Assert.Contains("sponsorship.adoptions.activated", names);
        Assert.Contains("sponsorship.mails.sent", names);
        Assert.Contains("http.server.request.duration", names);
        var mails = exported.Last(m => m.Name == "sponsorship.mails.sent");
        long total = 0;
        foreach (ref readonly var point in mails.GetMetricPoints())
        {
            total += point.GetSumLong();
        }

        Assert.True(total >= 3, $"mails sent: {total}");
        Assert.Equal(SponsorshipMetrics.MeterName, mails.MeterName);
    }

    [Fact]
    public void Traces_and_the_OTLP_exporter_are_on_only_when_an_endpoint_is_configured()
    {
        using var plain = new ConfiguredApp([]);
        plain.CreateClient();
        using var exporting = new ConfiguredApp(new() { ["OpenTelemetry:Endpoint"] = "http://127.0.0.1:9" });
        exporting.CreateClient();

        Assert.Null(plain.Services.GetService<OpenTelemetry.Trace.TracerProvider>());
        Assert.NotNull(exporting.Services.GetService<OpenTelemetry.Trace.TracerProvider>());
        Assert.Contains(
            exporting.Services.GetServices<Microsoft.Extensions.Logging.ILoggerProvider>(),
            p => p.GetType().Namespace!.StartsWith("OpenTelemetry", StringComparison.Ordinal));
    }

    private static async Task<bool> Pause()
    {
        await Task.Delay(50);
        return true;
    }
}
