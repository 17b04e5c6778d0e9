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

    [Fact]
    public async Task A_first_visit_from_an_English_browser_reads_English()
    {
        var client = HttpTestClient.Anonymous(app);
        client.DefaultRequestHeaders.Add("Accept-Language", "en-US,en;q=0.9");

        var html = await client.GetStringAsync("/sheep");

        Assert.Contains("<html lang=\"en\"", html);
        Assert.Contains("Meet the sheep", html);
    }

    [Fact]
    public async Task A_language_chosen_with_the_switch_wins_over_the_browser()
    {
        var client = HttpTestClient.Anonymous(app);
        client.DefaultRequestHeaders.Add("Accept-Language", "en-US,en;q=0.9");

        await client.GetAsync("/language?culture=zh-CN&returnUrl=/");

        var html = await client.GetStringAsync("/sheep");
        Assert.Contains("<html lang=\"zh-CN\"", html);
        Assert.Contains("认识羊儿", html);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("fr-FR,de;q=0.8")]
    public async Task A_browser_asking_for_no_language_we_have_reads_Chinese(string? acceptLanguage)
    {
        var client = HttpTestClient.Anonymous(app);
        if (acceptLanguage is not null)
        {
            client.DefaultRequestHeaders.Add("Accept-Language", acceptLanguage);
        }

        Assert.Contains("<html lang=\"zh-CN\"", await client.GetStringAsync("/sheep"));
    }
}
