using SkiaSharp;
using Sponsorship.Core.Certificates;
using Sponsorship.Core.Demo;
using Sponsorship.Core.Flock;

namespace Sponsorship.Core.Tests.Certificates;

/// <summary>Certificates as the app would word them, and the shipped fonts (found from the test's bin folder).</summary>
public static class CertificateSamples
{
    private static readonly Lazy<CertificateDocument> Shared = new(() =>
        new CertificateDocument(CertificateFonts.Use(CertificateFonts.FindShippedDirectory(AppContext.BaseDirectory))));

    private static readonly Lazy<byte[]> Portrait = new(() =>
    {
        using var portrait = SheepPortrait.Draw(new PortraitSubject(7, Breed.Ujimqin, Sex.Ewe, 20, Season.Summer), 640, 480);
        using var image = SKImage.FromBitmap(portrait.Bitmap);
        using var jpeg = image.Encode(SKEncodedImageFormat.Jpeg, 82);
        return jpeg.ToArray();
    });

    public static CertificateDocument Document => Shared.Value;

    public static CertificateCodes Codes { get; } = new("test-certificate-key-0123456789-abcdefghij");

    public static byte[] PhotoJpeg => Portrait.Value;

    public static CertificateContent Content(string name, string serial = "TBS-2026-000123", bool photo = true) => new()
    {
        Serial = serial,
        NameOnCertificate = name,
        SheepName = "白云朵",
        SheepNameLatin = "Baiyunduo",
        EarTag = "315252700012345",
        BreedZh = "乌珠穆沁羊",
        BreedEn = "Ujimqin",
        SexZh = "母羊",
        SexEn = "Ewe",
        BirthDate = new DateOnly(2025, 3, 18),
        PhotoJpeg = photo ? PhotoJpeg : null,
        HouseholdZh = "巴特尔家",
        HouseholdLatin = "Bater household",
        VillageZh = "边墙村",
        VillageLatin = "Bianqiang",
        TermStart = new DateOnly(2026, 5, 1),
        TermEnd = new DateOnly(2027, 4, 30),
        IssuedOn = new DateOnly(2026, 5, 1),
        VerificationUrl = Codes.VerificationUrl("https://sheep.example.cn", serial),
    };

    /// <summary>The repository's artifacts/screenshots folder (as the browser tests use).</summary>
    public static string ArtifactsDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Sponsorship.sln")))
            {
                var path = Path.Combine(dir.FullName, "artifacts", "screenshots");
                Directory.CreateDirectory(path);
                return path;
            }
        }

        throw new DirectoryNotFoundException("Sponsorship.sln not found above the test's bin folder.");
    }
}
