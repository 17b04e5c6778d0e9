using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Sponsorship.Core.Data;
using Sponsorship.Testing;

namespace Sponsorship.E2E.Operations;

/// <summary>
/// Two processes of the app (its build output, on two loopback ports) over one PostgreSQL database and one data folder
/// (stored files, caught mail): a deployment of several instances, as production runs it. Instance A seeds the demo.
/// </summary>
public sealed class TwoInstances : IAsyncLifetime
{
    private readonly List<Process> processes = [];

    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "sponsorship-tests", "two-" + Guid.NewGuid().ToString("N"));

    public string ConnectionString { get; } = PostgreSqlServer.ConnectionString is null ? "" : PostgreSqlServer.NewDatabaseConnectionString();

    public string A { get; private set; } = "";

    public string B { get; private set; } = "";

    public async Task InitializeAsync()
    {
        if (PostgreSqlServer.ConnectionString is null)
        {
            return;
        }

        Directory.CreateDirectory(DataDirectory);
        await PostgreSqlServer.CreateEmptyDatabaseAsync(ConnectionString);
        A = await StartAsync("a", seedDemo: true);
        B = await StartAsync("b", seedDemo: false);
    }

    public SponsorshipDbContext CreateDbContext() =>
        new(SponsorshipDatabase.Standalone(DatabaseProvider.PostgreSql, ConnectionString));

    public async Task DisposeAsync()
    {
        foreach (var process in processes)
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }

            process.Dispose();
        }

        if (ConnectionString.Length > 0)
        {
            await PostgreSqlServer.DropDatabaseAsync(ConnectionString);
        }

        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by a process on its way out; the OS temp folder is cleaned later.
        }
    }

    /// <summary>Starts one instance and waits until its /healthz answers 200 (the database migrated, the demo seeded).</summary>
    private async Task<string> StartAsync(string name, bool seedDemo)
    {
        var web = WebProjectDirectory();
        // The test runs from tests/Sponsorship.E2E/bin/{Debug|Release}/net10.0/: the app's build of the same configuration.
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        var dll = Path.Combine(web, "bin", configuration, "net10.0", "Sponsorship.Web.dll");
        var url = $"http://127.0.0.1:{FreePort()}";
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = web,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[]
        {
            dll, "--urls", url, "--contentRoot", web,
            $"--App:DataDirectory={DataDirectory}", $"--App:PublicBaseUrl={url}", $"--App:SeedDemo={seedDemo}",
            "--App:SeedDemoHistory=false", "--Database:Provider=PostgreSql", $"--ConnectionStrings:PostgreSql={ConnectionString}",
            "--Jobs:TickSeconds=1", "--Mail:PollSeconds=1", "--Logging:LogLevel:Default=Warning",
        })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        processes.Add(process);
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        process.OutputDataReceived += (_, e) => output.Enqueue(e.Data ?? "");
        process.ErrorDataReceived += (_, e) => output.Enqueue(e.Data ?? "");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow.AddMinutes(5);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                await process.WaitForExitAsync();
                throw new InvalidOperationException($"Instance {name} stopped at start (exit {process.ExitCode}):\n{string.Join('\n', output.TakeLast(40))}");
            }

            try
            {
                if ((await client.GetAsync($"{url}/healthz")).StatusCode == HttpStatusCode.OK)
                {
                    return url;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Busy migrating or seeding.
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"Instance {name} did not answer /healthz within 5 minutes:\n{string.Join('\n', output.TakeLast(40))}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string WebProjectDirectory()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Sponsorship.sln")))
        {
            directory = directory.Parent;
        }

        return Path.Combine(directory?.FullName ?? throw new InvalidOperationException("Sponsorship.sln not found."), "src", "Sponsorship.Web");
    }
}
