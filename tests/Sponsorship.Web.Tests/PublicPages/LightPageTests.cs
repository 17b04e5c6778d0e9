using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Sponsorship.Core.Demo;
using Sponsorship.Core.Programme;
using Sponsorship.Web.Tests.Flock;

namespace Sponsorship.Web.Tests.PublicPages;

/// <summary>The herders' pages on a weak signal: compressed where that gives nothing away.</summary>
public sealed partial class LightPageTests(HerderApp app) : IClassFixture<HerderApp>
{

    [Theory]
    [InlineData("br")]
    [InlineData("gzip")]
    public async Task A_herders_page_is_sent_compressed_with_a_token_that_differs_in_every_answer_and_neither_a_post_nor_a_search_is(string encoding)
    {
        var herder = await app.SignInAsync(DemoAccounts.Herder.Email);
        var sheepId = app.TakeSheep(DemoAccounts.Herder.Email);

        var tokens = new List<string>();
        foreach (var path in new[] { "/herder", $"/herder/sheep/{sheepId}", $"/herder/sheep/{sheepId}", "/herder/earnings", "/herder/visits" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue(encoding));
            using var response = await herder.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal([encoding], response.Content.Headers.ContentEncoding);
            var html = await DecodedAsync(response, encoding);
            Assert.Contains("css/mud-static", html);
            Assert.DoesNotContain("href=\"_content/MudBlazor/", html);
            Assert.DoesNotContain("src=\"_content/MudBlazor/", html);
            Assert.DoesNotContain("mud-theme-provider", html);
            tokens.Add(Assert.Single(AntiforgeryToken().Matches(html).Select(m => m.Groups[1].Value).Distinct()));
        }

        // A secret that is encrypted afresh for every answer cannot be guessed from the sizes of compressed answers.
        Assert.Equal(tokens.Count, tokens.Distinct().Count());

        // The answer to a post shows what was typed: never compressed.
        using var post = new HttpRequestMessage(HttpMethod.Post, $"/herder/sheep/{sheepId}")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Model.Weight"] = "420", ["Model.On"] = app.Services.GetRequiredService<ProgrammeCalendar>().Today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), ["Model.Key"] = HerderForms.NewKey(),
                ["__RequestVerificationToken"] = WebUtility.HtmlDecode(tokens[^1]), ["_handler"] = "weighing",
            }),
        };
        post.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue(encoding));
        using var answer = await herder.SendAsync(post);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Empty(answer.Content.Headers.ContentEncoding);
        Assert.Contains("体重应在 0.5 到 300 公斤之间。", await answer.Content.ReadAsStringAsync());
        Assert.Equal(0, await app.LogCountAsync(sheepId));

        // A search echoes the digits a stranger could have chosen beside the herder's own sheep: never compressed.
        using var search = new HttpRequestMessage(HttpMethod.Get, "/herder/find?digits=1503");
        search.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue(encoding));
        using var found = await herder.SendAsync(search);
        Assert.Equal(HttpStatusCode.OK, found.StatusCode);
        Assert.Empty(found.Content.Headers.ContentEncoding);
        Assert.Contains("1503", await found.Content.ReadAsStringAsync());
    }

    private static async Task<string> DecodedAsync(HttpResponseMessage response, string encoding)
    {
        await using var body = await response.Content.ReadAsStreamAsync();
        await using Stream decoded = encoding == "br" ? new BrotliStream(body, CompressionMode.Decompress) : new GZipStream(body, CompressionMode.Decompress);
        using var reader = new StreamReader(decoded);
        return await reader.ReadToEndAsync();
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
