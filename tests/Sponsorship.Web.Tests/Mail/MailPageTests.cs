using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Sponsorship.Core.Data;
using Sponsorship.Core.Demo;
using Sponsorship.Core.Flock;
using Sponsorship.Core.Mail;
using Sponsorship.Testing;

namespace Sponsorship.Web.Tests.Mail;

/// <summary>Mail through the running app: approval → outbox → SMTP catcher → /admin/mail; unsubscribe; preferences; Identity.</summary>
[Collection(SharedApp.Name)]
public sealed partial class MailPageTests(SponsorshipAppFactory app)
{
    private const string Password = "grassland-demo-1096";

    [Fact]
    public async Task An_approved_weighing_reaches_the_development_mailbox_with_photo_and_chart_and_only_admins_see_it()
    {
        var scene = await MailScene.OnceAsync(app, householdNumber: 4, sheepIndex: 1);
        string adminId;
        long pendingLog;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var flock = FlockTestData.For(scope.ServiceProvider);
            adminId = await new AdoptionTestData(flock.DbFactory).UserIdAsync(DemoAccounts.Admin.Email);
            pendingLog = (await flock.AddLogAsync(scene.SheepId, LogKind.Weighing, TimeProvider.System.GetUtcNow(), ReviewStatus.Pending, kg: 44.4m)).LogId;
            await scope.ServiceProvider.GetRequiredService<LogReview>().ApproveAsync([pendingLog], adminId);
        }

        var queued = Assert.Single(await MailScene.OutboxAsync(app, m => m.Kind == MailKinds.GrowthUpdate && m.DedupeKey!.StartsWith(SponsorUpdates.WindowKeyPrefix(scene.AdoptionId), StringComparison.Ordinal)));
        var caught = await SendAndCatchAsync(queued.MessageId);

        var admin = await HttpTestClient.SignedInAsync(app, DemoAccounts.Admin.Email, Password);
        var list = await admin.GetStringAsync("/admin/mail");
        Assert.Contains($"href=\"admin/mail/{caught.Id}\"", list, StringComparison.Ordinal);
        Assert.Contains(WebUtility.HtmlEncode(caught.Subject), list, StringComparison.Ordinal);
        var detail = await admin.GetStringAsync($"/admin/mail/{caught.Id}");
        Assert.Contains($"src=\"admin/mail/{caught.Id}/html\"", detail, StringComparison.Ordinal);
        Assert.Contains("44.4 公斤", detail, StringComparison.Ordinal);
        var html = await admin.GetAsync($"/admin/mail/{caught.Id}/html");
        Assert.Equal(HttpStatusCode.OK, html.StatusCode);
        Assert.Contains("default-src 'none'", string.Join(";", html.Headers.GetValues("Content-Security-Policy")), StringComparison.Ordinal);
        var body = await html.Content.ReadAsStringAsync();
        Assert.Contains("data:image/jpeg;base64,", body, StringComparison.Ordinal);
        Assert.Contains("data:image/png;base64,", body, StringComparison.Ordinal);
        Assert.DoesNotContain("cid:", body, StringComparison.Ordinal);

        var sponsor = await HttpTestClient.SignedInAsync(app, DemoAccounts.Sponsor.Email, Password);
        HttpTestClient.AssertAccessDenied(await sponsor.GetAsync("/admin/mail"), "/admin/mail");
        HttpTestClient.AssertAccessDenied(await sponsor.GetAsync($"/admin/mail/{caught.Id}/html"), $"/admin/mail/{caught.Id}/html");
        HttpTestClient.AssertSentToSignIn(await HttpTestClient.Anonymous(app).GetAsync($"/admin/mail/{caught.Id}"), $"/admin/mail/{caught.Id}");
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/admin/mail/..%2F..%2Fsponsorship/html")).StatusCode);
    }

    [Fact]
    public async Task One_click_unsubscribe_needs_a_valid_signature_and_a_get_only_asks()
    {
        var userId = await UserIdAsync(DemoAccounts.SecondSponsor.Email);
        var links = app.Services.GetRequiredService<UnsubscribeLinks>();
        var token = links.Token(userId, MailList.MonthlyDigest);
        var tampered = token[..10] + (token[10] == 'x' ? 'y' : 'x') + token[11..];
        var client = HttpTestClient.Anonymous(app);

        var refused = await client.PostAsync($"{UnsubscribeLinks.OneClickPath}?t={tampered}", OneClick());
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var page = await client.GetAsync($"{UnsubscribeLinks.PagePath}?t={tampered}");
        Assert.Equal(HttpStatusCode.BadRequest, page.StatusCode);
        Assert.Contains("unsubscribe-invalid", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var asked = await client.GetAsync($"{UnsubscribeLinks.OneClickPath}?t={token}");
        Assert.Equal(HttpStatusCode.Redirect, asked.StatusCode);
        Assert.True((await PreferencesAsync(userId)).MonthlyDigest);
        var confirm = await client.GetStringAsync(asked.Headers.Location!.OriginalString);
        Assert.Contains("unsubscribe-confirm", confirm, StringComparison.Ordinal);

        var done = await client.PostAsync($"{UnsubscribeLinks.OneClickPath}?t={token}", OneClick());
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        Assert.Equal(new MailChoices(GrowthUpdates: true, MonthlyDigest: false), await PreferencesAsync(userId));
    }

    [Fact]
    public async Task A_sponsor_turns_growth_updates_off_and_on_on_the_preferences_page()
    {
        var client = await HttpTestClient.SignedInAsync(app, DemoAccounts.Sponsor.Email, Password);
        var userId = await UserIdAsync(DemoAccounts.Sponsor.Email);
        var page = await client.GetStringAsync("/my/mail");
        Assert.Contains("data-testid=\"growth-updates\"", page, StringComparison.Ordinal);

        var off = await HttpTestClient.PostFormAsync(client, "/my/mail", "mail-preferences", new() { ["Input.MonthlyDigest"] = "true" });
        Assert.Equal(HttpStatusCode.OK, off.StatusCode);
        Assert.Contains("mail-preferences-saved", await off.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(new MailChoices(false, true), await PreferencesAsync(userId));

        await HttpTestClient.PostFormAsync(client, "/my/mail", "mail-preferences", new() { ["Input.GrowthUpdates"] = "true", ["Input.MonthlyDigest"] = "true" });
        Assert.Equal(new MailChoices(true, true), await PreferencesAsync(userId));
        HttpTestClient.AssertSentToSignIn(await HttpTestClient.Anonymous(app).GetAsync("/my/mail"), "/my/mail");
    }

    [Fact]
    public async Task Registering_mails_the_confirmation_link_and_the_page_no_longer_shows_it()
    {
        var client = HttpTestClient.Anonymous(app);
        var email = $"mail-{Guid.NewGuid():N}@example.com";
        var response = await HttpTestClient.PostFormAsync(client, "/Account/Register", "register", new()
        {
            ["Input.DisplayName"] = "王喆",
            ["Input.Email"] = email,
            ["Input.Password"] = "just lowercase words",
            ["Input.ConfirmPassword"] = "just lowercase words",
            ["Input.AcceptPrivacyNotice"] = "true",
        });
        var confirmation = await client.GetStringAsync(response.Headers.Location!.OriginalString);
        Assert.DoesNotContain("confirm-link", confirmation, StringComparison.Ordinal);

        var queued = Assert.Single(await MailScene.OutboxAsync(app, m => m.ToEmail == email));
        Assert.Equal((MailKinds.ConfirmEmail, "zh-CN"), (queued.Kind, queued.Culture));
        var caught = await SendAndCatchAsync(queued.MessageId);
        var message = await app.Services.GetRequiredService<CaughtMailbox>().LoadAsync(caught.Id);
        var link = ConfirmLink().Match(message!.HtmlBody ?? "").Groups[1].Value;
        Assert.Contains("Account/ConfirmEmail", link, StringComparison.Ordinal);

        var confirmed = await client.GetAsync(new Uri(WebUtility.HtmlDecode(link)).PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        Assert.True(await EmailConfirmedAsync(email));
    }

    [Fact]
    public void Production_refuses_to_start_with_mail_enabled_and_no_host()
    {
        using var factory = new ProductionWithoutMailHost();
        var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());
        Assert.Contains("Mail:Host", error.ToString(), StringComparison.Ordinal);
    }

    /// <summary>Sends the outbox now (the app's worker may be at it too) and waits until the catcher has the mail.</summary>
    private async Task<CaughtMailSummary> SendAndCatchAsync(string messageId)
    {
        var mailbox = app.Services.GetRequiredService<CaughtMailbox>();
        for (var round = 0; round < 100; round++)
        {
            await using (var scope = app.Services.CreateAsyncScope())
            {
                await scope.ServiceProvider.GetRequiredService<OutboxDispatcher>().DrainAsync();
            }

            foreach (var summary in mailbox.List())
            {
                var message = await mailbox.LoadAsync(summary.Id);
                if (message!.MessageId == messageId)
                {
                    return summary;
                }
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"Mail {messageId} was not caught.");
    }

    private async Task<string> UserIdAsync(string email)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await new AdoptionTestData(scope.ServiceProvider.GetRequiredService<IDbContextFactory<SponsorshipDbContext>>()).UserIdAsync(email);
    }

    private async Task<MailChoices> PreferencesAsync(string userId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<MailPreferences>().GetAsync(userId))!;
    }

    private async Task<bool> EmailConfirmedAsync(string email)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<SponsorshipDbContext>>().CreateDbContextAsync();
        return await db.Users.Where(u => u.Email == email).Select(u => u.EmailConfirmed).SingleAsync();
    }

    private static FormUrlEncodedContent OneClick() => new(new Dictionary<string, string> { ["List-Unsubscribe"] = "One-Click" });

    [GeneratedRegex("href=\"([^\"]*Account/ConfirmEmail[^\"]*)\"")]
    private static partial Regex ConfirmLink();

    private sealed class ProductionWithoutMailHost : SponsorshipAppFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseEnvironment("Production");
            builder.UseSetting("App:SeedDemo", "false");
            builder.UseSetting("Mail:Enabled", "true");
            builder.UseSetting("Mail:Host", "");
            builder.UseSetting("Mail:Catcher:Enabled", "false");
        }
    }
}
