using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Sponsorship.Testing;

namespace Sponsorship.Web.Tests;

/// <summary>Signs in through the real login form (antiforgery token and all) and keeps the cookie; exact checks of where the app sends people.</summary>
public static partial class HttpTestClient
{
    public static HttpClient Anonymous(SponsorshipAppFactory factory) =>
        factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    public static async Task<HttpClient> SignedInAsync(SponsorshipAppFactory factory, string email, string password)
    {
        var client = Anonymous(factory);
        var response = await PostFormAsync(client, "/Account/Login", "login", new()
        {
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        });
        // A refused, locked-out or half-done (two-factor) sign-in redirects too, but to an account page and without the cookie.
        var location = response.Headers.Location?.OriginalString ?? "";
        Assert.True(
            response.StatusCode == HttpStatusCode.Redirect && !location.Contains("Account/", StringComparison.Ordinal)
                && response.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith("sponsorship.auth=", StringComparison.Ordinal)),
            $"Sign-in of {email} gave {(int)response.StatusCode} to '{location}'");
        return client;
    }

    /// <summary>The response sends the visitor to sign in and back to exactly <paramref name="pathAndQuery"/>.</summary>
    public static void AssertSentToSignIn(HttpResponseMessage response, string pathAndQuery) =>
        AssertRedirectedTo(response, "/Account/Login?ReturnUrl=" + Uri.EscapeDataString(pathAndQuery));

    /// <summary>The response tells a signed-in person they may not open <paramref name="pathAndQuery"/>.</summary>
    public static void AssertAccessDenied(HttpResponseMessage response, string pathAndQuery) =>
        AssertRedirectedTo(response, "/Account/AccessDenied?ReturnUrl=" + Uri.EscapeDataString(pathAndQuery));

    /// <summary>A 302 to exactly <paramref name="location"/> (path and query, however the app wrote the address).</summary>
    public static void AssertRedirectedTo(HttpResponseMessage response, string location)
    {
        ArgumentNullException.ThrowIfNull(response);
        var actual = response.Headers.Location;
        var relative = actual is null ? "" : actual.IsAbsoluteUri ? actual.PathAndQuery : actual.OriginalString;
        Assert.True(response.StatusCode == HttpStatusCode.Redirect && relative == location,
            $"Expected 302 to {location}, got {(int)response.StatusCode} to '{relative}'");
    }

    /// <summary>GETs the page, then posts its form named <paramref name="formName"/> with the page's antiforgery token.</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string path, string formName, Dictionary<string, string> fields)
    {
        var page = await client.GetStringAsync(path);
        var token = AntiforgeryToken().Match(page);
        Assert.True(token.Success, $"No antiforgery token on {path}");
        var form = new Dictionary<string, string>(fields)
        {
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value),
            ["_handler"] = formName,
        };
        using var content = new FormUrlEncodedContent(form);
        return await client.PostAsync(path, content);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
