using System.Net;
using Sponsorship.Core.Demo;
using Sponsorship.Testing;

namespace Sponsorship.Web.Tests.Identity;

/// <summary>Who may open which start page: anonymous, each demo role.</summary>
[Collection(SharedApp.Name)]
public sealed class AuthorizationTests(SponsorshipAppFactory app)
{
    public static TheoryData<string> RolePages =>
        ["/admin", "/admin/users", "/herder", "/my", "/admin/households", "/admin/payouts", "/admin/payouts/reconciliation", "/pay/sandbox/TB-NONE"];

    [Theory]
    [MemberData(nameof(RolePages))]
    public async Task Anonymous_visitors_are_sent_to_sign_in(string path)
    {
        var response = await HttpTestClient.Anonymous(app).GetAsync(path);

        HttpTestClient.AssertSentToSignIn(response, path);
    }

    [Theory]
    [InlineData("sponsor", "/admin", false)]
    [InlineData("sponsor", "/admin/users", false)]
    [InlineData("sponsor", "/herder", false)]
    [InlineData("sponsor", "/my", true)]
    [InlineData("herder", "/admin", false)]
    [InlineData("herder", "/my", false)]
    [InlineData("herder", "/herder", true)]
    [InlineData("admin", "/admin", true)]
    [InlineData("admin", "/admin/users", true)]
    [InlineData("admin", "/herder", false)]
    [InlineData("sponsor", "/admin/households", false)]
    [InlineData("herder", "/admin/households", false)]
    [InlineData("admin", "/admin/households", true)]
    [InlineData("sponsor", "/admin/payouts", false)]
    [InlineData("herder", "/admin/payouts", false)]
    [InlineData("admin", "/admin/payouts", true)]
    [InlineData("herder", "/admin/users", false)]
    public async Task Each_role_opens_only_its_own_pages(string who, string path, bool allowed)
    {
        var account = who switch
        {
            "sponsor" => DemoAccounts.Sponsor,
            "herder" => DemoAccounts.Herder,
            _ => DemoAccounts.Admin,
        };
        var client = await HttpTestClient.SignedInAsync(app, account.Email, DemoAccounts.Password);

        var response = await client.GetAsync(path);

        if (allowed)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        else
        {
            HttpTestClient.AssertAccessDenied(response, path);
        }
    }

    [Theory]
    [InlineData("admin@example.com", "/admin")]
    [InlineData("herder@example.com", "/herder")]
    [InlineData("sponsor@example.com", "/my")]
    public async Task Signing_in_lands_on_the_roles_start_page(string email, string startPage)
    {
        var client = HttpTestClient.Anonymous(app);

        var response = await HttpTestClient.PostFormAsync(client, "/Account/Login", "login", new()
        {
            ["Input.Email"] = email,
            ["Input.Password"] = DemoAccounts.Password,
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(startPage, new Uri(new Uri("http://localhost/"), response.Headers.Location!).AbsolutePath);
    }

    [Fact]
    public async Task Herder_sees_only_their_own_households_sheep()
    {
        var herderA = await HttpTestClient.SignedInAsync(app, DemoAccounts.Herder.Email, DemoAccounts.Password);
        var herderB = await HttpTestClient.SignedInAsync(app, DemoAccounts.SecondHerder.Email, DemoAccounts.Password);

        var pageA = await herderA.GetStringAsync("/herder");
        var pageB = await herderB.GetStringAsync("/herder");

        Assert.Contains("巴特尔家", pageA);
        Assert.DoesNotContain("其木格家", pageA);
        Assert.Contains("其木格家", pageB);
        Assert.DoesNotContain("巴特尔家", pageB);
    }
}
