using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Adoptions;
using Sponsorship.Core.Data;
using Sponsorship.Core.Programme;

namespace Sponsorship.Core.Certificates;

/// <summary>
/// Issues an adoption's certificate inside the caller's transaction, superseding the one it replaces (a claimed gift, a
/// renewal, a replacement sheep). Rendering the PDF happens on download, from what the row records.
/// </summary>
public static class CertificateIssuer
{
    private const string SerialAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    public static async Task<Certificate> IssueAsync(
        SponsorshipDbContext db, Adoption adoption, DateTimeOffset now, ProgrammeCalendar calendar, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(adoption);
        ArgumentNullException.ThrowIfNull(calendar);
        if (adoption.StartAt is not { } start || adoption.EndAt is not { } end)
        {
            throw new InvalidOperationException($"Adoption {adoption.Id} has no term yet.");
        }

        var certificate = new Certificate
        {
            Serial = NewSerial(now),
            Adoption = adoption,
            NameOnCertificate = adoption.NameOnCertificate,
            SheepId = adoption.SheepId,
            TermStart = calendar.DayOf(start),
            TermEnd = calendar.DayOf(end),
            IssuedAt = now,
            Status = CertificateStatus.Valid,
        };
        db.Certificates.Add(certificate);
        foreach (var old in await ValidOnesAsync(db, adoption.Id, cancellationToken))
        {
            old.Status = CertificateStatus.Superseded;
            old.StatusChangedAt = now;
            old.Version++;
            old.SupersededBy = certificate;
        }

        return certificate;
    }

    /// <summary>A refund: the certificate stays on record and verifies as revoked from now on.</summary>
    public static async Task RevokeAsync(
        SponsorshipDbContext db, int adoptionId, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        foreach (var certificate in await ValidOnesAsync(db, adoptionId, cancellationToken))
        {
            certificate.Status = CertificateStatus.Revoked;
            certificate.StatusChangedAt = now;
            certificate.Version++;
        }
    }

    private static Task<List<Certificate>> ValidOnesAsync(SponsorshipDbContext db, int adoptionId, CancellationToken cancellationToken) =>
        adoptionId == 0
            ? Task.FromResult(new List<Certificate>())
            : db.Certificates.Where(c => c.AdoptionId == adoptionId && c.Status == CertificateStatus.Valid).ToListAsync(cancellationToken);

    /// <summary>"2026-7K3Q9MZD": the year, then 8 random characters of Crockford base32 (40 bits).</summary>
    public static string NewSerial(DateTimeOffset now)
    {
        Span<byte> random = stackalloc byte[5];
        RandomNumberGenerator.Fill(random);
        ulong value = 0;
        foreach (var b in random)
        {
            value = (value << 8) | b;
        }

        Span<char> chars = stackalloc char[8];
        for (var i = 7; i >= 0; i--)
        {
            chars[i] = SerialAlphabet[(int)(value & 31)];
            value >>= 5;
        }

        return $"{now.Year}-{chars}";
    }
}
