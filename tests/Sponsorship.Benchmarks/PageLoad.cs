using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Sponsorship.Benchmarks;

/// <summary>
/// The public pages against a static file, in one run, with <c>wrk</c> (Debian package): the site's stylesheet (the
/// ceiling on this machine), then each page, each for the same time and connections, asking as a browser does
/// (<c>Accept-Encoding: br, gzip</c>). Prints a table with the load average beside each row.
/// <c>dotnet run -c Release --project tests/Sponsorship.Benchmarks -- pages http://127.0.0.1:5107 [verify path] [seconds] [connections]</c>
/// against a running Release build (Production, demo data); <c>-- pages URL smoke</c> runs a second per path on 4 connections.
/// </summary>
public static partial class PageLoad
{
    public static async Task RunAsync(string[] args)
    {
        var baseUrl = args.Length > 1 ? args[1] : "http://127.0.0.1:5107";
        var smoke = args.Contains("smoke");
        var rest = args.Skip(2).Where(a => a != "smoke").ToList();
        var verify = rest.FirstOrDefault(a => a.StartsWith("/verify/", StringComparison.Ordinal));
        var numbers = rest.Where(a => int.TryParse(a, CultureInfo.InvariantCulture, out _)).Select(a => int.Parse(a, CultureInfo.InvariantCulture)).ToList();
        var rows = await RunAsync(new Uri(baseUrl), verify, smoke ? 1 : numbers.ElementAtOrDefault(0) is > 0 and var s ? s : 10,
            smoke ? 4 : numbers.ElementAtOrDefault(1) is > 0 and var c ? c : 64);
        Console.WriteLine(Table(rows));
    }

    /// <summary>Each path for <paramref name="seconds"/> on <paramref name="connections"/> connections, one after another.</summary>
    public static async Task<IReadOnlyList<PageLoadRow>> RunAsync(Uri baseUrl, string? verifyPath, int seconds, int connections)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        using var http = new HttpClient { BaseAddress = baseUrl };
        var home = await http.GetStringAsync("/");
        var stylesheet = Stylesheet().Match(home).Groups["url"].Value;
        var catalogue = await http.GetStringAsync("/sheep");
        var tag = ProfileLink().Match(catalogue).Groups["tag"].Value;
        var paths = new List<(string Label, string Path)>
        {
            ("static CSS (the ceiling)", "/" + stylesheet),
            ("/", "/"),
            ("/sheep", "/sheep"),
            ("/sheep?breed=Ujimqin&page=2", "/sheep?breed=Ujimqin&page=2"),
            ("/sheep/{tag}", $"/sheep/{tag}"),
            ("/impact", "/impact"),
        };
        if (verifyPath is not null)
        {
            paths.Add(("/verify/{serial}?c=…", verifyPath));
        }

        paths.Add(("/healthz", "/healthz"));

        // A second of each first, so the JIT, the connection pools and the cache are warm for every row alike.
        foreach (var (label, path) in paths)
        {
            await WrkAsync(label + " (warm-up)", new Uri(baseUrl, path), 1, Math.Min(connections, 8));
        }

        var rows = new List<PageLoadRow>();
        foreach (var (label, path) in paths)
        {
            rows.Add(await WrkAsync(label, new Uri(baseUrl, path), seconds, connections));
        }

        return rows;
    }

    public static string Table(IReadOnlyList<PageLoadRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var lines = new List<string> { "| Path | req/s | p50 | p99 | errors | load average |", "|---|---:|---:|---:|---:|---|" };
        lines.AddRange(rows.Select(r => string.Create(CultureInfo.InvariantCulture,
            $"| {r.Label} | {r.RequestsPerSecond:N0} | {r.P50Ms:0.0} ms | {r.P99Ms:0.0} ms | {r.Errors} | {r.LoadAverage} |")));
        return string.Join('\n', lines);
    }

    private static async Task<PageLoadRow> WrkAsync(string label, Uri url, int seconds, int connections)
    {
        var start = new ProcessStartInfo("wrk")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            ArgumentList = { "-t2", $"-c{connections}", $"-d{seconds}s", "--latency", "-H", "Accept-Encoding: br, gzip", url.ToString() },
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("wrk did not start: install it (apt-get install wrk).");
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        var load = LoadAverage.Now;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"wrk failed on {url}: {await process.StandardError.ReadToEndAsync()}");
        }

        var requests = long.Parse(Requests().Match(output).Groups["n"].Value, CultureInfo.InvariantCulture);
        var non2xx = Non2xx().Match(output) is { Success: true } m ? long.Parse(m.Groups["n"].Value, CultureInfo.InvariantCulture) : 0;
        var socketErrors = SocketErrors().Matches(output).Sum(e => long.Parse(e.Groups["n"].Value, CultureInfo.InvariantCulture));
        var row = new PageLoadRow(
            label, url.PathAndQuery, requests, double.Parse(Rate().Match(output).Groups["n"].Value, CultureInfo.InvariantCulture),
            Milliseconds(Percentile("50").Match(output)), Milliseconds(Percentile("99").Match(output)), non2xx + socketErrors, load);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{label}: {row.RequestsPerSecond:N0} req/s, p50 {row.P50Ms:0.0} ms, p99 {row.P99Ms:0.0} ms, {row.Errors} errors, load {load}"));
        return row;
    }

    private static Regex Percentile(string p) => new($@"^\s+{p}%\s+(?<v>[\d.]+)(?<u>us|ms|s)\s*$", RegexOptions.Multiline);

    private static double Milliseconds(Match match)
    {
        var value = double.Parse(match.Groups["v"].Value, CultureInfo.InvariantCulture);
        return match.Groups["u"].Value switch { "us" => value / 1000, "s" => value * 1000, _ => value };
    }

    [GeneratedRegex("""<link rel="stylesheet" href="(?<url>css/app[^"]*\.css)""")]
    private static partial Regex Stylesheet();

    [GeneratedRegex(@"href=""sheep/(?<tag>\d{15})""")]
    private static partial Regex ProfileLink();

    [GeneratedRegex(@"(?<n>\d+) requests in")]
    private static partial Regex Requests();

    [GeneratedRegex(@"Requests/sec:\s+(?<n>[\d.]+)")]
    private static partial Regex Rate();

    [GeneratedRegex(@"Non-2xx or 3xx responses: (?<n>\d+)")]
    private static partial Regex Non2xx();

    [GeneratedRegex(@"(?:connect|read|write|timeout) (?<n>\d+)")]
    private static partial Regex SocketErrors();
}

/// <summary>One path under wrk: requests made, their rate, median and 99th percentile, failures, and the load average after.</summary>
public sealed record PageLoadRow(string Label, string Path, long Requests, double RequestsPerSecond, double P50Ms, double P99Ms, long Errors, string LoadAverage);
