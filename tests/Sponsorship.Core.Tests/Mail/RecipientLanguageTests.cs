using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Adoptions;
using Sponsorship.Core.Identity;
using Sponsorship.Core.Mail;
using Sponsorship.Core.Tests.Adoptions;

namespace Sponsorship.Core.Tests.Mail;

/// <summary>
/// Every mail to a person goes out in their account's language, not the language of the page the adoption was bought
/// on: here sponsor B reads English and buys on a Chinese page (the request's culture is zh-CN).
/// </summary>
public class RecipientLanguageTests(AdoptionDatabase database) : IClassFixture<AdoptionDatabase>
{
    private DateTimeOffset Now => database.Clock.GetUtcNow();

    private async Task SetLanguageAsync(string userId, string culture)
    {
        await using var db = await database.CreateDbContextAsync();
        await db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(set => set.SetProperty(u => u.PreferredCulture, culture));
    }

    private async Task<int> AdoptOnAChinesePageAsync(string sponsor, CheckoutRequest? request = null)
    {
        var chinese = request ?? database.Request(database.TakeFreeSheep());
        Assert.Equal(Cultures.Chinese, chinese.Culture);
        return (await database.AdoptAsync(sponsor, chinese)).AdoptionId;
    }

    [Fact]
    public async Task The_confirmation_death_notice_reminder_and_end_of_term_mails_follow_the_sponsors_account_language()
    {
        await SetLanguageAsync(database.SponsorB, Cultures.English);
        var dies = await AdoptOnAChinesePageAsync(database.SponsorB);
        var renews = await AdoptOnAChinesePageAsync(database.SponsorB);
        var ends = await AdoptOnAChinesePageAsync(database.SponsorB);
        Assert.Equal(Cultures.Chinese, (await database.AdoptionAsync(dies)).Culture);

        await database.ConfirmDeathAsync(dies);
        await database.SetTermAsync(renews, Now.AddMonths(-11), Now.AddDays(20));
        await new RenewalReminders(database.DbFactory, database.Clock).RunAsync();
        await database.SetTermAsync(ends, Now.AddMonths(-12), Now.AddMinutes(-1));
        await new TermEnds(database.DbFactory, database.Clock).RunAsync();

        Assert.Equal(Cultures.English, Assert.Single(await database.MailsAsync(MailKinds.AdoptionConfirmed, dies)).Culture);
        Assert.Equal(Cultures.English, Assert.Single(await database.MailsAsync(MailKinds.DeathNotice, dies)).Culture);
        Assert.Equal(Cultures.English, Assert.Single(await database.MailsAsync(MailKinds.RenewalReminder, renews)).Culture);
        Assert.Equal(Cultures.English, Assert.Single(await database.MailsAsync(MailKinds.EndOfTerm, ends)).Culture);
    }

    [Fact]
    public async Task A_sponsor_who_changes_their_language_gets_the_next_mail_in_the_new_one()
    {
        await SetLanguageAsync(database.SponsorA, Cultures.English);
        var first = await AdoptOnAChinesePageAsync(database.SponsorA);
        await SetLanguageAsync(database.SponsorA, Cultures.Chinese);
        var onAnEnglishPage = database.Request(database.TakeFreeSheep()) with { Culture = Cultures.English };
        var second = (await database.AdoptAsync(database.SponsorA, onAnEnglishPage)).AdoptionId;

        Assert.Equal(Cultures.English, Assert.Single(await database.MailsAsync(MailKinds.AdoptionConfirmed, first)).Culture);
        Assert.Equal(Cultures.Chinese, Assert.Single(await database.MailsAsync(MailKinds.AdoptionConfirmed, second)).Culture);
    }

    [Fact]
    public async Task A_gift_to_an_address_with_an_account_is_revealed_in_that_accounts_language_and_to_a_new_address_in_the_buyers_page_language()
    {
        await SetLanguageAsync(database.SponsorB, Cultures.English);
        var today = DateOnly.FromDateTime(Now.UtcDateTime);
        var toAccount = await AdoptOnAChinesePageAsync(database.SponsorA, database.Request(database.TakeFreeSheep()) with
        {
            GiftRecipientName = "Zoë", GiftRecipientEmail = "SPONSOR2@example.com", GiftRevealOn = today,
        });
        var toNewAddress = await AdoptOnAChinesePageAsync(database.SponsorA, database.Request(database.TakeFreeSheep()) with
        {
            GiftRecipientName = "小明", GiftRecipientEmail = $"new-{Guid.NewGuid():N}@example.com", GiftRevealOn = today,
        });

        await database.GiftReveals().RunAsync();

        Assert.Equal(Cultures.English, Assert.Single(await database.MailsAsync(MailKinds.GiftReveal, toAccount)).Culture);
        Assert.Equal(Cultures.Chinese, Assert.Single(await database.MailsAsync(MailKinds.GiftReveal, toNewAddress)).Culture);
    }
}
