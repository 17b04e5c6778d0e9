using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Sponsorship.Core.Data;
using Sponsorship.Core.Identity;
using Sponsorship.Core.Ledger;
using Sponsorship.Core.Privacy;
using Sponsorship.Testing;

namespace Sponsorship.Web.Tests.Privacy;

/// <summary>The privacy notice and consent at registration, the data download and the account deletion, over HTTP.</summary>
[Collection(SharedApp.Name)]
public sealed class PrivacyPagesTests(SponsorshipAppFactory app)
{
    private const string Password = "a long enough password";

    [Fact]
    public async Task Registration_without_ticking_the_privacy_consent_is_refused_with_a_message_and_saves_nothing()
    {
        var email = $"noconsent-{Guid.NewGuid():N}@example.com";

        var response = await RegisterAsync(email, consent: false, news: false);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.Content.ReadAsStringAsync();
        Assert.Contains("请同意隐私政策以创建账户。", page, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"register-privacy-notice\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain("register-privacy-accept\" checked", page, StringComparison.Ordinal);
        Assert.Null(await UserAsync(email));
    }

    [Fact]
    public async Task Registration_records_the_notice_version_and_time_and_the_separate_news_consent_and_keeps_the_address_out_of_the_url()
    {
        var withNews = $"news-{Guid.NewGuid():N}@example.com";
        var without = $"plain-{Guid.NewGuid():N}@example.com";

        var response = await RegisterAsync(withNews, consent: true, news: true);
        await RegisterAsync(without, consent: true, news: false);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.DoesNotContain("news-", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
        var (news, plain) = (await UserAsync(withNews), await UserAsync(without));
        Assert.Equal((PrivacyNotice.CurrentVersion, PrivacyNotice.CurrentVersion), (news!.PrivacyNoticeVersion, plain!.PrivacyNoticeVersion));
        Assert.NotNull(news.PrivacyNoticeAcceptedAt);
        Assert.NotNull(news.NewsMailConsentedAt);
        Assert.Null(plain.NewsMailConsentedAt);
    }

    [Fact]
    public async Task The_privacy_notice_is_public_in_both_languages()
    {
        var client = HttpTestClient.Anonymous(app);
        var chinese = await client.GetStringAsync("/privacy");
        await client.GetAsync("/language?culture=en&returnUrl=/");
        var english = await client.GetStringAsync("/privacy");

        Assert.Contains("谁会收到", chinese, StringComparison.Ordinal);
        Assert.Contains("data-version=\"" + PrivacyNotice.CurrentVersion + "\"", chinese, StringComparison.Ordinal);
        Assert.Contains("Privacy notice", english, StringComparison.Ordinal);
        Assert.DoesNotContain("谁会收到", english, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_sponsor_who_accepted_an_older_notice_is_asked_again_before_their_pages_and_accepting_lets_them_through()
    {
        var email = $"older-{Guid.NewGuid():N}@example.com";
        await NewSponsorAsync(email, acceptedVersion: PrivacyNotice.CurrentVersion - 1);
        var client = await HttpTestClient.SignedInAsync(app, email, Password);

        var asked = await client.GetAsync("/my");
        Assert.Equal(HttpStatusCode.Redirect, asked.StatusCode);
        Assert.StartsWith("/Account/PrivacyConsent?returnUrl=", asked.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/Account/Manage/PersonalData")).StatusCode);

        var refused = await HttpTestClient.PostFormAsync(client, "/Account/PrivacyConsent?returnUrl=%2Fmy", "privacy-consent", new() { ["Input.Accept"] = "false" });
        Assert.Contains("请同意隐私政策以继续。", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var accepted = await HttpTestClient.PostFormAsync(client, "/Account/PrivacyConsent?returnUrl=%2Fmy", "privacy-consent", new() { ["Input.Accept"] = "true" });

        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        Assert.EndsWith("/my", accepted.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/my")).StatusCode);
        Assert.Equal(PrivacyNotice.CurrentVersion, (await UserAsync(email))!.PrivacyNoticeVersion);
    }

    [Fact]
    public async Task The_download_is_readable_json_holding_the_account_adoptions_payments_certificates_and_mail_preferences()
    {
        var email = $"download-{Guid.NewGuid():N}@example.com";
        var sponsorId = await NewSponsorAsync(email, PrivacyNotice.CurrentVersion);
        var paid = await AdoptAsync(sponsorId, household: 71);
        var client = await HttpTestClient.SignedInAsync(app, email, Password);

        var summary = await client.GetStringAsync("/Account/Manage/PersonalData");
        var file = await PostDownloadAsync(client);

        Assert.Contains("data-kind=\"adoptions\">1<", summary, StringComparison.Ordinal);
        Assert.Equal("application/json", file.Content.Headers.ContentType!.MediaType);
        var text = await file.Content.ReadAsStringAsync();
        Assert.Contains("王喆 Zoë", text, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(text);
        var root = json.RootElement;
        Assert.Equal(email, root.GetProperty("account").GetProperty("email").GetString());
        Assert.Equal(paid.AdoptionId, root.GetProperty("adoptions")[0].GetProperty("id").GetInt32());
        Assert.Equal("Active", root.GetProperty("adoptions")[0].GetProperty("status").GetString());
        Assert.Equal(paid.PaymentId, root.GetProperty("payments")[0].GetProperty("id").GetInt32());
        foreach (var kind in new[] { "certificates", "giftsSent", "giftsReceived", "mails", "auditEntries" })
        {
            Assert.Equal(JsonValueKind.Array, root.GetProperty(kind).ValueKind);
        }

        Assert.True(root.GetProperty("mailPreferences").GetProperty("growthUpdates").GetBoolean());
    }

    [Fact]
    public async Task A_sponsor_with_an_active_adoption_deletes_their_account_without_an_error_and_can_no_longer_sign_in()
    {
        var email = $"delete-{Guid.NewGuid():N}@example.com";
        var sponsorId = await NewSponsorAsync(email, PrivacyNotice.CurrentVersion);
        var paid = await AdoptAsync(sponsorId, household: 72);
        var client = await HttpTestClient.SignedInAsync(app, email, Password);

        var wrong = await HttpTestClient.PostFormAsync(client, "/Account/Manage/DeletePersonalData", "delete-user", new() { ["Input.Password"] = "not my password at all" });
        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        Assert.NotNull(await UserAsync(email));

        var deleted = await HttpTestClient.PostFormAsync(client, "/Account/Manage/DeletePersonalData", "delete-user", new() { ["Input.Password"] = Password });

        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        Assert.EndsWith("Account/Deleted", deleted.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Null(await UserAsync(email));
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/Account/Manage/PersonalData")).StatusCode);
        var again = await HttpTestClient.PostFormAsync(HttpTestClient.Anonymous(app), "/Account/Login", "login", new() { ["Input.Email"] = email, ["Input.Password"] = Password });
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);

        await using var scope = app.Services.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<SponsorshipDbContext>>().CreateDbContextAsync();
        var adoption = await db.Adoptions.SingleAsync(a => a.Id == paid.AdoptionId);
        Assert.Equal((Core.Adoptions.AdoptionStatus.Active, ""), (adoption.Status, adoption.NameOnCertificate));
        Assert.True((await LedgerIntegrity.CheckAsync(db, DateTimeOffset.UtcNow)).IsIntact);
    }

    private async Task<HttpResponseMessage> RegisterAsync(string email, bool consent, bool news)
    {
        var fields = new Dictionary<string, string>
        {
            ["Input.DisplayName"] = "隐私 Privacy",
            ["Input.Email"] = email,
            ["Input.Password"] = Password,
            ["Input.ConfirmPassword"] = Password,
        };
        if (consent)
        {
            fields["Input.AcceptPrivacyNotice"] = "true";
        }

        if (news)
        {
            fields["Input.NewsMail"] = "true";
        }

        return await HttpTestClient.PostFormAsync(HttpTestClient.Anonymous(app), "/Account/Register", "register", fields);
    }

    private async Task<string> NewSponsorAsync(string email, int acceptedVersion)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = new ApplicationUser
        {
            UserName = email, Email = email, EmailConfirmed = true, DisplayName = "王喆 Zoë",
            PrivacyNoticeVersion = acceptedVersion, PrivacyNoticeAcceptedAt = DateTimeOffset.UtcNow.AddDays(-100),
        };
        Assert.True((await users.CreateAsync(user, Password)).Succeeded);
        Assert.True((await users.AddToRoleAsync(user, Roles.Sponsor)).Succeeded);
        return user.Id;
    }

    private async Task<PaidAdoption> AdoptAsync(string sponsorId, int household)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var money = MoneyTestData.For(scope.ServiceProvider);
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<SponsorshipDbContext>>().CreateDbContextAsync();
        var householdId = await db.Households.OrderBy(h => h.Id).Skip(household - 1).Select(h => h.Id).FirstAsync();
        return await money.AdoptAndPayAsync(await money.FreeSheepAsync(householdId), sponsorId, 180_000, DateTimeOffset.UtcNow.AddDays(-20));
    }

    private async Task<ApplicationUser?> UserAsync(string email)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync(email);
    }

    /// <summary>Posts the download form of the personal data page with its antiforgery token.</summary>
    private static async Task<HttpResponseMessage> PostDownloadAsync(HttpClient client)
    {
        var page = await client.GetStringAsync("/Account/Manage/PersonalData");
        var token = System.Text.RegularExpressions.Regex.Match(page, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"");
        Assert.True(token.Success);
        using var content = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value) });
        return await client.PostAsync("/Account/Manage/DownloadPersonalData", content);
    }
}
