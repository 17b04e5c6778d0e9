using System.Text.Json;
using Microsoft.Playwright;

namespace Sponsorship.E2E.Layout;

/// <summary>
/// Counts what a page really costs over the network, as Chromium's DevTools protocol reports it: for every response the
/// bytes received for it (headers and compressed body, <c>Network.loadingFinished.encodedDataLength</c>; nothing for a
/// response taken from the cache). Photos are left out: the budget is for what every visit pays.
/// </summary>
public sealed class WireBytes
{
    private readonly Dictionary<string, (string Url, string Type, string MimeType)> responses = [];
    private readonly List<WireResponse> finished = [];
    private readonly Lock gate = new();

    private WireBytes()
    {
    }

    public static async Task<WireBytes> AttachAsync(IPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        var meter = new WireBytes();
        var session = await page.Context.NewCDPSessionAsync(page);
        session.Event("Network.responseReceived").OnEvent += (_, e) => meter.OnResponse(e);
        session.Event("Network.loadingFinished").OnEvent += (_, e) => meter.OnFinished(e);
        await session.SendAsync("Network.enable");
        return meter;
    }

    /// <summary>Every finished response but photos, in the order they finished.</summary>
    public IReadOnlyList<WireResponse> Responses
    {
        get
        {
            lock (gate)
            {
                return finished.Where(r => !r.IsPhoto).ToList();
            }
        }
    }

    public long Total => Responses.Sum(r => r.Bytes);

    public void Clear()
    {
        lock (gate)
        {
            responses.Clear();
            finished.Clear();
        }
    }

    /// <summary>One line per response, largest first: what a failed budget prints.</summary>
    public string Describe() =>
        string.Join('\n', Responses.OrderByDescending(r => r.Bytes).Select(r => $"{r.Bytes,9:N0} B  {r.Type,-10} {r.Url}"));

    private void OnResponse(JsonElement? e)
    {
        if (e is not { } data)
        {
            return;
        }

        var response = data.GetProperty("response");
        lock (gate)
        {
            responses[data.GetProperty("requestId").GetString()!] = (
                response.GetProperty("url").GetString()!,
                data.TryGetProperty("type", out var type) ? type.GetString() ?? "" : "",
                response.GetProperty("mimeType").GetString() ?? "");
        }
    }

    private void OnFinished(JsonElement? e)
    {
        if (e is not { } data)
        {
            return;
        }

        var bytes = (long)data.GetProperty("encodedDataLength").GetDouble();
        lock (gate)
        {
            if (responses.Remove(data.GetProperty("requestId").GetString()!, out var response))
            {
                finished.Add(new WireResponse(response.Url, response.Type, response.MimeType, bytes));
            }
        }
    }
}

/// <summary>One response and the bytes it took on the wire.</summary>
public sealed record WireResponse(string Url, string Type, string MimeType, long Bytes)
{
    /// <summary>A sheep's or household's photo (the stored pictures); drawings of the site itself (SVG) still count.</summary>
    public bool IsPhoto => Url.Contains("/media/photos/", StringComparison.Ordinal);
}
