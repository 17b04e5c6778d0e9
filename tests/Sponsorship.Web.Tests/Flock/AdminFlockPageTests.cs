using System.Net;
using Sponsorship.Core.Demo;
using Sponsorship.Testing;

namespace Sponsorship.Web.Tests.Flock;

/// <summary>The administrators' flock pages: who may open them, and that they render for an administrator.</summary>
[Collection(SharedApp.Name)]
public sealed class AdminFlockPageTests(SponsorshipAppFactory app)
{
    public static TheoryData<string> Pages => ["/admin/villages", "/admin/households", "/admin/sheep", "/admin/sheep/import", "/admin/review"];

    public static TheoryData<string, string> PagesAndTitles => new()
    {
        { "/admin/villages", "嘎查村" },
        { "/admin/households", "牧户" },
        { "/admin/sheep", "羊只登记" },
        { "/admin/sheep/import", "从 CSV 导入羊只" },
        { "/admin/review", "审核队列" },
    };

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Anonymous_visitors_are_sent_to_sign_in(string path)
    {
        var response = await HttpTestClient.Anonymous(app).GetAsync(path);

        HttpTestClient.AssertSentToSignIn(response, path);
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Sponsors_and_herders_are_denied(string path)
    {
        foreach (var account in new[] { DemoAccounts.Sponsor, DemoAccounts.Herder })
        {
            var client = await HttpTestClient.SignedInAsync(app, account.Email, DemoAccounts.Password);

            var response = await client.GetAsync(path);

            HttpTestClient.AssertAccessDenied(response, path);
        }
    }

    [Theory]
    [MemberData(nameof(PagesAndTitles))]
    public async Task Administrators_open_each_page(string path, string title)
    {
        var client = await HttpTestClient.SignedInAsync(app, DemoAccounts.Admin.Email, DemoAccounts.Password);

        var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains($">{title}</h1>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_households_list_never_shows_a_payout_account_in_full()
    {
        var client = await HttpTestClient.SignedInAsync(app, DemoAccounts.Admin.Email, DemoAccounts.Password);

        var html = await client.GetStringAsync("/admin/households");

        Assert.Contains("•••• ", html, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"6228\d{15}", html);
    }

    [Fact]
    public async Task The_start_page_links_the_flock_pages_and_the_register_links_its_import()
    {
        var client = await HttpTestClient.SignedInAsync(app, DemoAccounts.Admin.Email, DemoAccounts.Password);

        var html = await client.GetStringAsync("/admin");

        foreach (var href in new[] { "admin/review", "admin/sheep", "admin/households", "admin/villages" })
        {
            Assert.Contains($"href=\"{href}\"", html, StringComparison.Ordinal);
        }

        Assert.Contains("href=\"admin/sheep/import\"", await client.GetStringAsync("/admin/sheep"), StringComparison.Ordinal);
    }
}
