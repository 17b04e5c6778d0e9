using System.Net;
using Sponsorship.Testing;

namespace Sponsorship.Web.Tests.Languages;

[Collection(SharedApp.Name)]
public sealed class LanguageSwitchTests(SponsorshipAppFactory app)
{
    [Fact]
    public async Task Choosing_English_sets_a_lasting_cookie_and_returns_to_the_page()
    {
        var client = HttpTestClient.Anonymous(app);

        var response = await client.GetAsync("/language?culture=en&returnUrl=%2Fsheep%3Fbreed%3DSunit");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/sheep?breed=Sunit", response.Headers.Location!.OriginalString);
        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith(".AspNetCore.Culture=", StringComparison.Ordinal));
        Assert.Contains("c%3Den%7Cuic%3Den", cookie);
        Assert.Contains("max-age=31536000", cookie, StringComparison.OrdinalIgnoreCase);

        var html = await client.GetStringAsync("/");
        Assert.Contains("<html lang=\"en\"", html);
        Assert.Contains("A Sheep on the Grassland", html);
    }

    [Theory]
    [InlineData("//evil.example/phish")]
    [InlineData("https://evil.example/")]
    public async Task The_switch_never_redirects_off_site(string returnUrl)
    {
        var response = await HttpTestClient.Anonymous(app).GetAsync($"/language?culture=en&returnUrl={Uri.EscapeDataString(returnUrl)}");

        Assert.Equal("/", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task An_unknown_language_falls_back_to_Chinese()
    {
        var client = HttpTestClient.Anonymous(app);

        await client.GetAsync("/language?culture=xx&returnUrl=/");

        Assert.Contains("<html lang=\"zh-CN\"", await client.GetStringAsync("/"));
    }
}
