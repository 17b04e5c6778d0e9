using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Sponsorship.Core.Data;
using Sponsorship.Core.Programme;
using Sponsorship.Core.Storage;

namespace Sponsorship.Core.Certificates;

public sealed record CertificatePdf(string Serial, int Version, byte[] Content)
{
    public string FileName => $"certificate-{Serial}.pdf";
}

/// <summary>
/// A certificate's PDF for its owner (the adoption's sponsor) or an administrator; anyone else is told it does not
/// exist. Rendered on demand from the row and cached per instance by (serial, version): any status change bumps the
/// version, so a cached file is never one the row has moved past.
/// </summary>
public sealed class CertificateFiles(
    IDbContextFactory<SponsorshipDbContext> dbFactory,
    IFileStore files,
    CertificateDocument document,
    CertificateCodes codes,
    ICertificateWording wording,
    IMemoryCache cache,
    ProgrammeCalendar calendar)
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromHours(1);

    public async Task<CertificatePdf?> FindAsync(
        string serial, string? userId, bool isAdmin, string publicBaseUrl, CancellationToken cancellationToken = default)
    {
        CertificateFacts? facts;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            facts = await CertificateFacts.FindAsync(db, serial, cancellationToken);
        }

        if (facts is null || (!isAdmin && (userId is null || facts.SponsorUserId != userId)))
        {
            return null;
        }

        var key = (nameof(CertificateFiles), facts.Serial, facts.Version, publicBaseUrl);
        if (cache.TryGetValue(key, out byte[]? cached) && cached is not null)
        {
            return new CertificatePdf(facts.Serial, facts.Version, cached);
        }

        var content = await ContentAsync(facts, publicBaseUrl, cancellationToken);
        var pdf = document.Render(content);
        cache.Set(key, pdf, new MemoryCacheEntryOptions { SlidingExpiration = CacheFor, Size = pdf.Length });
        return new CertificatePdf(facts.Serial, facts.Version, pdf);
    }

    public async Task<CertificateContent> ContentAsync(CertificateFacts facts, string publicBaseUrl, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(facts);
        byte[]? photo = null;
        if (facts.PhotoThumbnailKey is { } photoKey)
        {
            await using var stream = await files.OpenReadAsync(photoKey, cancellationToken);
            if (stream is not null)
            {
                using var buffer = new MemoryStream();
                await stream.CopyToAsync(buffer, cancellationToken);
                photo = buffer.ToArray();
            }
        }

        var (breedZh, breedEn) = wording.Breed(facts.Breed);
        var (sexZh, sexEn) = wording.Sex(facts.Sex);
        return new CertificateContent
        {
            Serial = facts.Serial,
            NameOnCertificate = facts.NameOnCertificate,
            SheepName = facts.SheepName,
            SheepNameLatin = facts.SheepNameLatin,
            EarTag = facts.EarTag,
            BreedZh = breedZh,
            BreedEn = breedEn,
            SexZh = sexZh,
            SexEn = sexEn,
            BirthDate = facts.BirthDate,
            PhotoJpeg = photo,
            HouseholdZh = $"{facts.HouseholdName}家",
            HouseholdLatin = $"{facts.HouseholdNameLatin} household",
            VillageZh = facts.VillageName,
            VillageLatin = facts.VillageNameLatin,
            TermStart = facts.TermStart,
            TermEnd = facts.TermEnd,
            IssuedOn = calendar.DayOf(facts.IssuedAt),
            VerificationUrl = codes.VerificationUrl(publicBaseUrl, facts.Serial),
        };
    }

    /// <summary>The adoption's valid certificate as a PDF (for the confirmation mail), or null when it has none.</summary>
    public async Task<CertificatePdf?> ForAdoptionAsync(int adoptionId, string publicBaseUrl, CancellationToken cancellationToken = default)
    {
        string? serial;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            serial = await db.Certificates
                .Where(c => c.AdoptionId == adoptionId && c.Status == CertificateStatus.Valid)
                .OrderByDescending(c => c.Id)
                .Select(c => c.Serial)
                .FirstOrDefaultAsync(cancellationToken);
        }

        return serial is null ? null : await FindAsync(serial, userId: null, isAdmin: true, publicBaseUrl, cancellationToken);
    }

    /// <summary>The first valid certificate (oldest first), for the start-up banner's demo link.</summary>
    public async Task<string?> FirstValidSerialAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Certificates.Where(c => c.Status == CertificateStatus.Valid).OrderBy(c => c.Id).Select(c => c.Serial).FirstOrDefaultAsync(cancellationToken);
    }
}
