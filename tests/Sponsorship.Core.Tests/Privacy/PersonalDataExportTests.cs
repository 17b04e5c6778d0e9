using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Data;
using Sponsorship.Core.Identity;
using Sponsorship.Core.Mail;
using Sponsorship.Core.Privacy;

namespace Sponsorship.Core.Tests.Privacy;

/// <summary>The copy a person downloads holds each kind of record the platform keeps about them, and nobody else's.</summary>
public class PersonalDataExportTests(SeededDatabase database) : IClassFixture<SeededDatabase>
{
    private readonly PrivacyScene scene = new(database);

    private PersonalDataExport Export => new(database.DbFactory, database.Clock);

    [Fact]
    public async Task The_export_contains_the_account_adoptions_payments_certificates_gifts_both_ways_mails_preferences_and_audit_entries()
    {
        var email = $"copy-{Guid.NewGuid():N}@example.com";
        var sponsor = await scene.NewUserAsync(email);
        var friend = await scene.NewUserAsync($"friend-{Guid.NewGuid():N}@example.com");
        var (active, serial) = await scene.ActiveAsync(sponsor, household: 21);
        var sent = await scene.GiftInFlightAsync(sponsor, household: 22);
        var received = await scene.GiftReceivedAsync(sponsor, friend, household: 23);
        await scene.MailsAsync(sponsor, email, active);
        await scene.ActiveAsync(friend, household: 24);
        await new PrivacyConsents(database.DbFactory, database.Clock).AcceptAsync(sponsor, newsMail: true);

        // The person changes their own name: the audit trail about their account records it.
        database.CurrentUser.UserId = sponsor;
        try
        {
            await using var db = await database.CreateDbContextAsync();
            (await db.Users.SingleAsync(u => u.Id == sponsor)).DisplayName = "王喆";
            await db.SaveChangesAsync();
        }
        finally
        {
            database.CurrentUser.UserId = null;
        }

        var copy = await Export.ExportAsync(sponsor);

        Assert.NotNull(copy);
        Assert.Equal((email, "王喆", "13800138000", PrivacyNotice.CurrentVersion), (copy.Account.Email, copy.Account.DisplayName, copy.Account.PhoneNumber, copy.Account.PrivacyNoticeVersion));
        Assert.Equal([Roles.Sponsor], copy.Account.Roles);
        Assert.True(copy.MailPreferences.NewsMail);
        Assert.Equal([active, sent, received], copy.Adoptions.Select(a => a.Id).Order());
        var adoption = copy.Adoptions.Single(a => a.Id == active);
        Assert.Equal(("北京市朝阳区幸福路 1 号", true, 12), (adoption.DeliveryAddress, adoption.BoughtByYou, adoption.TermMonths));
        Assert.False(string.IsNullOrEmpty(adoption.Sheep.EarTag));
        await using (var db = await database.CreateDbContextAsync())
        {
            var sheep = await db.Sheep.Where(s => s.Id == adoption.Sheep.Id).Select(s => new { s.Name, s.NameLatin }).SingleAsync();
            Assert.NotEqual("", sheep.NameLatin);
            Assert.Equal((sheep.Name, sheep.NameLatin), (adoption.Sheep.Name, adoption.Sheep.NameLatin));
            Assert.Contains(copy.Certificates, c => c.AdoptionId == active && c.SheepNameLatin == sheep.NameLatin);
        }

        Assert.NotNull(adoption.StartAt);
        Assert.Equal([sent], copy.GiftsSent.Select(a => a.Id));
        Assert.Equal("li.lei@example.com", copy.GiftsSent.Single().Gift!.RecipientEmail);
        Assert.Equal([received], copy.GiftsReceived.Select(a => a.Id));
        Assert.Equal([active, sent], copy.Payments.Select(p => p.AdoptionId).Order());
        Assert.Contains(copy.Certificates, c => c.Serial == serial && c.NameOnCertificate == "王喆");
        Assert.Contains(copy.Mails, m => m.Kind == MailKinds.GrowthUpdate && m.Subject == "您的羊长大了" && m.SentAt is not null);
        Assert.Equal(2, copy.Mails.Count);
        Assert.Contains(copy.AuditEntries, e => e.Entity == nameof(ApplicationUser) && e.Action == AuditAction.Modified && e.ByYou);
    }

    [Fact]
    public async Task A_deleted_account_has_nothing_left_to_export()
    {
        var sponsor = await scene.NewUserAsync($"gone-{Guid.NewGuid():N}@example.com");
        Assert.True((await new PersonalDataDeletion(database.DbFactory, [], database.Clock).DeleteOwnAccountAsync(sponsor)).Succeeded);

        Assert.Null(await Export.ExportAsync(sponsor));
    }
}
