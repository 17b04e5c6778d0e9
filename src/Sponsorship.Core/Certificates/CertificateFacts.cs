using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Data;
using Sponsorship.Core.Flock;

namespace Sponsorship.Core.Certificates;

/// <summary>What the certificate row, its adoption and its sheep say, read in one projection.</summary>
public sealed record CertificateFacts(
    string Serial,
    int Version,
    CertificateStatus Status,
    DateTimeOffset? StatusChangedAt,
    DateTimeOffset IssuedAt,
    string NameOnCertificate,
    bool ShowNameOnVerification,
    string SponsorUserId,
    DateOnly TermStart,
    DateOnly TermEnd,
    int SheepId,
    string SheepName,
    string SheepNameLatin,
    Breed Breed,
    Sex Sex,
    DateOnly BirthDate,
    string EarTag,
    string HouseholdName,
    string HouseholdNameLatin,
    string VillageName,
    string VillageNameLatin,
    long? PhotoId,
    string? PhotoThumbnailKey)
{
    public static async Task<CertificateFacts?> FindAsync(SponsorshipDbContext db, string serial, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var facts = await db.Certificates
            .AsNoTracking()
            .Where(c => c.Serial == serial)
            .Select(c => new CertificateFacts(
                c.Serial,
                c.Version,
                c.Status,
                c.StatusChangedAt,
                c.IssuedAt,
                c.NameOnCertificate,
                c.Adoption.ShowNameOnVerification,
                c.Adoption.SponsorUserId,
                c.TermStart,
                c.TermEnd,
                c.SheepId,
                c.Sheep.Name,
                c.Sheep.NameLatin,
                c.Sheep.Breed,
                c.Sheep.Sex,
                c.Sheep.BirthDate,
                c.Sheep.Tags.AsQueryable().Where(IdTag.IsCurrentEarTag).Select(t => t.Value).FirstOrDefault() ?? "",
                c.Sheep.Household.HeadName,
                c.Sheep.Household.HeadNameLatin,
                c.Sheep.Household.Village.Name,
                c.Sheep.Household.Village.NameLatin,
                null,
                null))
            .SingleOrDefaultAsync(cancellationToken);
        if (facts is null)
        {
            return null;
        }

        // The newest photo anyone may see (from a reviewed, public log).
        var photo = await db.AnimalLogs
            .AsNoTracking()
            .Where(l => l.SheepId == facts.SheepId && LogKinds.Public.Contains(l.Kind) && l.Review == ReviewStatus.Approved)
            .SelectMany(l => l.Photos, (l, p) => new { p.Id, p.ThumbnailKey, l.At })
            .OrderByDescending(p => p.At)
            .ThenByDescending(p => p.Id)
            .FirstOrDefaultAsync(cancellationToken);
        return photo is null ? facts : facts with { PhotoId = photo.Id, PhotoThumbnailKey = photo.ThumbnailKey };
    }
}
