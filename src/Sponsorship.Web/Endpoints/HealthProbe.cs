using System.Globalization;

namespace Sponsorship.Web.Endpoints;

/// <summary>
/// <c>dotnet Sponsorship.Web.dll --healthcheck [url]</c>: asks a running instance's <c>/healthz</c> and exits 0 when it
/// answers 200, 1 otherwise. The container's HEALTHCHECK uses it, because the ASP.NET runtime image has neither curl
/// nor wget. Without a url it asks the first port of ASPNETCORE_HTTP_PORTS (8080 in the image) on loopback.
/// </summary>
public static class HealthProbe
{
    public const string Flag = "--healthcheck";

    public static async Task<int> RunAsync(string[] args)
    {
        var url = args.SkipWhile(a => a != Flag).Skip(1).FirstOrDefault() ?? DefaultUrl(Environment.GetEnvironmentVariable("ASPNETCORE_HTTP_PORTS"));
        var (healthy, report) = await ProbeAsync(new Uri(url), TimeSpan.FromSeconds(5));
        Console.WriteLine(report);
        return healthy ? 0 : 1;
    }

    public static string DefaultUrl(string? httpPorts)
    {
        var first = (httpPorts ?? "").Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
        var port = int.TryParse(first, NumberStyles.None, CultureInfo.InvariantCulture, out var p) ? p : 8080;
        return $"http://127.0.0.1:{port}/healthz";
    }

    public static async Task<(bool Healthy, string Report)> ProbeAsync(Uri url, TimeSpan timeout)
    {
        using var client = new HttpClient { Timeout = timeout };
        try
        {
            using var response = await client.GetAsync(url);
            var body = await response.Content.ReadAsStringAsync();
            return (response.IsSuccessStatusCode, $"{url}: {(int)response.StatusCode} {body}");
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return (false, $"{url}: {e.Message}");
        }
    }
}
