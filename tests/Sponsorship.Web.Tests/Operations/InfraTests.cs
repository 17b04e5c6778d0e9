using System.Diagnostics;
using System.Net;
using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Sponsorship.Testing;
using Sponsorship.Web.Endpoints;

namespace Sponsorship.Web.Tests.Operations;

/// <summary>The deployment files compile and validate with the real tools (docker-compose, bicep), in seconds.</summary>
public sealed class InfraTests
{
    private static readonly string Root = RepositoryRoot();

    [Fact]
    public async Task The_compose_file_is_valid_and_wires_the_app_to_SQL_Server_and_the_mail_catcher()
    {
        var (exitCode, output, errors) = await RunAsync("docker-compose", ["-f", "compose.yaml", "config"], Path.Combine(Root, "infra", "docker"),
            new() { ["SQL_PASSWORD"] = "Grassland-1096!", ["CERTIFICATE_HMAC_KEY"] = "test-key" });

        Assert.True(exitCode == 0, errors);
        Assert.Contains("image: mcr.microsoft.com/mssql/server:2022-latest", output);
        Assert.Contains("image: rnwood/smtp4dev", output);
        Assert.Contains("Database__Provider: SqlServer", output);
        Assert.Contains("Server=sqlserver,1433", output);
        Assert.Contains("Mail__Host: smtp4dev", output);
        Assert.Contains("App__PublicBaseUrl: http://localhost:8080", output);
        Assert.Contains("condition: service_healthy", output);
        Assert.Contains("http://127.0.0.1:8080/healthz/ready", output);
    }

    [Fact]
    public async Task The_compose_file_refuses_to_run_without_the_database_password()
    {
        var (exitCode, _, errors) = await RunAsync("docker-compose", ["-f", "compose.yaml", "config"], Path.Combine(Root, "infra", "docker"),
            new() { ["SQL_PASSWORD"] = null, ["CERTIFICATE_HMAC_KEY"] = "test-key" });

        Assert.NotEqual(0, exitCode);
        Assert.Contains("set SQL_PASSWORD", errors);
    }

    [Fact]
    public async Task The_PostgreSQL_compose_file_is_valid_and_runs_two_replicas_over_PostgreSQL_and_Redis_behind_a_sticky_proxy()
    {
        var folder = Path.Combine(Root, "infra", "docker");
        var (exitCode, output, errors) = await RunAsync("docker-compose", ["-f", "compose.postgres.yaml", "config"], folder,
            new() { ["POSTGRES_PASSWORD"] = "grassland-1096", ["CERTIFICATE_HMAC_KEY"] = "test-key" });

        Assert.True(exitCode == 0, errors);
        Assert.Contains("app-a:", output);
        Assert.Contains("app-b:", output);
        Assert.Contains("image: postgres:16", output);
        Assert.Contains("image: redis:7", output);
        Assert.Contains("image: caddy:2", output);
        Assert.Equal(2, output.Split("Database__Provider: PostgreSql").Length - 1);
        Assert.Equal(2, output.Split("Cache__Redis: redis:6379").Length - 1);
        Assert.Contains("Host=postgres;Port=5432;Database=sponsorship;Username=sponsorship;Password=grassland-1096", output);
        var caddyfile = await File.ReadAllTextAsync(Path.Combine(folder, "Caddyfile"));
        Assert.Contains("reverse_proxy app-a:8080 app-b:8080", caddyfile);
        Assert.Contains("lb_policy cookie", caddyfile);

        var (refused, _, refusal) = await RunAsync("docker-compose", ["-f", "compose.postgres.yaml", "config"], folder,
            new() { ["POSTGRES_PASSWORD"] = null, ["CERTIFICATE_HMAC_KEY"] = "test-key" });
        Assert.NotEqual(0, refused);
        Assert.Contains("set POSTGRES_PASSWORD", refusal);
    }

    [Fact]
    public async Task The_Azure_template_compiles_with_no_error_and_no_warning_and_its_parameter_file_matches()
    {
        var folder = typeof(InfraTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "BicepPackageFolder").Value!;
        var bicep = Path.Combine(folder, "tools", "bicep");
        Assert.True(File.Exists(bicep), $"No bicep binary at {bicep}: restore the test project.");
        if (!OperatingSystem.IsWindows())
        {
            // NuGet does not always keep the executable bit.
            File.SetUnixFileMode(bicep, File.GetUnixFileMode(bicep) | UnixFileMode.UserExecute);
        }

        var (exitCode, output, errors) = await RunAsync(bicep, ["build", "main.bicep", "--stdout"], Path.Combine(Root, "infra", "azure"), []);

        Assert.True(exitCode == 0, errors);
        Assert.True(errors.Trim().Length == 0, $"bicep reported: {errors}");
        using var template = JsonDocument.Parse(output);
        var types = template.RootElement.GetProperty("resources").EnumerateArray().Select(r => r.GetProperty("type").GetString()).ToHashSet();
        foreach (var type in new[]
        {
            "Microsoft.Web/sites", "Microsoft.Sql/servers/databases", "Microsoft.SignalRService/signalR",
            "Microsoft.Storage/storageAccounts/blobServices/containers", "Microsoft.KeyVault/vaults/secrets", "Microsoft.Insights/components",
        })
        {
            Assert.Contains(type, types);
        }

        var declared = template.RootElement.GetProperty("parameters").EnumerateObject().ToDictionary(p => p.Name, p => p.Value);
        using var parameterFile = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(Root, "infra", "azure", "main.parameters.json")));
        var given = parameterFile.RootElement.GetProperty("parameters").EnumerateObject().Select(p => p.Name).ToList();
        Assert.All(given, name => Assert.True(declared.ContainsKey(name), $"main.parameters.json sets '{name}', which main.bicep does not declare."));
        // Everything without a default is either in the file or a secret given on the command line.
        var missing = declared.Where(p => !p.Value.TryGetProperty("defaultValue", out _) && p.Value.GetProperty("type").GetString() != "securestring" && !given.Contains(p.Key));
        Assert.Empty(missing.Select(p => p.Key));
    }

    [Fact]
    public void The_image_runs_as_a_non_root_user_with_fontconfig_and_checks_health_with_the_app_itself()
    {
        var dockerfile = File.ReadAllText(Path.Combine(Root, "infra", "docker", "Dockerfile"));

        Assert.Contains("FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build", dockerfile);
        Assert.Contains("FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime", dockerfile);
        Assert.Contains("USER $APP_UID", dockerfile);
        Assert.Contains("libfontconfig1", dockerfile);
        Assert.Contains($"\"--healthcheck\"", dockerfile);
        Assert.Contains("VOLUME /data", dockerfile);
    }

    [Fact]
    public async Task The_health_probe_exits_0_for_a_healthy_instance_and_1_when_nothing_answers()
    {
        using var app = new SponsorshipAppFactory();
        app.UseKestrel(0);
        app.StartServer();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>()
            .Addresses.First().Replace("[::]", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/');

        var healthy = await HealthProbe.RunAsync([HealthProbe.Flag, $"{address}/healthz"]);
        var port = new Uri(address).Port;
        await app.DisposeAsync();
        var gone = await HealthProbe.RunAsync([HealthProbe.Flag, $"http://127.0.0.1:{port}/healthz"]);

        Assert.Equal(0, healthy);
        Assert.Equal(1, gone);
        Assert.Equal("http://127.0.0.1:8080/healthz", HealthProbe.DefaultUrl(null));
        Assert.Equal("http://127.0.0.1:5000/healthz", HealthProbe.DefaultUrl("5000;5001"));
    }

    private static async Task<(int ExitCode, string Output, string Errors)> RunAsync(
        string program, string[] arguments, string directory, Dictionary<string, string?> environment)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment)
        {
            if (value is null)
            {
                start.Environment.Remove(key);
            }
            else
            {
                start.Environment[key] = value;
            }
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {program}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));
        return (process.ExitCode, await output, await errors);
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Sponsorship.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Sponsorship.sln not found above the test output.");
    }
}
