using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Sponsorship.Core.Identity;
using Sponsorship.Testing;

namespace Sponsorship.Web.Tests.Identity;

[Collection(SharedApp.Name)]
public sealed class AccountTests(SponsorshipAppFactory app)
{
    [Fact]
    public async Task A_sponsor_registers_with_any_name_and_a_long_password_and_gets_the_Sponsor_role()
    {
        var client = HttpTestClient.Anonymous(app);
        var email = $"new-{Guid.NewGuid():N}@example.com";

        var response = await HttpTestClient.PostFormAsync(client, "/Account/Register", "register", new()
        {
            ["Input.DisplayName"] = "王喆 Zoë",
            ["Input.Email"] = email,
            ["Input.Password"] = "just lowercase words",
            ["Input.ConfirmPassword"] = "just lowercase words",
            ["Input.AcceptPrivacyNotice"] = "true",
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("Account/RegisterConfirmation", response.Headers.Location!.OriginalString);
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = await users.FindByEmailAsync(email);
        Assert.NotNull(user);
        Assert.Equal("王喆 Zoë", user.DisplayName);
        Assert.False(user.EmailConfirmed);
        Assert.Equal([Roles.Sponsor], await users.GetRolesAsync(user));
    }

    [Fact]
    public async Task A_short_password_is_refused_with_a_message_and_nothing_is_saved()
    {
        var client = HttpTestClient.Anonymous(app);
        var email = $"short-{Guid.NewGuid():N}@example.com";

        var response = await HttpTestClient.PostFormAsync(client, "/Account/Register", "register", new()
        {
            ["Input.DisplayName"] = "Short",
            ["Input.Email"] = email,
            ["Input.Password"] = "elevenchars",
            ["Input.ConfirmPassword"] = "elevenchars",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("密码至少需要 12 个字符", await response.Content.ReadAsStringAsync());
        await using var scope = app.Services.CreateAsyncScope();
        Assert.Null(await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync(email));
    }

    [Fact]
    public async Task A_wrong_password_says_so_in_the_readers_language()
    {
        var client = HttpTestClient.Anonymous(app);

        var response = await HttpTestClient.PostFormAsync(client, "/Account/Login", "login", new()
        {
            ["Input.Email"] = "nobody@example.com",
            ["Input.Password"] = "not a real password",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("邮箱或密码不正确", await response.Content.ReadAsStringAsync());
    }
}
