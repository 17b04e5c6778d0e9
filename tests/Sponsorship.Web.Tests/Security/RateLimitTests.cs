using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Sponsorship.Core.Demo;
using Sponsorship.Testing;
using Sponsorship.Web.Features.Languages;
using Sponsorship.Web.Features.Security;

namespace Sponsorship.Web.Tests.Security;

/// <summary>Its own app with low limits, so the shared test app keeps the generous defaults.</summary>
public sealed class RateLimitTests : IClassFixture<RateLimitTests.LowLimitApp>
{
    public const int Limit = 3;

    private readonly LowLimitApp app;

    public RateLimitTests(LowLimitApp app) => this.app = app;

    [Fact]
    public async Task The_sign_in_post_after_the_limit_is_refused_with_429_and_a_page_in_the_readers_language()
    {
        var client = HttpTestClient.Anonymous(app);
        for (var attempt = 1; attempt <= Limit; attempt++)
        {
            var allowed = await SignInAsync(client, $"nobody-{attempt}@example.com");
            Assert.NotEqual(HttpStatusCode.TooManyRequests, allowed.StatusCode);
        }

        var refused = await SignInAsync(client, DemoAccounts.Sponsor.Email);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(int.Parse(refused.Headers.RetryAfter!.ToString(), System.Globalization.CultureInfo.InvariantCulture) is > 0 and <= 60);
        var html = await refused.Content.ReadAsStringAsync();
        Assert.Contains("data-testid=\"rate-limited\"", html);
        Assert.Contains("尝试次数太多", html);
        Assert.Contains("秒后再试", html);
        // The page itself is still there to read: only POSTs count.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/Account/Login")).StatusCode);
    }

    [Fact]
    public async Task Registration_and_account_mail_share_their_own_limit_and_the_refusal_is_in_English_for_an_English_reader()
    {
        var client = HttpTestClient.Anonymous(app);
        await client.GetAsync("/language?culture=en&returnUrl=/");
        for (var attempt = 1; attempt <= Limit; attempt++)
        {
            var allowed = await HttpTestClient.PostFormAsync(client, "/Account/Register", "register", new()
            {
                ["Input.DisplayName"] = "Limit",
                ["Input.Email"] = $"limit-{Guid.NewGuid():N}@example.com",
                ["Input.Password"] = "short",
                ["Input.ConfirmPassword"] = "short",
            });
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }

        var refused = await HttpTestClient.PostFormAsync(client, "/Account/ForgotPassword", "forgot-password", new()
        {
            ["Input.Email"] = "forgot@example.com",
        });

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        var html = await refused.Content.ReadAsStringAsync();
        Assert.Contains("<html lang=\"en\"", html);
        Assert.Contains("Too many attempts", html);
    }

    [Fact]
    public async Task The_verification_policy_limits_an_endpoint_that_asks_for_it_and_no_other()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["RateLimits:Verification:PermitLimit"] = $"{Limit}" });
        builder.AddLanguages();
        builder.AddSecurity();
        await using var host = builder.Build();
        host.UseLanguages();
        host.UseRateLimits();
        host.MapGet("/verify/{serial}", (string serial) => serial).RequireRateLimiting(RateLimits.Verification);
        host.MapGet("/other", () => "other");
        await host.StartAsync();
        var client = host.GetTestClient();

        var answers = new List<HttpStatusCode>();
        for (var i = 0; i <= Limit; i++)
        {
            answers.Add((await client.GetAsync($"/verify/S-{i}")).StatusCode);
        }

        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.OK, Limit), HttpStatusCode.TooManyRequests], answers);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/other")).StatusCode);
    }

    private static Task<HttpResponseMessage> SignInAsync(HttpClient client, string email) =>
        HttpTestClient.PostFormAsync(client, "/Account/Login", "login", new()
        {
            ["Input.Email"] = email,
            ["Input.Password"] = "not the password",
        });

    public sealed class LowLimitApp : SponsorshipAppFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("RateLimits:SignIn:PermitLimit", $"{Limit}");
            builder.UseSetting("RateLimits:Registration:PermitLimit", $"{Limit}");
        }
    }
}
