using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Data;

namespace Sponsorship.Core.Certificates;

public enum VerificationOutcome
{
    /// <summary>The code does not belong to the serial: nothing else is said, not even whether the serial exists.</summary>
    CannotVerify,

    /// <summary>The code is right but there is no such certificate.</summary>
    Unknown,
    Valid,
    Superseded,
    Revoked,
}

/// <summary>What the public verification page may show: no reason for a revocation, the name reduced unless allowed.</summary>
public sealed record VerificationResult(VerificationOutcome Outcome, CertificateFacts? Certificate, string? SponsorName)
{
    public static readonly VerificationResult CannotVerify = new(VerificationOutcome.CannotVerify, null, null);
}

/// <summary>
/// The public check behind <c>/verify/{serial}?c={code}</c>: the code first (constant time), then the certificate's
/// current status, read fresh every time — a revoked certificate is never reported from a cache.
/// </summary>
public sealed class CertificateVerification(IDbContextFactory<SponsorshipDbContext> dbFactory, CertificateCodes codes)
{
    public async Task<VerificationResult> VerifyAsync(string serial, string? code, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(serial) || serial.Length > 32 || !codes.Verify(serial, code))
        {
            return VerificationResult.CannotVerify;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var facts = await CertificateFacts.FindAsync(db, serial, cancellationToken);
        if (facts is null)
        {
            return new VerificationResult(VerificationOutcome.Unknown, null, null);
        }

        var outcome = facts.Status switch
        {
            CertificateStatus.Valid => VerificationOutcome.Valid,
            CertificateStatus.Superseded => VerificationOutcome.Superseded,
            _ => VerificationOutcome.Revoked,
        };
        var name = facts.ShowNameOnVerification ? facts.NameOnCertificate : Initials(facts.NameOnCertificate);
        // The sponsor's user id stays on the server.
        return new VerificationResult(outcome, facts with { SponsorUserId = "", NameOnCertificate = name }, name);
    }

    /// <summary>
    /// A name reduced to what identifies nobody: Latin words to their initials ("Zoë Müller" → "Z. M."), a Chinese
    /// name to its first character ("王晓燕" → "王**", the way Chinese receipts mask names).
    /// </summary>
    public static string Initials(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var parts = new List<string>();
        foreach (var word in name.Split([' ', '·', '•', '-', '.'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var first = word.EnumerateRunes().First();
            var rest = word.EnumerateRunes().Count() - 1;
            var cjk = Rune.GetUnicodeCategory(first) == UnicodeCategory.OtherLetter;
            parts.Add(cjk ? first + new string('*', Math.Max(rest, 1)) : Rune.ToUpperInvariant(first) + ".");
        }

        return string.Join(' ', parts);
    }
}
