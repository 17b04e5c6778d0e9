using SkiaSharp;
using Sponsorship.Core.Certificates;
using Sponsorship.Testing;
using UglyToad.PdfPig;

namespace Sponsorship.Core.Tests.Certificates;

public class CertificateDocumentTests
{
    public static TheoryData<string> Names => new()
    {
        "王喆",
        "张堃燊",
        "李昇",
        "巴特尔·其木格",
        "Zoë Müller-Peña",
        "José Ibáñez",
        "Anna Müller 王喆",
        "乌云其木格 Uyunchimeg",
        "刘䶮",
        "Nguyễn Thị Hoà",
    };

    [Theory]
    [MemberData(nameof(Names))]
    public void The_name_serial_and_ear_tag_read_back_from_the_pdf(string name)
    {
        var content = CertificateSamples.Content(name);
        var pdf = CertificateSamples.Document.Render(content);

        using var document = PdfDocument.Open(pdf);
        Assert.Equal(1, document.NumberOfPages);
        var page = document.GetPage(1);
        Assert.True(page.Width > page.Height, "landscape");
        var text = page.Text;
        Assert.Contains(name, text, StringComparison.Ordinal);
        Assert.Contains(content.Serial, text, StringComparison.Ordinal);
        Assert.Contains(content.EarTag, text, StringComparison.Ordinal);
        Assert.Contains("认养证书", text, StringComparison.Ordinal);
        Assert.Contains(content.SheepName, text, StringComparison.Ordinal);
        Assert.Contains(content.HouseholdZh, text, StringComparison.Ordinal);
        Assert.DoesNotContain('\uFFFD', text);
    }

    [Fact]
    public void The_sheep_name_in_pinyin_is_printed_under_its_characters_clear_of_every_other_line()
    {
        var content = CertificateSamples.Content("Zoë Müller-Peña");
        using var document = PdfDocument.Open(CertificateSamples.Document.Render(content));
        var letters = document.GetPage(1).Letters;
        var text = string.Concat(letters.Select(l => l.Value));

        var name = Box(letters, text.IndexOf(content.SheepName, StringComparison.Ordinal), content.SheepName.Length);
        var pinyinAt = text.IndexOf(content.SheepNameLatin, StringComparison.Ordinal);
        var pinyin = Box(letters, pinyinAt, content.SheepNameLatin.Length);

        Assert.True(pinyin.Top < name.Bottom, "the pinyin is under the characters");
        Assert.True(Math.Abs(pinyin.Left - name.Left) < 3, "and starts where they start");
        var others = letters.Where((l, i) => (i < pinyinAt || i >= pinyinAt + content.SheepNameLatin.Length) && l.Value.Trim().Length > 0);
        Assert.DoesNotContain(others, l => Overlap(l.BoundingBox, pinyin));
    }

    private static UglyToad.PdfPig.Core.PdfRectangle Box(IReadOnlyList<UglyToad.PdfPig.Content.Letter> letters, int start, int length)
    {
        Assert.True(start >= 0, "the text is on the page");
        var run = letters.Skip(start).Take(length).Select(l => l.BoundingBox).ToList();
        return new(run.Min(r => r.Left), run.Min(r => r.Bottom), run.Max(r => r.Right), run.Max(r => r.Top));
    }

    private static bool Overlap(UglyToad.PdfPig.Core.PdfRectangle a, UglyToad.PdfPig.Core.PdfRectangle b) =>
        a.Left < b.Right && b.Left < a.Right && a.Bottom < b.Top && b.Bottom < a.Top;

    [Theory]
    [MemberData(nameof(Names))]
    public void Every_character_of_the_name_has_a_glyph_in_an_embedded_subset(string name)
    {
        Assert.True(Fonts.Covers(name), $"a character of {name} has no glyph");

        var pdf = CertificateSamples.Document.Render(CertificateSamples.Content(name));
        using var document = PdfDocument.Open(pdf);
        var letters = document.GetPage(1).Letters;
        // Every font in the file is an embedded subset (PDF names them ABCDEF+Name) of the shipped faces.
        Assert.All(letters.Select(l => l.FontName).Distinct(), font =>
            Assert.Matches(@"^[A-Z]{6}\+(LXGW WenKai|Certificate Kai Common|Noto Serif)", font));
    }

    [Fact]
    public async Task The_qr_code_read_from_a_rendering_is_the_verification_address()
    {
        var content = CertificateSamples.Content("王喆");
        var pdf = CertificateSamples.Document.Render(content);

        var png = await PdfPages.RenderPngAsync(pdf);
        await File.WriteAllBytesAsync(Path.Combine(CertificateSamples.ArtifactsDirectory(), "certificate.png"), png);
        await File.WriteAllBytesAsync(Path.Combine(CertificateSamples.ArtifactsDirectory(), "certificate.pdf"), pdf);

        Assert.Equal(content.VerificationUrl, PdfPages.DecodeQr(png));
    }

    [Fact]
    public async Task Without_a_photo_the_sheep_is_drawn_and_the_file_stays_under_100_KB()
    {
        var pdf = CertificateSamples.Document.Render(CertificateSamples.Content("Zoë Müller-Peña 王喆堃", photo: false));

        Assert.True(pdf.Length <= 100 * 1024, $"{pdf.Length / 1024.0:F1} KB");
        var png = await PdfPages.RenderPngAsync(pdf, dpi: 72);
        await File.WriteAllBytesAsync(Path.Combine(CertificateSamples.ArtifactsDirectory(), "certificate-no-photo.png"), png);
        Assert.NotNull(PdfPages.DecodeQr(await PdfPages.RenderPngAsync(pdf)));
    }

    [Fact]
    public void The_photo_is_embedded_as_it_came_so_it_adds_only_its_own_size()
    {
        var without = CertificateSamples.Document.Render(CertificateSamples.Content("王喆", photo: false));
        var with = CertificateSamples.Document.Render(CertificateSamples.Content("王喆"));

        var added = with.Length - without.Length;
        Assert.InRange(added, CertificateSamples.PhotoJpeg.Length - 2048, CertificateSamples.PhotoJpeg.Length + 4096);
    }

    [Fact]
    public async Task The_mongolian_line_is_shaped_with_every_glyph_and_drawn_down_the_left_side()
    {
        var line = CertificateSamples.Document.Mongolian;
        Assert.Equal(0, line.MissingGlyphs);
        Assert.True(line.GlyphCount >= 20, $"{line.GlyphCount} glyphs");
        Assert.InRange(line.Length * 21, 200, 480);

        var png = await PdfPages.RenderPngAsync(CertificateSamples.Document.Render(CertificateSamples.Content("王喆", photo: false)), dpi: 72);
        using var bitmap = SKBitmap.Decode(png);
        // The column between the left rules (x 67..101 pt) holds green ink over much of the page's height.
        var inkedRows = Enumerable.Range(60, bitmap.Height - 120).Count(y =>
            Enumerable.Range(70, 28).Any(x => bitmap.GetPixel(x, y) is var c && c.Green > c.Red + 20 && c.Red < 120));
        Assert.True(inkedRows > 150, $"{inkedRows} rows with Mongolian ink");
    }

    private static CertificateFonts Fonts => CertificateFonts.Use(CertificateFonts.FindShippedDirectory(AppContext.BaseDirectory));
}
