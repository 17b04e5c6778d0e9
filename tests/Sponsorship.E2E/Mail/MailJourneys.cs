using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Sponsorship.Core.Demo;
using Sponsorship.Core.Flock;
using Sponsorship.Core.Mail;
using Sponsorship.Testing;

namespace Sponsorship.E2E.Mail;

/// <summary>
/// Mail seen as people see it: an approved weighing becomes a growth update in the development mailbox (the app's
/// own SMTP catcher, fed by the real dispatcher), and one mail of every kind in both languages, as screenshots.
/// </summary>
[Collection(BrowserJourneys.Name)]
public sealed partial class MailJourneys(BrowserApp app)
{
    [Fact]
    public async Task A_herders_weighing_approved_by_an_admin_reaches_the_sponsor_as_a_growth_update_with_photo_and_chart()
    {
        var now = TimeProvider.System.GetUtcNow();
        long weighingId;
        int adoptionId;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var flock = FlockTestData.For(scope.ServiceProvider);
            var adoptions = new AdoptionTestData(flock.DbFactory);
            var (sheepId, _) = await flock.LivingSheepAsync(await flock.HouseholdIdAsync(1), 4);
            adoptionId = await adoptions.ActiveAdoptionAsync(sheepId, await adoptions.UserIdAsync(DemoAccounts.Sponsor.Email), now.AddDays(-90));
            await flock.AddLogAsync(sheepId, LogKind.Weighing, now.AddDays(-60), kg: 33.0m);
            await flock.AddLogAsync(sheepId, LogKind.Weighing, now.AddDays(-30), kg: 36.8m);
            await flock.AddLogAsync(sheepId, LogKind.Photo, now.AddDays(-3), withPhoto: true);
            // What the herder recorded on the phone, waiting for review.
            weighingId = (await flock.AddLogAsync(sheepId, LogKind.Weighing, now.AddHours(-2), ReviewStatus.Pending, kg: 40.6m, notes: "今天称的，长得很壮")).LogId;
        }

        var page = await app.NewPageAsync();
        await Journeys.SignInAsync(page, DemoAccounts.Admin.Email);
        await page.GotoAsync("/admin/review");
        await Journeys.WaitUntilInteractiveAsync(page);
        await page.ClickAsync($"[data-testid=review-item][data-log='{weighingId}'] [data-testid=approve]");
        await Assertions.Expect(page.Locator($"[data-testid=review-item][data-log='{weighingId}']")).ToHaveCountAsync(0);

        // The dispatcher runs in the app; the mailbox page shows the mail once it is caught.
        var row = page.Locator("[data-testid=caught-mail][data-kind=GrowthUpdate]", new() { HasTextString = DemoAccounts.Sponsor.Email });
        for (var attempt = 0; attempt < 60 && await row.CountAsync() == 0; attempt++)
        {
            await page.GotoAsync("/admin/mail");
            if (await row.CountAsync() == 0)
            {
                await page.WaitForTimeoutAsync(500);
            }
        }

        await Assertions.Expect(row.First).ToBeVisibleAsync();
        await BrowserApp.ScreenshotAsync(page, "mail-admin-mailbox-zh");
        await row.First.Locator("a").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=mail-text]")).ToContainTextAsync("40.6 公斤");
        var frame = page.FrameLocator("[data-testid=mail-html]");
        await Assertions.Expect(frame.Locator("text=今天称的，长得很壮")).ToBeVisibleAsync();
        var images = frame.Locator("img");
        await Assertions.Expect(images).ToHaveCountAsync(2);
        for (var i = 0; i < 2; i++)
        {
            Assert.True(await images.Nth(i).EvaluateAsync<bool>("img => img.complete && img.naturalWidth > 100"), $"inline image {i} did not load");
        }

        await BrowserApp.ScreenshotAsync(page, "mail-admin-growth-update-zh");

        // What the approval saved: the log is reviewed, and one growth update for this adoption went to its sponsor (the
        // dispatcher marks it sent just after the catcher has it).
        await using var check = app.Services.CreateAsyncScope();
        var dbFactory = check.ServiceProvider.GetRequiredService<IDbContextFactory<Core.Data.SponsorshipDbContext>>();
        var prefix = SponsorUpdates.WindowKeyPrefix(adoptionId);
        List<OutboxMail> updates = [];
        for (var attempt = 0; attempt < 100 && !(updates.Count == 1 && updates[0].Status == OutboxStatus.Sent); attempt++)
        {
            await Task.Delay(100);
            await using var db = await dbFactory.CreateDbContextAsync();
            updates = await db.OutboxMails.AsNoTracking().Where(m => m.Kind == MailKinds.GrowthUpdate && m.DedupeKey!.StartsWith(prefix)).ToListAsync();
        }

        var update = Assert.Single(updates);
        Assert.Equal((DemoAccounts.Sponsor.Email, OutboxStatus.Sent), (update.ToEmail, update.Status));
        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            Assert.Equal(ReviewStatus.Approved, await db.AnimalLogs.Where(l => l.Id == weighingId).Select(l => l.Review).SingleAsync());
        }
    }

    [Fact]
    public async Task One_mail_of_every_kind_in_both_languages()
    {
        var scene = await MailScene.OnceAsync(app.Factory, householdNumber: 5, sheepIndex: 1);
        var queued = new List<(string Kind, string Culture, string MessageId)>();
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var dbFactory = scope.ServiceProvider.GetRequiredService<IDbContextFactory<Core.Data.SponsorshipDbContext>>();
            await using var db = await dbFactory.CreateDbContextAsync();
            foreach (var kind in MailScene.Kinds)
            {
                foreach (var culture in new[] { "zh-CN", "en" })
                {
                    var sample = scene.Mail(kind, culture);
                    var mail = Outbox.Queue(db, MailPayload.Read(sample), $"{kind.ToLowerInvariant()}-{culture}@example.com", sample.ToName, culture, TimeProvider.System.GetUtcNow(), scene.SponsorId);
                    queued.Add((kind, culture, mail.MessageId));
                }
            }

            await db.SaveChangesAsync();
        }

        var page = await app.NewPageAsync(width: 720, height: 900);
        await Journeys.SignInAsync(page, DemoAccounts.Admin.Email);
        var mailbox = app.Services.GetRequiredService<CaughtMailbox>();
        var subjects = new Dictionary<(string Kind, string Culture), string>();
        foreach (var (kind, culture, messageId) in queued)
        {
            var id = await MailJourneyKit.CaughtIdAsync(app, messageId);

            // The mail that arrived is the one queued: its address, its language, its reader's name.
            var caught = (await mailbox.LoadAsync(id))!;
            Assert.Equal($"{kind.ToLowerInvariant()}-{culture}@example.com", caught.To.Mailboxes.Single().Address);
            Assert.Contains($"<html lang=\"{culture}\"", caught.HtmlBody, StringComparison.Ordinal);
            Assert.Contains(scene.Mail(kind, culture).ToName, caught.HtmlBody, StringComparison.Ordinal);
            subjects[(kind, culture)] = caught.Subject ?? "";

            await page.GotoAsync($"/admin/mail/{id}/html");
            await Assertions.Expect(page.Locator("body")).ToContainTextAsync("我在草原有只羊");
            // The mail's own HTML is served sandboxed, without script, so axe cannot run in it (MailReadabilityTests check mail).
            await BrowserApp.ScreenshotAsync(page, $"mail-{kind}-{(culture == "en" ? "en" : "zh")}", scriptRuns: false);
            if (kind != MailKinds.PayoutNotice)
            {
                // Clients that strip buttons still show where the button goes.
                await Assertions.Expect(page.Locator("[data-testid=plain-link]").First).ToBeVisibleAsync();
            }

            if (NextStep.TryGetValue((kind, culture), out var nextStep))
            {
                await Assertions.Expect(page.Locator("[data-testid=mail-button]")).ToHaveTextAsync(nextStep);
            }
        }

        // Every kind has its own subject, in each language.
        Assert.Equal(subjects.Count, subjects.Values.Distinct().Count());
    }

    /// <summary>The button of the sad and the final mails: the sponsor's next step (the scene's sheep ends with a meat box).</summary>
    private static readonly Dictionary<(string Kind, string Culture), string> NextStep = new()
    {
        [(MailKinds.DeathNotice, "zh-CN")] = "查看您的认养",
        [(MailKinds.DeathNotice, "en")] = "See your adoption",
        [(MailKinds.EndOfTerm, "zh-CN")] = "认养另一只羊",
        [(MailKinds.EndOfTerm, "en")] = "Adopt another sheep",
    };

    /// <summary>The first link containing <paramref name="contains"/> in the newest mail caught for <paramref name="to"/>.</summary>
    public static async Task<string> LinkInMailAsync(BrowserApp app, string to, string contains)
    {
        var mailbox = app.Services.GetRequiredService<CaughtMailbox>();
        for (var attempt = 0; attempt < 100; attempt++)
        {
            foreach (var summary in mailbox.List().Where(m => m.To.Contains(to, StringComparison.OrdinalIgnoreCase)))
            {
                var message = await mailbox.LoadAsync(summary.Id);
                var link = Links().Matches(message?.HtmlBody ?? "").Select(m => WebUtility.HtmlDecode(m.Groups[1].Value)).FirstOrDefault(l => l.Contains(contains, StringComparison.Ordinal));
                if (link is not null)
                {
                    return link;
                }
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"No mail to {to} with a link to {contains}.");
    }

    [GeneratedRegex("href=\"([^\"]+)\"")]
    private static partial Regex Links();
}

public static class MailJourneyKit
{
    /// <summary>Waits until the app's dispatcher has delivered the mail to the catcher; returns its mailbox id.</summary>
    public static async Task<string> CaughtIdAsync(BrowserApp app, string messageId)
    {
        var mailbox = app.Services.GetRequiredService<CaughtMailbox>();
        for (var attempt = 0; attempt < 200; attempt++)
        {
            foreach (var summary in mailbox.List(500))
            {
                if ((await mailbox.LoadAsync(summary.Id))?.MessageId == messageId)
                {
                    return summary.Id;
                }
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"Mail {messageId} was not caught.");
    }
}
