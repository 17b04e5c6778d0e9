using BenchmarkDotNet.Attributes;
using SkiaSharp;
using Sponsorship.Core.Certificates;
using Sponsorship.Core.Demo;
using Sponsorship.Core.Flock;

namespace Sponsorship.Benchmarks;

/// <summary>
/// One adoption certificate rendered to PDF bytes (CertificateDocument: fonts subset and embedded, the shaped Mongolian
/// line, the border, seal and QR code as vectors), with and without the sheep's photo, and a batch of 20 on all cores.
/// The setup prints the size of each file.
/// </summary>
[MemoryDiagnoser]
public class CertificateBenchmarks
{
    private CertificateDocument document = null!;
    private CertificateContent withPhoto = null!;
    private CertificateContent withoutPhoto = null!;

    [GlobalSetup]
    public void Setup()
    {
        document = new CertificateDocument(CertificateFonts.Use(CertificateFonts.FindShippedDirectory(AppContext.BaseDirectory)));
        using var portrait = SheepPortrait.Draw(new PortraitSubject(7, Breed.Ujimqin, Sex.Ewe, 20, Season.Summer), 640, 480);
        using var image = SKImage.FromBitmap(portrait.Bitmap);
        using var jpeg = image.Encode(SKEncodedImageFormat.Jpeg, 82);
        var codes = new CertificateCodes("benchmark-certificate-key-0123456789abcdef");
        withoutPhoto = new CertificateContent
        {
            Serial = "TBS-2026-000123",
            NameOnCertificate = "Zoë Müller-Peña 王喆堃",
            SheepName = "白云朵",
            EarTag = "315252700012345",
            BreedZh = "乌珠穆沁羊",
            BreedEn = "Ujimqin",
            SexZh = "母羊",
            SexEn = "Ewe",
            BirthDate = new DateOnly(2025, 3, 18),
            HouseholdZh = "巴特尔家",
            HouseholdLatin = "Bater household",
            VillageZh = "边墙村",
            VillageLatin = "Bianqiang",
            TermStart = new DateOnly(2026, 5, 1),
            TermEnd = new DateOnly(2027, 4, 30),
            IssuedOn = new DateOnly(2026, 5, 1),
            VerificationUrl = codes.VerificationUrl("https://sheep.example.cn", "TBS-2026-000123"),
        };
        withPhoto = withoutPhoto with { PhotoJpeg = jpeg.ToArray() };
        Console.WriteLine($"// Certificate bytes without photo: {document.Render(withoutPhoto).Length:N0}");
        Console.WriteLine($"// Certificate bytes with a {withPhoto.PhotoJpeg.Length:N0}-byte photo: {document.Render(withPhoto).Length:N0}");
    }

    [Benchmark(Baseline = true)]
    public byte[] WithoutPhoto() => document.Render(withoutPhoto);

    [Benchmark]
    public byte[] WithPhoto() => document.Render(withPhoto);

    /// <summary>Each benchmark once; throws unless each is a PDF, the photo adds bytes and the batch made 20 of the same size.</summary>
    public static CertificateSmoke Smoke()
    {
        var bench = new CertificateBenchmarks();
        bench.Setup();
        var without = bench.WithoutPhoto();
        var with = bench.WithPhoto();
        var smoke = new CertificateSmoke(
            IsPdf(without) && IsPdf(with), without.Length, with.Length, bench.withPhoto.PhotoJpeg!.Length, bench.Batch20Parallel());
        return smoke.IsConsistent ? smoke : throw new InvalidOperationException($"The certificates do not add up: {smoke}.");
    }

    private static bool IsPdf(byte[] bytes) => bytes.AsSpan().StartsWith("%PDF-"u8);

    /// <summary>20 certificates on every core at once: the throughput of a batch (divide 20 by the mean).</summary>
    [Benchmark(OperationsPerInvoke = 20)]
    public int Batch20Parallel()
    {
        var total = 0;
        Parallel.For(0, 20, _ => Interlocked.Add(ref total, document.Render(withPhoto).Length));
        return total;
    }
}

/// <summary>Both renders are PDFs; their sizes, the photo's (it replaces the drawn sheep), and the bytes of a batch of 20 with the photo.</summary>
public sealed record CertificateSmoke(bool BothPdf, int WithoutPhotoBytes, int WithPhotoBytes, int PhotoBytes, int BatchBytes)
{
    public bool IsConsistent => BothPdf && WithPhotoBytes > WithoutPhotoBytes && BatchBytes == 20 * WithPhotoBytes;
}
