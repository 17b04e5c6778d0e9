using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Sponsorship.Core.Demo;
using Sponsorship.Testing;

namespace Sponsorship.Web.Tests.PublicPages;

/// <summary>
/// Every stylesheet, script and picture the pages reference is served compressed, MudBlazor's own included, and its body
/// is what its Content-Encoding says (a browser refuses one that is not, and the page loses its styles or scripts).
/// </summary>
[Collection(SharedApp.Name)]
public sealed partial class StaticAssetCompressionTests(SponsorshipAppFactory app)
{
    [Theory]
    [InlineData("br")]
    [InlineData("gzip")]
    public async Task Each_asset_the_public_herder_and_admin_pages_reference_is_served_compressed(string encoding)
    {
        var anonymous = HttpTestClient.Anonymous(app);
        var herder = await HttpTestClient.SignedInAsync(app, DemoAccounts.Herder.Email, DemoAccounts.Password);
        var admin = await HttpTestClient.SignedInAsync(app, DemoAccounts.Admin.Email, DemoAccounts.Password);
        var assets = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (client, path) in new[] { (anonymous, "/"), (anonymous, "/sheep"), (anonymous, "/impact"), (herder, "/herder"), (admin, "/admin/sheep") })
        {
            var html = await client.GetStringAsync(path);
            assets.UnionWith(AssetReference().Matches(html).Select(m => "/" + m.Groups["url"].Value.TrimStart('/')));
        }

        Assert.Contains(assets, a => a.Contains("MudBlazor.min.css", StringComparison.Ordinal));
        Assert.Contains(assets, a => a.Contains("MudBlazor.min.js", StringComparison.Ordinal));
        Assert.Contains(assets, a => a.Contains("blazor.web", StringComparison.Ordinal));
        Assert.Contains(assets, a => a.Contains("css/mud-static", StringComparison.Ordinal));
        foreach (var asset in assets)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, asset);
            request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue(encoding));
            using var response = await anonymous.SendAsync(request);

            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{asset}: {(int)response.StatusCode}");
            Assert.True(response.Content.Headers.ContentEncoding.Contains(encoding), $"{asset} is not served {encoding}");
            var plain = await anonymous.GetByteArrayAsync(asset);
            var decoded = await DecodeAsync(response, encoding);
            Assert.True(plain.AsSpan().SequenceEqual(decoded), $"{asset}: the {encoding} body is not the file");
        }
    }

    private static async Task<byte[]> DecodeAsync(HttpResponseMessage response, string encoding)
    {
        await using var body = await response.Content.ReadAsStreamAsync();
        await using Stream decoder = encoding == "br" ? new BrotliStream(body, CompressionMode.Decompress) : new GZipStream(body, CompressionMode.Decompress);
        using var decoded = new MemoryStream();
        try
        {
            await decoder.CopyToAsync(decoded);
        }
        catch (Exception e) when (e is InvalidDataException or InvalidOperationException)
        {
            // Not that encoding at all (gzip says InvalidData, Brotli InvalidOperation): nothing, which fails the comparison.
            return [];
        }

        return decoded.ToArray();
    }

    // Stylesheets, scripts and SVG pictures of this origin (not photos, which are JPEG already).
    [GeneratedRegex("""(?:href|src)="(?<url>(?!https?:|//|data:)[^"?#]+\.(?:css|js|svg))""")]
    private static partial Regex AssetReference();
}
