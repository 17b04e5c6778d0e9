using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Sponsorship.Core.Identity;
using Sponsorship.Core.Mail;
using Sponsorship.Testing;

namespace Sponsorship.Web.Tests.Identity;

/// <summary>An account's language: the page's at registration (the browser's, on a first visit), then the account page's choice.</summary>
[Collection(SharedApp.Name)]
public sealed class AccountLanguageTests(SponsorshipAppFactory app)
{
    private const string Password = "a long enough password";

    [Fact]
    public async Task Registering_from_an_English_browser_makes_an_English_account_whose_confirmation_mail_is_English()
    {
        var email = await RegisterAsync("en-US,en;q=0.9");

        var user = await FindAsync(email);
        Assert.Equal(Cultures.English, user.PreferredCulture);
        var confirmation = Assert.Single(await MailScene.OutboxAsync(app, m => m.RecipientUserId == user.Id && m.Kind == MailKinds.ConfirmEmail));
        Assert.Equal(Cultures.English, confirmation.Culture);
    }

    [Fact]
    public async Task The_account_page_changes_the_language_later_mails_use()
    {
        var email = await RegisterAsync(acceptLanguage: null);
        Assert.Equal(Cultures.Chinese, (await FindAsync(email)).PreferredCulture);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            var user = (await users.FindByEmailAsync(email))!;
            user.EmailConfirmed = true;
            Assert.True((await users.UpdateAsync(user)).Succeeded);
        }

        var client = await HttpTestClient.SignedInAsync(app, email, Password);
        var response = await HttpTestClient.PostFormAsync(client, "/Account/Manage", "profile", new()
        {
            ["Input.DisplayName"] = "Zoë",
            ["Input.PhoneNumber"] = "",
            ["Input.PreferredCulture"] = Cultures.English,
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(Cultures.English, (await FindAsync(email)).PreferredCulture);
    }

    private async Task<string> RegisterAsync(string? acceptLanguage)
    {
        var client = HttpTestClient.Anonymous(app);
        if (acceptLanguage is not null)
        {
            client.DefaultRequestHeaders.Add("Accept-Language", acceptLanguage);
        }

        var email = $"lang-{Guid.NewGuid():N}@example.com";
        var response = await HttpTestClient.PostFormAsync(client, "/Account/Register", "register", new()
        {
            ["Input.DisplayName"] = "Zoë",
            ["Input.Email"] = email,
            ["Input.Password"] = Password,
            ["Input.ConfirmPassword"] = Password,
            ["Input.AcceptPrivacyNotice"] = "true",
        });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return email;
    }

    private async Task<ApplicationUser> FindAsync(string email)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync(email))!;
    }
}
