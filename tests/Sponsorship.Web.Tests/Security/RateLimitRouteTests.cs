using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Sponsorship.Core.Demo;
using Sponsorship.Core.Identity;
using Sponsorship.Testing;

namespace Sponsorship.Web.Tests.Security;

/// <summary>Its own app (limits of 3), so the spellings here do not spend another test's allowance.</summary>
public sealed class RateLimitRouteTests(RateLimitRouteTests.SpellingApp app) : IClassFixture<RateLimitRouteTests.SpellingApp>
{
    [Fact]
    public async Task Every_spelling_the_router_accepts_for_sign_in_counts_towards_the_same_limit()
    {
        var client = HttpTestClient.Anonymous(app);
        var answers = new List<HttpStatusCode>();
        foreach (var path in new[] { "/account/login", "/Account/Login/", "/ACCOUNT/LOGIN", "/Account/login/" })
        {
            var response = await HttpTestClient.PostFormAsync(client, path, "login", new()
            {
                ["Input.Email"] = $"spelling-{Guid.NewGuid():N}@example.com",
                ["Input.Password"] = "not the password",
            });
            answers.Add(response.StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], answers);
    }

    public sealed class SpellingApp : SponsorshipAppFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("RateLimits:SignIn:PermitLimit", "3");
        }
    }
}

/// <summary>Wrong passwords are counted per client address and email, known or not; the account's lockout is a backstop.</summary>
[Collection(SharedApp.Name)]
public sealed class SignInWindowTests(SponsorshipAppFactory app)
{
    [Fact]
    public async Task Five_wrong_passwords_make_this_address_wait_for_that_account_alike_for_a_known_and_an_unknown_email()
    {
        var known = $"window-{Guid.NewGuid():N}@example.com";
        var unknown = $"window-nobody-{Guid.NewGuid():N}@example.com";
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            Assert.True((await users.CreateAsync(new ApplicationUser { UserName = known, Email = known, EmailConfirmed = true }, "the right password")).Succeeded);
        }

        foreach (var email in new[] { known, unknown })
        {
            for (var attempt = 1; attempt <= 5; attempt++)
            {
                Assert.Equal(HttpStatusCode.OK, (await SignInAsync(email, $"wrong password {attempt}")).StatusCode);
            }
        }

        var knownRefused = await SignInAsync(known, "the right password");
        var unknownRefused = await SignInAsync(unknown, "the right password");
        Assert.Equal((HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests), (knownRefused.StatusCode, unknownRefused.StatusCode));
        Assert.Contains("登录尝试次数过多", await knownRefused.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // Another account from the same place is not held up, and the known account itself is not locked.
        Assert.Equal(HttpStatusCode.Redirect, (await SignInAsync(DemoAccounts.SecondSponsor.Email, DemoAccounts.Password)).StatusCode);
        await using var check = app.Services.CreateAsyncScope();
        var manager = check.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        Assert.False(await manager.IsLockedOutAsync((await manager.FindByEmailAsync(known))!));
    }

    private Task<HttpResponseMessage> SignInAsync(string email, string password) =>
        HttpTestClient.PostFormAsync(HttpTestClient.Anonymous(app), "/Account/Login", "login", new() { ["Input.Email"] = email, ["Input.Password"] = password });
}
