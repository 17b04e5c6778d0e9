using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Certificates;
using Sponsorship.Core.Data;
using Sponsorship.Core.Flock;
using Sponsorship.Core.Programme;

namespace Sponsorship.Core.Adoptions;

public enum GiftClaimError
{
    None = 0,

    /// <summary>No gift has this link (mistyped, or never revealed).</summary>
    NotFound,

    /// <summary>Someone (perhaps this account) has claimed it already.</summary>
    AlreadyClaimed,

    /// <summary>The buyer opened their own gift's link: a gift is for someone else.</summary>
    OwnGift,

    /// <summary>The adoption is no longer running (its term ended, or it was refunded).</summary>
    NotActive,

    /// <summary>The name asked for on the certificate is longer than a certificate takes.</summary>
    NameTooLong,
}

public sealed record GiftClaimResult(GiftClaimError Error, int AdoptionId = 0)
{
    public bool Succeeded => Error == GiftClaimError.None;
}

/// <summary>What the claim page shows before the recipient claims: the sheep and who sent it.</summary>
public sealed record GiftPreview(
    int AdoptionId, string SheepName, string SheepNameLatin, string EarTag, Breed Breed, string HouseholdHead, string HouseholdHeadLatin,
    string BuyerName, string RecipientName, DateTimeOffset? EndAt, bool Claimed, bool ClaimedByViewer, bool ViewerIsBuyer, bool Active);

/// <summary>
/// A gift's recipient claims it with the link from the reveal mail: the adoption moves to their account and the
/// certificate is re-issued in their name (superseding the buyer's), in one transaction. The claim itself is a
/// conditional update, so two accounts claiming at once cannot both win. A gift from an organisation's order shows the
/// organisation as its giver.
/// </summary>
public sealed class GiftClaims(IDbContextFactory<SponsorshipDbContext> dbFactory, ProgrammeCalendar calendar)
{
    public static string NewToken() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))
        .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    public static string ClaimPath(string token) => $"gifts/claim/{token}";

    public async Task<GiftPreview?> PreviewAsync(string token, string viewerUserId, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(token) || token.Length > 100)
        {
            return null;
        }

        var hash = Hash(token);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Adoptions.AsNoTracking().Where(a => a.GiftClaimTokenHash == hash)
            .Select(a => new GiftPreview(
                a.Id, a.Sheep.Name, a.Sheep.NameLatin,
                a.Sheep.Tags.AsQueryable().Where(IdTag.IsCurrentEarTag).Select(t => t.Value).FirstOrDefault() ?? "",
                a.Sheep.Breed, a.Sheep.Household.HeadName, a.Sheep.Household.HeadNameLatin,
                db.OrganisationOrders.Where(o => o.Id == a.OrganisationOrderId).Select(o => o.Organisation.Name).FirstOrDefault()
                    ?? db.Users.Where(u => u.Id == a.BuyerUserId).Select(u => u.DisplayName).FirstOrDefault() ?? "",
                a.GiftRecipientName ?? "", a.EndAt, a.GiftClaimedAt != null,
                a.GiftClaimedAt != null && a.SponsorUserId == viewerUserId, a.BuyerUserId == viewerUserId,
                a.Status == AdoptionStatus.Active))
            .SingleOrDefaultAsync(cancellationToken);
    }

    /// <param name="nameOnCertificate">The name the recipient wants on the certificate; empty means their account's name.</param>
    public Task<GiftClaimResult> ClaimAsync(string token, string userId, string? nameOnCertificate = null, CancellationToken cancellationToken = default) =>
        Contention.RetryAsync(() => ClaimOnceAsync(token, userId, nameOnCertificate, cancellationToken), cancellationToken);

    private async Task<GiftClaimResult> ClaimOnceAsync(string token, string userId, string? nameOnCertificate, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(token) || token.Length > 100 || string.IsNullOrEmpty(userId))
        {
            return new GiftClaimResult(GiftClaimError.NotFound);
        }

        if (nameOnCertificate?.Trim().Length > Checkout.MaxNameLength)
        {
            return new GiftClaimResult(GiftClaimError.NameTooLong);
        }

        var hash = Hash(token);
        var now = calendar.Now;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var gift = await db.Adoptions.AsNoTracking().Where(a => a.GiftClaimTokenHash == hash)
            .Select(a => new { a.Id, a.BuyerUserId, a.GiftClaimedAt, a.Status }).SingleOrDefaultAsync(cancellationToken);
        if (gift is null)
        {
            return new GiftClaimResult(GiftClaimError.NotFound);
        }

        if (gift.GiftClaimedAt is not null)
        {
            return new GiftClaimResult(GiftClaimError.AlreadyClaimed, gift.Id);
        }

        if (gift.BuyerUserId == userId)
        {
            return new GiftClaimResult(GiftClaimError.OwnGift, gift.Id);
        }

        if (gift.Status != AdoptionStatus.Active)
        {
            return new GiftClaimResult(GiftClaimError.NotActive, gift.Id);
        }

        // The row count decides a race between two accounts: only one update finds the gift unclaimed.
        var rows = await db.Adoptions.Where(a => a.Id == gift.Id && a.GiftClaimedAt == null && a.Status == AdoptionStatus.Active)
            .ExecuteUpdateAsync(set => set.SetProperty(a => a.GiftClaimedAt, now).SetProperty(a => a.SponsorUserId, userId), cancellationToken);
        if (rows != 1)
        {
            return new GiftClaimResult(GiftClaimError.AlreadyClaimed, gift.Id);
        }

        var claimer = await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => new { u.DisplayName, u.Email })
            .SingleAsync(cancellationToken);
        var adoption = await db.Adoptions.SingleAsync(a => a.Id == gift.Id, cancellationToken);
        var name = !string.IsNullOrWhiteSpace(nameOnCertificate) ? nameOnCertificate.Trim()
            : string.IsNullOrWhiteSpace(claimer.DisplayName) ? adoption.GiftRecipientName ?? claimer.Email ?? "" : claimer.DisplayName.Trim();
        adoption.NameOnCertificate = name.Length > Checkout.MaxNameLength ? name[..Checkout.MaxNameLength] : name;
        await CertificateIssuer.IssueAsync(db, adoption, now, calendar, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new GiftClaimResult(GiftClaimError.None, gift.Id);
    }
}
