using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Sponsorship.Core.Data;

namespace Sponsorship.Web.Features.Operations;

/// <summary>
/// OpenTelemetry: metrics (ASP.NET Core, HttpClient, the <see cref="SponsorshipMetrics"/> meter) always collected;
/// traces (ASP.NET Core, HttpClient, EF Core), structured logs and the OTLP exporter only when an endpoint is set:
/// <c>OpenTelemetry:Endpoint</c> (with <c>OpenTelemetry:Protocol</c> = <c>grpc</c> | <c>http/protobuf</c>) or the
/// standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> variables.
/// </summary>
public static class TelemetrySetup
{
    public const string ServiceName = "Sponsorship";

    public static WebApplicationBuilder AddTelemetry(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var endpoint = configuration["OpenTelemetry:Endpoint"];
        var standardEndpoint = configuration["OTEL_EXPORTER_OTLP_ENDPOINT"];
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(ServiceName, serviceInstanceId: Environment.MachineName))
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddMeter(SponsorshipMetrics.MeterName));
        if (string.IsNullOrWhiteSpace(endpoint) && string.IsNullOrWhiteSpace(standardEndpoint))
        {
            return builder;
        }

        telemetry
            .WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation(o => o.Filter = context => !context.Request.Path.StartsWithSegments("/healthz"))
                .AddHttpClientInstrumentation()
                .AddEntityFrameworkCoreInstrumentation())
            .WithLogging(_ => { }, o =>
            {
                o.IncludeScopes = true;
                o.IncludeFormattedMessage = true;
            });
        if (string.IsNullOrWhiteSpace(endpoint))
        {
            telemetry.UseOtlpExporter();
        }
        else
        {
            var protocol = configuration["OpenTelemetry:Protocol"] == "http/protobuf" ? OtlpExportProtocol.HttpProtobuf : OtlpExportProtocol.Grpc;
            telemetry.UseOtlpExporter(protocol, new Uri(endpoint));
        }

        return builder;
    }
}
