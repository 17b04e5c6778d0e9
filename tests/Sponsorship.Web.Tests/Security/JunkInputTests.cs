using System.Net;
using System.Reflection;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Endpoints;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Sponsorship.Core.Demo;
using Sponsorship.Testing;
using Xunit.Abstractions;

namespace Sponsorship.Web.Tests.Security;

/// <summary>
/// No input makes a server error: every GET route the app maps (pages and endpoints, read from the app's own endpoint
/// list) is asked with junk in each route value and in each query parameter its page reads, signed out and as each role.
/// </summary>
[Collection(SharedApp.Name)]
public sealed class JunkInputTests(SponsorshipAppFactory app, ITestOutputHelper output)
{
    public static readonly string[] Junk =
    [
        "'", "\"><script>alert(1)</script>", "99999999999999999999999", "-1", "abc", "%00", "%E0%A4%A", "../../etc/passwd",
        new string('x', 3000), "1 OR 1=1", "/\\evil.example",
    ];

    [Theory]
    [InlineData(null)]
    [InlineData("sponsor")]
    [InlineData("herder")]
    [InlineData("admin")]
    public async Task Junk_in_every_route_value_and_query_parameter_never_gives_a_5xx(string? who)
    {
        var client = who switch
        {
            "sponsor" => await HttpTestClient.SignedInAsync(app, DemoAccounts.Sponsor.Email, DemoAccounts.Password),
            "herder" => await HttpTestClient.SignedInAsync(app, DemoAccounts.Herder.Email, DemoAccounts.Password),
            "admin" => await HttpTestClient.SignedInAsync(app, DemoAccounts.Admin.Email, DemoAccounts.Password),
            _ => HttpTestClient.Anonymous(app),
        };
        var failures = new List<string>();
        var asked = 0;
        foreach (var url in Urls())
        {
            asked++;
            using var response = await client.GetAsync(url);
            if ((int)response.StatusCode >= 500)
            {
                failures.Add($"{(int)response.StatusCode} {url}");
                output.WriteLine($"{(int)response.StatusCode} {(url.Length > 160 ? url[..160] : url)}");
            }
        }

        output.WriteLine($"{asked} junk requests as {who ?? "anonymous"}");
        Assert.True(asked > 200, $"only {asked} requests");
        Assert.Empty(failures.Select(f => f.Split('?')[0]).Distinct());
    }

    /// <summary>Each GET route with junk in one place at a time: a route value, or every query parameter its page reads.</summary>
    private IEnumerable<string> Urls()
    {
        var endpoints = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods.Contains(HttpMethods.Get) != false)
            .Where(e => e.RoutePattern.RawText is { } raw && !raw.StartsWith('_') && !raw.Contains('.', StringComparison.Ordinal)
                && !raw.StartsWith("/_", StringComparison.Ordinal) && raw != "/Error");
        foreach (var endpoint in endpoints)
        {
            var pattern = endpoint.RoutePattern;
            var queries = QueryNames(endpoint).DefaultIfEmpty("q").ToList();
            foreach (var junk in Junk)
            {
                var escaped = Uri.EscapeDataString(junk);
                var plain = Path(pattern, _ => "1");
                yield return $"{plain}?{string.Join('&', queries.Select(q => $"{q}={escaped}"))}";
                foreach (var parameter in pattern.Parameters)
                {
                    yield return Path(pattern, p => p == parameter.Name ? escaped : "1");
                }
            }
        }
    }

    private static string Path(Microsoft.AspNetCore.Routing.Patterns.RoutePattern pattern, Func<string, string> value) =>
        "/" + string.Join('/', pattern.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
        {
            Microsoft.AspNetCore.Routing.Patterns.RoutePatternLiteralPart literal => literal.Content,
            Microsoft.AspNetCore.Routing.Patterns.RoutePatternParameterPart parameter => value(parameter.Name),
            _ => "",
        }))));

    private static IEnumerable<string> QueryNames(Endpoint endpoint)
    {
        var component = endpoint.Metadata.GetMetadata<ComponentTypeMetadata>()?.Type;
        return component is null
            ? []
            : component.GetProperties(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)
                .Select(p => (Property: p, Attribute: p.GetCustomAttribute<SupplyParameterFromQueryAttribute>()))
                .Where(p => p.Attribute is not null)
                .Select(p => p.Attribute!.Name ?? p.Property.Name);
    }
}
