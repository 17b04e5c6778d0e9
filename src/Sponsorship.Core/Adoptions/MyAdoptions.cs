using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Certificates;
using Sponsorship.Core.Data;
using Sponsorship.Core.Flock;
using Sponsorship.Core.Payments;

namespace Sponsorship.Core.Adoptions;

/// <summary>The shares of the split rule an adoption keeps, in basis points (10,000 = 100%).</summary>
public sealed record SplitShares(int Herder, int Village, int Cooperative, int Platform);

/// <summary>One adoption as its sponsor (or the buyer of a gift not yet claimed) sees it.</summary>
public sealed record MyAdoption(
    int Id, int SheepId, string EarTag, string SheepName, string SheepNameLatin, Breed Breed, bool SheepInFlock, AdoptionStatus Status,
    string PlanNameZh, string PlanNameEn, long PriceFen, int TermMonths, DateTimeOffset? StartAt, DateTimeOffset? EndAt,
    string NameOnCertificate, EndOfTermOptions EndOfTermChoice, DeathPolicy DeathPolicy, string? GiftRecipientName,
    DateOnly? GiftRevealOn, DateTimeOffset? GiftClaimedAt, bool IsMine, string? CertificateSerial, long? CoverPhotoId,
    string? PendingPaymentReference, string? PendingPaymentProvider, DateTimeOffset? ReservedUntil,
    DateTimeOffset? ReplacementDueAt, FulfilmentStatus Fulfilment, string HeadName, string HeadNameLatin,
    string VillageName, string VillageNameLatin, SplitShares Shares)
{
    public bool IsGiftWaiting => GiftRecipientName is not null && GiftClaimedAt is null;

    public int? DaysLeft(DateTimeOffset now) =>
        Status == AdoptionStatus.Active && EndAt is { } end ? Math.Max(0, (int)Math.Ceiling((end - now).TotalDays)) : null;
}

/// <summary>
/// The sponsor's "My sheep": their adoptions, and gifts they bought that the recipient has not claimed yet. Asking for
/// someone else's adoption finds nothing (the page answers 404, not 403).
/// </summary>
public sealed class MyAdoptions(IDbContextFactory<SponsorshipDbContext> dbFactory)
{
    public async Task<IReadOnlyList<MyAdoption>> ListAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await QueryAsync(db, Visible(db, userId).Where(a => a.Status != AdoptionStatus.Cancelled), userId, cancellationToken);
    }

    public async Task<MyAdoption?> FindAsync(int adoptionId, string userId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return (await QueryAsync(db, Visible(db, userId).Where(a => a.Id == adoptionId), userId, cancellationToken)).SingleOrDefault();
    }

    /// <summary>An organisation's sheep are on the organisation's page, and in My sheep only of the member who claimed one.</summary>
    private static IQueryable<Adoption> Visible(SponsorshipDbContext db, string userId) =>
        db.Adoptions.AsNoTracking().Where(a => a.SponsorUserId == userId || (a.BuyerUserId == userId && a.GiftClaimedAt == null))
            .Where(a => a.OrganisationOrderId == null || (a.GiftClaimedAt != null && a.SponsorUserId == userId));

    private static async Task<IReadOnlyList<MyAdoption>> QueryAsync(
        SponsorshipDbContext db, IQueryable<Adoption> adoptions, string userId, CancellationToken cancellationToken)
    {
        var rows = await adoptions
            .OrderBy(a => a.Status == AdoptionStatus.Active ? 0 : a.Status == AdoptionStatus.PendingPayment ? 1 : 2)
            .ThenByDescending(a => a.CreatedAt)
            .Select(a => new
            {
                a.Id, a.SheepId, a.Sheep.Name, a.Sheep.NameLatin, a.Sheep.Breed, InFlock = a.Sheep.ArchivedAt == null, a.Status, a.Plan.NameZh, a.Plan.NameEn,
                a.PriceFen, a.TermMonths, a.StartAt, a.EndAt, a.NameOnCertificate, a.EndOfTermChoice, a.DeathPolicy,
                a.GiftRecipientName, a.GiftRevealOn, a.GiftClaimedAt, Mine = a.SponsorUserId == userId,
                Serial = db.Certificates.Where(c => c.AdoptionId == a.Id && c.Status == CertificateStatus.Valid)
                    .OrderByDescending(c => c.Id).Select(c => c.Serial).FirstOrDefault(),
                Cover = a.Sheep.Logs
                    .Where(l => LogKinds.Public.Contains(l.Kind) && l.Review == ReviewStatus.Approved)
                    .SelectMany(l => l.Photos, (l, p) => new { l.At, p.Id })
                    .OrderByDescending(p => p.At).ThenByDescending(p => p.Id).Select(p => (long?)p.Id).FirstOrDefault(),
                Pending = db.Payments.Where(p => p.AdoptionId == a.Id && p.Status == PaymentStatus.Pending)
                    .OrderByDescending(p => p.Id).Select(p => new { p.ProviderReference, p.Provider }).FirstOrDefault(),
                a.ReservedUntil, a.ReplacementDueAt, a.Fulfilment,
                a.Sheep.Household.HeadName, a.Sheep.Household.HeadNameLatin,
                VillageName = a.Sheep.Household.Village.Name, VillageNameLatin = a.Sheep.Household.Village.NameLatin,
                Shares = new SplitShares(a.SplitRule.HerderBasisPoints, a.SplitRule.VillageBasisPoints, a.SplitRule.CooperativeBasisPoints, a.SplitRule.PlatformBasisPoints),
            })
            .Take(200)
            .ToListAsync(cancellationToken);
        var tags = await SheepTags.CurrentEarTagsAsync(db, [.. rows.Select(r => r.SheepId)], cancellationToken);
        return
        [
            .. rows.Select(r => new MyAdoption(
                r.Id, r.SheepId, tags.GetValueOrDefault(r.SheepId, ""), r.Name, r.NameLatin, r.Breed, r.InFlock, r.Status, r.NameZh, r.NameEn,
                r.PriceFen, r.TermMonths, r.StartAt, r.EndAt, r.NameOnCertificate, r.EndOfTermChoice, r.DeathPolicy,
                r.GiftRecipientName, r.GiftRevealOn, r.GiftClaimedAt, r.Mine, r.Serial, r.Cover,
                r.Pending?.ProviderReference, r.Pending?.Provider, r.ReservedUntil, r.ReplacementDueAt, r.Fulfilment,
                r.HeadName, r.HeadNameLatin, r.VillageName, r.VillageNameLatin, r.Shares)),
        ];
    }
}
