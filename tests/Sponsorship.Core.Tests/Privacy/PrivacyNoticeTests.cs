using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Identity;
using Sponsorship.Core.Privacy;

namespace Sponsorship.Core.Tests.Privacy;

/// <summary>Consent to the notice is recorded with its version and time; news mails are a separate consent; logs carry no address.</summary>
public class PrivacyNoticeTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    [Fact]
    public void An_account_that_never_accepted_or_accepted_an_older_version_is_asked_again()
    {
        Assert.True(PrivacyNotice.MustAsk(null));
        Assert.True(PrivacyNotice.MustAsk(PrivacyNotice.CurrentVersion - 1));
        Assert.False(PrivacyNotice.MustAsk(PrivacyNotice.CurrentVersion));
    }

    [Fact]
    public async Task Accepting_records_the_version_and_the_time_and_the_news_consent_keeps_its_first_date_until_withdrawn()
    {
        var user = new ApplicationUser { UserName = $"{Guid.NewGuid():N}@example.com", DisplayName = "Consent" };
        await using (var db = await database.CreateDbContextAsync())
        {
            db.Users.Add(user);
            await db.SaveChangesAsync();
        }

        var consents = new PrivacyConsents(database.DbFactory, database.Clock);
        var first = database.Clock.GetUtcNow();
        Assert.True(await consents.AcceptAsync(user.Id, newsMail: true));
        database.Clock.Advance(TimeSpan.FromDays(3));
        Assert.True(await consents.SetNewsMailAsync(user.Id, consent: true));
        await using (var db = await database.CreateDbContextAsync())
        {
            var saved = await db.Users.SingleAsync(u => u.Id == user.Id);
            Assert.Equal((PrivacyNotice.CurrentVersion, first, first), (saved.PrivacyNoticeVersion, saved.PrivacyNoticeAcceptedAt, saved.NewsMailConsentedAt));
        }

        Assert.True(await consents.SetNewsMailAsync(user.Id, consent: false));
        Assert.False(await consents.NewsMailAsync(user.Id));
        Assert.Null(await consents.NewsMailAsync("no-such-account"));
        Assert.False(await consents.AcceptAsync("no-such-account", newsMail: false));
    }

    [Fact]
    public void A_failure_log_keeps_the_domain_of_an_address_but_not_the_person()
    {
        Assert.Equal("z***@example.com", LogMasking.Email("zoe.wang@example.com"));
        Assert.Equal("***", LogMasking.Email("no-at-sign"));
        var masked = LogMasking.Emails("550 5.1.1 <zoe.wang@example.com>: mailbox unavailable; cc li.lei@mail.example.cn");
        Assert.DoesNotContain("zoe.wang", masked, StringComparison.Ordinal);
        Assert.DoesNotContain("li.lei", masked, StringComparison.Ordinal);
        Assert.Contains("z***@example.com", masked, StringComparison.Ordinal);
        Assert.Contains("l***@mail.example.cn", masked, StringComparison.Ordinal);
    }
}
