namespace Sponsorship.Core.Certificates;

/// <summary>
/// Everything printed on one certificate, already worded in both languages: the document only lays it out. Built from
/// a certificate row by the issuing code; the tests and benchmarks build it by hand.
/// </summary>
public sealed record CertificateContent
{
    public required string Serial { get; init; }

    /// <summary>The sponsor's (or gift recipient's) name as they asked for it, in any script.</summary>
    public required string NameOnCertificate { get; init; }

    public required string SheepName { get; init; }

    /// <summary>The sheep's name in pinyin (Tuantuan), printed under the characters; none when the sheep has none.</summary>
    public string SheepNameLatin { get; init; } = "";

    /// <summary>The national 15-digit ear tag.</summary>
    public required string EarTag { get; init; }

    public required string BreedZh { get; init; }

    public required string BreedEn { get; init; }

    public required string SexZh { get; init; }

    public required string SexEn { get; init; }

    public required DateOnly BirthDate { get; init; }

    /// <summary>A JPEG of the sheep, or null for the drawn frame without a picture.</summary>
    public byte[]? PhotoJpeg { get; init; }

    /// <summary>The household as people say it: 巴特尔家 / Bater household.</summary>
    public required string HouseholdZh { get; init; }

    public required string HouseholdLatin { get; init; }

    public required string VillageZh { get; init; }

    public required string VillageLatin { get; init; }

    public required DateOnly TermStart { get; init; }

    public required DateOnly TermEnd { get; init; }

    public required DateOnly IssuedOn { get; init; }

    /// <summary>The absolute <c>/verify/{serial}?c={code}</c> address the QR code carries.</summary>
    public required string VerificationUrl { get; init; }
}
