using System.Net;
using System.Text;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Sponsorship.Web.Tests.Security;

/// <summary>
/// Every route the app maps, for anonymous visitors, sponsors A and B, herders A and B and an administrator: the exact
/// answer each gets, and for a POST that a refused one changed nothing.
/// </summary>
public sealed class RouteMatrixTests(RouteMatrixApp matrix) : IClassFixture<RouteMatrixApp>
{
    /// <summary>Framework plumbing that is not the app's: the interactive circuit's hub and the Blazor scripts.</summary>
    private static readonly string[] FrameworkPrefixes = ["_blazor", "_framework"];

    public static TheoryData<string, Principal> Cases()
    {
        var cases = new TheoryData<string, Principal>();
        foreach (var route in RouteMatrix.Routes)
        {
            foreach (var principal in Enum.GetValues<Principal>())
            {
                cases.Add(route.Key, principal);
            }
        }

        return cases;
    }

    [Fact]
    public void Every_route_and_method_the_app_maps_has_a_row_and_every_row_a_route()
    {
        var mapped = matrix.App.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<Microsoft.AspNetCore.StaticAssets.StaticAssetDescriptor>() is null)
            .Where(e => !FrameworkPrefixes.Any(p => (e.RoutePattern.RawText ?? "").TrimStart('/').StartsWith(p, StringComparison.Ordinal)))
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["*"])
                .Select(m => (Key: $"{m} /{e.RoutePattern.RawText!.TrimStart('/')}", e.DisplayName)))
            .ToList();
        var rows = RouteMatrix.Routes.Select(r => r.Key).ToList();

        Assert.Equal(rows.Count, rows.Distinct().Count());
        Assert.Empty(mapped.Where(e => !rows.Contains(e.Key)).Select(e => $"{e.Key} ({e.DisplayName})").Order());
        Assert.Empty(rows.Except(mapped.Select(e => e.Key)).Order());
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Each_principal_gets_exactly_what_the_matrix_says(string route, Principal who)
    {
        var row = RouteMatrix.Routes.Single(r => r.Key == route);
        var expected = row.Expect.For(who);
        var fixtures = row.Fresh is null ? matrix.Fixtures : await row.Fresh(matrix);
        var path = row.Path(fixtures);
        var (client, token) = row.OwnClient ? await matrix.FreshClientAsync(who) : (matrix.Client(who), matrix.Token(who));
        var countsBefore = row.Method == "POST" ? await RouteStates.RowCountsAsync(matrix) : "";
        var stateBefore = row.State is null ? "" : await row.State(matrix, fixtures);

        using var request = new HttpRequestMessage(new HttpMethod(row.SendMethod), path) { Content = Body(row, fixtures, token) };
        using var response = await client.SendAsync(request);

        var body = await response.Content.ReadAsStringAsync();
        var said = $"{row.Method} {path} as {who}: {(int)response.StatusCode} {response.Headers.Location}\n{Excerpt(body)}";
        switch (expected)
        {
            case Outcome.SignInFirst:
                AssertRedirect("/Account/Login?ReturnUrl=" + Uri.EscapeDataString(path), HttpStatusCode.Redirect);
                break;
            case Outcome.AccessDenied:
                AssertRedirect("/Account/AccessDenied?ReturnUrl=" + Uri.EscapeDataString(path), HttpStatusCode.Redirect);
                break;
            case Outcome.RedirectTo redirect:
                AssertRedirect(redirect.Location(fixtures), redirect.StatusCode);
                break;
            case Outcome.Shows shows:
                Assert.True(response.StatusCode == HttpStatusCode.OK, said);
                Assert.True(body.Contains(shows.Content(fixtures), StringComparison.Ordinal), $"{said}\nshould show: {shows.Content(fixtures)}");
                Assert.False(shows.Hidden is { } hidden && body.Contains(hidden(fixtures), StringComparison.Ordinal), $"{said}\nshould not show: {shows.Hidden?.Invoke(fixtures)}");
                break;
            case Outcome.Status status:
                Assert.True(response.StatusCode == status.StatusCode, said);
                break;
        }

        if (!expected.Permitted)
        {
            // Refused: none of sponsor A's things leak into the answer (beyond the address asked for), and a POST changed nothing.
            string[] secrets =
            [
                fixtures.SheepName, fixtures.BankReference, fixtures.CertificateSerial, fixtures.WeChatReference, fixtures.AlipayReference,
                fixtures.Organisation.Name,
            ];
            foreach (var secret in secrets.Where(s => !path.Contains(s, StringComparison.Ordinal)))
            {
                Assert.DoesNotContain(secret, body, StringComparison.Ordinal);
            }

            if (row.Method == "POST")
            {
                Assert.Equal(countsBefore, await RouteStates.RowCountsAsync(matrix));
            }

            if (row.State is not null)
            {
                Assert.Equal(stateBefore, await row.State(matrix, fixtures));
            }
        }

        void AssertRedirect(string location, HttpStatusCode code)
        {
            Assert.True(response.StatusCode == code, $"{said}\nshould go to: {location}");
            var actual = response.Headers.Location!;
            var relative = actual.IsAbsoluteUri ? actual.PathAndQuery : actual.OriginalString;
            Assert.True(relative == location, $"{said}\nshould go to: {location}");
        }
    }

    private static HttpContent? Body(Route row, RouteFixtures fixtures, string token)
    {
        if (row.Json is not null)
        {
            return new StringContent(row.Json(fixtures), Encoding.UTF8, "application/json");
        }

        if (row.Form is null)
        {
            return null;
        }

        var form = row.Form(fixtures);
        if (!row.WithoutToken)
        {
            form["__RequestVerificationToken"] = token;
        }

        if (!row.Multipart)
        {
            return new FormUrlEncodedContent(form);
        }

        var multipart = new MultipartFormDataContent();
        foreach (var (name, value) in form)
        {
            multipart.Add(new StringContent(value), name);
        }

        return multipart;
    }

    private static string Excerpt(string body)
    {
        var main = body.IndexOf("<main", StringComparison.Ordinal);
        var text = main >= 0 ? body[main..] : body;
        return text.Length > 600 ? text[..600] : text;
    }
}
