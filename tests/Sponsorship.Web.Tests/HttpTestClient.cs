using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Sponsorship.Testing;

namespace Sponsorship.Web.Tests;

/// <summary>Signs in through the real login form (antiforgery token and all) and keeps the cookie.</summary>
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
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"Sign-in of {email} gave {(int)response.StatusCode}");
        return client;
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
