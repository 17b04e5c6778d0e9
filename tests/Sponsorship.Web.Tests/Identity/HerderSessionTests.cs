using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Sponsorship.Core.Demo;
using Sponsorship.Core.Identity;
using Sponsorship.Testing;
using Sponsorship.Web.Features.Identity;

namespace Sponsorship.Web.Tests.Identity;

/// <summary>The app with the security stamp checked on every request, so that ending a session shows at once.</summary>
public sealed class EveryRequestCheckedApp : SponsorshipAppFactory
{
    protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.Zero));
    }
}

/// <summary>A herder's long sign-in on the pasture, and the ways it still ends.</summary>
public sealed class HerderSessionTests(EveryRequestCheckedApp app) : IClassFixture<EveryRequestCheckedApp>
{
    [Fact]
    public async Task A_herders_sign_in_is_kept_on_the_phone_for_sixty_days_and_a_sponsors_ends_with_the_browser()
    {
        var herderCookie = await SignInCookieAsync(DemoAccounts.Herder.Email);
        var sponsorCookie = await SignInCookieAsync(DemoAccounts.Sponsor.Email);

        var expires = herderCookie.Split(';').Select(p => p.Trim()).Single(p => p.StartsWith("expires=", StringComparison.OrdinalIgnoreCase));
        var until = DateTimeOffset.Parse(expires["expires=".Length..], System.Globalization.CultureInfo.InvariantCulture);
        var now = TimeProvider.System.GetUtcNow();
        Assert.InRange(until, now + HerderSession.Length - TimeSpan.FromMinutes(5), now + HerderSession.Length + TimeSpan.FromMinutes(5));
        Assert.DoesNotContain("expires=", sponsorCookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Signing_a_herder_out_removes_the_long_cookie_and_tells_the_phone_to_drop_its_kept_pages_and_outbox()
    {
        var phone = await HttpTestClient.SignedInAsync(app, DemoAccounts.SecondHerder.Email, DemoAccounts.Password);

        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["returnUrl"] = "/",
            ["__RequestVerificationToken"] = await Flock.HerderForms.TokenAsync(phone),
        });
        var signOut = await phone.PostAsync("/Account/Logout", form);

        Assert.Equal("\"cache\", \"storage\"", string.Join(",", signOut.Headers.GetValues("Clear-Site-Data")));
        Assert.Contains(signOut.Headers.GetValues("Set-Cookie"), c => c.StartsWith("sponsorship.auth=;", StringComparison.Ordinal));
        HttpTestClient.AssertSentToSignIn(await phone.GetAsync("/herder"), "/herder");
    }

    [Fact]
    public async Task An_administrator_disabling_a_herder_ends_the_long_session_at_the_next_request()
    {
        var phone = await HttpTestClient.SignedInAsync(app, DemoAccounts.Herder.Email, DemoAccounts.Password);
        Assert.Equal(HttpStatusCode.OK, (await phone.GetAsync("/herder")).StatusCode);
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var herder = (await users.FindByEmailAsync(DemoAccounts.Herder.Email))!.Id;
        var admin = (await users.FindByEmailAsync(DemoAccounts.Admin.Email))!.Id;
        var access = scope.ServiceProvider.GetRequiredService<AccountAccess>();

        Assert.Equal(AccountAccessError.None, await access.DisableAsync(herder, admin));
        try
        {
            HttpTestClient.AssertSentToSignIn(await phone.GetAsync("/herder"), "/herder");
        }
        finally
        {
            // The other tests of this class sign the same herder in.
            await access.EnableAsync(herder, admin);
        }
    }

    private async Task<string> SignInCookieAsync(string email)
    {
        var client = HttpTestClient.Anonymous(app);
        var response = await HttpTestClient.PostFormAsync(client, "/Account/Login", "login", new()
        {
            ["Input.Email"] = email,
            ["Input.Password"] = DemoAccounts.Password,
        });
        return response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("sponsorship.auth=", StringComparison.Ordinal));
    }
}
