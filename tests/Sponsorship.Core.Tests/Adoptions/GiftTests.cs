using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Adoptions;
using Sponsorship.Core.Certificates;
using Sponsorship.Core.Mail;

namespace Sponsorship.Core.Tests.Adoptions;

public class GiftTests(AdoptionDatabase database) : IClassFixture<AdoptionDatabase>
{
    private DateOnly Today => DateOnly.FromDateTime(database.Clock.GetUtcNow().UtcDateTime);

    private async Task<int> BuyGiftAsync(DateOnly revealOn)
    {
        var request = database.Request(database.TakeFreeSheep()) with
        {
            GiftRecipientName = "Zoë",
            GiftRecipientEmail = "sponsor2@example.com",
            GiftRevealOn = revealOn,
        };
        return (await database.AdoptAsync(request: request)).AdoptionId;
    }

    /// <summary>Runs the reveal job and returns the token from the claim link in the queued mail.</summary>
    private async Task<string> RevealAsync(int adoptionId)
    {
        await database.GiftReveals().RunAsync();
        var mail = Assert.Single(await database.MailsAsync(MailKinds.GiftReveal, adoptionId));
        Assert.Equal("sponsor2@example.com", mail.ToEmail);
        var url = Assert.IsType<GiftRevealPayload>(MailPayload.Read(mail)).ClaimUrl;
        Assert.StartsWith(LifecycleSteps.BaseUrl + "/gifts/claim/", url, StringComparison.Ordinal);
        return url[(url.LastIndexOf('/') + 1)..];
    }

    [Fact]
    public async Task A_gift_is_revealed_on_its_day_once_with_only_the_hash_of_its_link_stored()
    {
        var later = await BuyGiftAsync(Today.AddDays(3));
        var today = await BuyGiftAsync(Today);

        var token = await RevealAsync(today);
        await database.GiftReveals().RunAsync();

        Assert.Single(await database.MailsAsync(MailKinds.GiftReveal, today));
        Assert.Empty(await database.MailsAsync(MailKinds.GiftReveal, later));
        var revealed = await database.AdoptionAsync(today);
        Assert.Equal(GiftClaims.Hash(token), revealed.GiftClaimTokenHash);
        Assert.NotEqual(token, revealed.GiftClaimTokenHash);
        Assert.Equal(database.Clock.GetUtcNow(), revealed.GiftRevealedAt);
        Assert.Null((await database.AdoptionAsync(later)).GiftRevealedAt);

        // Until it is claimed, the gift stays with the buyer.
        Assert.Equal((database.SponsorA, database.SponsorA), (revealed.SponsorUserId, revealed.BuyerUserId));
    }

    [Fact]
    public async Task Claiming_moves_the_adoption_and_reissues_the_certificate_in_the_claimers_name()
    {
        var adoptionId = await BuyGiftAsync(Today);
        var token = await RevealAsync(adoptionId);

        var result = await database.GiftClaims().ClaimAsync(token, database.SponsorB);

        Assert.Equal(GiftClaimError.None, result.Error);
        var adoption = await database.AdoptionAsync(adoptionId);
        Assert.Equal((database.SponsorB, database.SponsorA), (adoption.SponsorUserId, adoption.BuyerUserId));
        Assert.Equal(database.Clock.GetUtcNow(), adoption.GiftClaimedAt);
        Assert.Equal("Zoë Müller", adoption.NameOnCertificate);
        await using var db = await database.CreateDbContextAsync();
        var certificates = await db.Certificates.Where(c => c.AdoptionId == adoptionId).OrderBy(c => c.Id).ToListAsync();
        Assert.Equal([CertificateStatus.Superseded, CertificateStatus.Valid], certificates.Select(c => c.Status));
        Assert.Equal(("Zoë", "Zoë Müller"), (certificates[0].NameOnCertificate, certificates[1].NameOnCertificate));
        Assert.Equal(certificates[1].Id, certificates[0].SupersededById);
    }

    [Fact]
    public async Task A_gift_is_claimed_once_and_never_by_its_buyer()
    {
        var adoptionId = await BuyGiftAsync(Today);
        var token = await RevealAsync(adoptionId);

        Assert.Equal(GiftClaimError.OwnGift, (await database.GiftClaims().ClaimAsync(token, database.SponsorA)).Error);
        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => database.GiftClaims().ClaimAsync(token, database.SponsorB))));
        Assert.Single(results, r => r.Succeeded);
        Assert.All(results.Where(r => !r.Succeeded), r => Assert.Equal(GiftClaimError.AlreadyClaimed, r.Error));
        Assert.Equal(GiftClaimError.AlreadyClaimed, (await database.GiftClaims().ClaimAsync(token, database.AdminId)).Error);
        Assert.Equal(GiftClaimError.NotFound, (await database.GiftClaims().ClaimAsync(token + "x", database.SponsorB)).Error);

        Assert.Equal(database.SponsorB, (await database.AdoptionAsync(adoptionId)).SponsorUserId);
        Assert.Equal([CertificateStatus.Superseded, CertificateStatus.Valid], await database.CertificatesAsync(adoptionId));
        var preview = await database.GiftClaims().PreviewAsync(token, database.SponsorB);
        Assert.True(preview is { Claimed: true, ClaimedByViewer: true, BuyerName: "李喆" });
    }
}
