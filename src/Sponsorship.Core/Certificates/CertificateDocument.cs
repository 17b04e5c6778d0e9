using System.Globalization;
using PdfSharp;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace Sponsorship.Core.Certificates;

/// <summary>
/// The adoption certificate: one A4 landscape page, in Chinese and English with a line of traditional Mongolian script,
/// the sheep's photo and facts, the serial, and a QR code of the verification address. Text is real PDF text in
/// embedded font subsets (searchable, copyable); the Mongolian line, the border, the seal and the QR code are vectors.
/// Thread-safe: one instance renders any number of certificates at once.
/// </summary>
public sealed class CertificateDocument
{
    /// <summary>Reads 锡林郭勒盟 太仆寺旗 证书 — Xilingol League, Taibus Banner, certificate.</summary>
    public const string MongolianText = "ᠰᠢᠯᠢ\u202Fᠶᠢᠨ ᠭᠣᠣᠯ ᠠᠶᠢᠮᠠᠭ ᠲᠠᠶᠢᠪᠤᠰ ᠬᠣᠰᠢᠭᠤ ᠭᠡᠷᠡᠴᠢᠯᠡᠭᠡ";

    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-GB");

    private static readonly XColor Paper = XColor.FromArgb(0xFB, 0xF7, 0xEC);
    private static readonly XColor Green = XColor.FromArgb(0x2E, 0x5B, 0x3B);
    private static readonly XColor Gold = XColor.FromArgb(0xA8, 0x84, 0x3A);
    private static readonly XColor Ink = XColor.FromArgb(0x26, 0x2A, 0x27);
    private static readonly XColor Muted = XColor.FromArgb(0x6F, 0x6A, 0x5E);

    private readonly CertificateFonts fonts;
    private readonly MongolianLine mongolian;
    private readonly Fonts f = new();

    /// <summary>
    /// The parts every certificate shares (paper, border, Mongolian line: about half the drawing and compressing) as a
    /// one-page PDF made once; each certificate places it as a form, copying its compressed content as it is.
    /// </summary>
    private readonly Lazy<byte[]> frame;

    public CertificateDocument(CertificateFonts fonts)
    {
        ArgumentNullException.ThrowIfNull(fonts);
        this.fonts = fonts;
        mongolian = new MongolianLine(fonts.Mongolian, MongolianText);
        frame = new Lazy<byte[]>(RenderFrame);
    }

    /// <summary>The shaped Mongolian line (for checks: every glyph found, a sensible length).</summary>
    public MongolianLine Mongolian => mongolian;

    public byte[] Render(CertificateContent content)
    {
        using var stream = new MemoryStream();
        Render(content, stream);
        return stream.ToArray();
    }

    public void Render(CertificateContent content, Stream output)
    {
        ArgumentNullException.ThrowIfNull(content);
        RenderAll([content], output);
    }

    /// <summary>
    /// One PDF with a page per certificate (an organisation's order, printed in one go): the pages share the frame and
    /// one subset of each font, so it is much smaller than the single files together. <paramref name="rendered"/> is
    /// told the number of pages done after each.
    /// </summary>
    public void RenderAll(IEnumerable<CertificateContent> contents, Stream output)
    {
        ArgumentNullException.ThrowIfNull(contents);
        using var book = NewBook();
        foreach (var content in contents)
        {
            book.Add(content);
        }

        book.Save(output);
    }

    /// <summary>An empty multi-page document to add certificates to one at a time (as they are read), then save.</summary>
    public CertificateBook NewBook() => new(this, frame.Value);

    internal void AddPage(PdfDocument document, XPdfForm shared, CertificateContent content)
    {
        var page = document.AddPage();
        page.Size = PageSize.A4;
        page.Orientation = PageOrientation.Landscape;
        using var gfx = XGraphics.FromPdfPage(page);
        var size = new XSize(page.Width.Point, page.Height.Point);
        gfx.DrawImage(shared, 0, 0, size.Width, size.Height);
        DrawHeader(gfx, size, content);
        DrawSheep(gfx, content);
        DrawFooter(gfx, size, content);
    }

    private byte[] RenderFrame()
    {
        using var document = new PdfDocument();
        document.Options.CompressContentStreams = true;
        document.Options.FlateEncodeMode = PdfFlateEncodeMode.BestCompression;
        var page = document.AddPage();
        page.Size = PageSize.A4;
        page.Orientation = PageOrientation.Landscape;
        using (var gfx = XGraphics.FromPdfPage(page))
        {
            DrawFrame(gfx, new XSize(page.Width.Point, page.Height.Point));
        }

        using var output = new MemoryStream();
        document.Save(output);
        return output.ToArray();
    }

    private void DrawFrame(XGraphics gfx, XSize size)
    {
        gfx.DrawRectangle(new XSolidBrush(Paper), 0, 0, size.Width, size.Height);
        var outer = new XRect(18, 18, size.Width - 36, size.Height - 36);
        gfx.DrawRectangle(new XPen(Green, 2.2), outer);
        gfx.DrawRectangle(new XPen(Gold, 0.6), Inset(outer, 4));
        BorderPattern.Draw(gfx, Inset(outer, 9), new XPen(Green, 1.1) { LineJoin = XLineJoin.Miter, LineCap = XLineCap.Square }, Gold);
        var inner = Inset(outer, 29);
        gfx.DrawRectangle(new XPen(Gold, 0.6), inner);
        gfx.DrawRectangle(new XPen(Green, 1.2), Inset(inner, 3));

        // The Mongolian line runs down the left side, as Mongolian is written, between two gold rules.
        var columnX = inner.Left + 34;
        var fontSize = 21.0;
        var length = mongolian.Length * fontSize;
        var top = inner.Top + ((inner.Height - length) / 2);
        gfx.DrawLine(new XPen(Gold, 0.6), columnX - 17, inner.Top + 22, columnX - 17, inner.Bottom - 22);
        gfx.DrawLine(new XPen(Gold, 0.6), columnX + 17, inner.Top + 22, columnX + 17, inner.Bottom - 22);
        Diamond(gfx, new XPoint(columnX, top - 14), 4, Gold);
        Diamond(gfx, new XPoint(columnX, top + length + 14), 4, Gold);
        mongolian.DrawVertical(gfx, new XSolidBrush(Green), columnX, top, fontSize);
    }

    private void DrawHeader(XGraphics gfx, XSize size, CertificateContent content)
    {
        var centre = (size.Width / 2) + 22;
        var green = new XSolidBrush(Green);
        var gold = new XSolidBrush(Gold);
        var muted = new XSolidBrush(Muted);

        Tracked(gfx, "我在草原有只羊", f.Kai(11), green, centre, 92, 6);
        Tracked(gfx, "A SHEEP ON THE GRASSLAND", f.Serif(7.5), muted, centre, 105, 2.2);

        gfx.DrawString("认养证书", f.KaiBold(42), green, new XPoint(centre, 150), XStringFormats.BaseLineCenter);
        Tracked(gfx, "CERTIFICATE OF ADOPTION", f.Serif(14), gold, centre, 174, 3.2);
        Ornament(gfx, centre, 188, 120);

        gfx.DrawString("兹证明", f.Kai(12), muted, new XPoint(centre - 6, 214), XStringFormats.BaseLineRight);
        gfx.DrawString("This is to certify that", f.SerifItalic(11), muted, new XPoint(centre + 6, 214), XStringFormats.BaseLineLeft);

        var nameSize = FitSize(gfx, content.NameOnCertificate, 30, 18, 440);
        DrawMixed(gfx, content.NameOnCertificate, nameSize, new XSolidBrush(Ink), centre, 252, XStringAlignment.Center);
        gfx.DrawLine(new XPen(Gold, 0.7), centre - 190, 262, centre + 190, 262);

        DrawMixed(
            gfx,
            $"在{content.VillageZh}{content.HouseholdZh}认养了下面这只羊，认养期自{Zh(content.TermStart)}至{Zh(content.TermEnd)}。",
            11.5,
            new XSolidBrush(Ink),
            centre,
            284,
            XStringAlignment.Center,
            latinFirst: false);
        DrawMixed(
            gfx,
            $"has adopted the sheep below, raised by the {content.HouseholdLatin} in {content.VillageLatin}, from {En(content.TermStart)} to {En(content.TermEnd)}.",
            9.5,
            muted,
            centre,
            299,
            XStringAlignment.Center,
            italic: true);
    }

    private void DrawSheep(XGraphics gfx, CertificateContent content)
    {
        var photo = new XRect(150, 318, 184, 138);
        gfx.DrawRectangle(new XSolidBrush(XColors.White), Inset(photo, -6));
        gfx.DrawRectangle(new XPen(Gold, 0.7), Inset(photo, -6));
        if (content.PhotoJpeg is { Length: > 0 } jpeg)
        {
            using var image = XImage.FromStream(new MemoryStream(jpeg, writable: false));
            var scale = Math.Max(photo.Width / image.PointWidth, photo.Height / image.PointHeight);
            var (w, h) = (image.PointWidth * scale, image.PointHeight * scale);
            var state = gfx.Save();
            gfx.IntersectClip(photo);
            gfx.DrawImage(image, photo.X + ((photo.Width - w) / 2), photo.Y + ((photo.Height - h) / 2), w, h);
            gfx.Restore(state);
        }
        else
        {
            SheepDrawing.Draw(gfx, photo, Green, Paper);
        }

        var ink = new XSolidBrush(Ink);
        var left = 364.0;
        var y = 330.0;
        Fact(gfx, left, ref y, "羊名", "Name", () =>
        {
            DrawMixed(gfx, content.SheepName, 17, new XSolidBrush(Green), left, y + 4, XStringAlignment.Near, latinFirst: false);
            DrawMixed(gfx, content.SheepNameLatin, 8.5, new XSolidBrush(Muted), left, y + 17, XStringAlignment.Near);
        });
        y += 6;
        Fact(gfx, left, ref y, "耳标号", "National ear tag", () =>
            gfx.DrawString(content.EarTag, f.Serif(11.5), ink, new XPoint(left, y), XStringFormats.BaseLineLeft));
        Fact(gfx, left, ref y, "品种 · 性别", "Breed · sex", () =>
            Pair(gfx, $"{content.BreedZh} · {content.SexZh}", $"{content.BreedEn} · {content.SexEn}", left, y));
        Fact(gfx, left, ref y, "出生日期", "Born", () =>
            Pair(gfx, Zh(content.BirthDate), En(content.BirthDate), left, y));

        var right = 556.0;
        y = 330;
        Fact(gfx, right, ref y, "牧户", "Herder household", () =>
            Pair(gfx, content.HouseholdZh, content.HouseholdLatin, right, y));
        Fact(gfx, right, ref y, "嘎查村", "Village", () =>
            Pair(gfx, content.VillageZh, content.VillageLatin, right, y));
        Fact(gfx, right, ref y, "认养期", "Term", () =>
        {
            gfx.DrawString($"{Zh(content.TermStart)} – {Zh(content.TermEnd)}", f.Kai(11.5), ink, new XPoint(right, y), XStringFormats.BaseLineLeft);
            gfx.DrawString($"{En(content.TermStart)} – {En(content.TermEnd)}", f.Serif(8.5), new XSolidBrush(Muted), new XPoint(right, y + 12), XStringFormats.BaseLineLeft);
        });
    }

    private void DrawFooter(XGraphics gfx, XSize size, CertificateContent content)
    {
        var muted = new XSolidBrush(Muted);
        var ink = new XSolidBrush(Ink);
        var baseline = 503.0;

        gfx.DrawString("证书编号", f.Kai(8.5), new XSolidBrush(Gold), new XPoint(150, baseline), XStringFormats.BaseLineLeft);
        gfx.DrawString("CERTIFICATE NO.", f.Serif(6), muted, new XPoint(150 + gfx.MeasureString("证书编号", f.Kai(8.5)).Width + 5, baseline), XStringFormats.BaseLineLeft);
        gfx.DrawString(content.Serial, f.Serif(12), ink, new XPoint(150, baseline + 16), XStringFormats.BaseLineLeft);

        // The issuer and the date, with the seal stamped over them as on any Chinese certificate.
        var issuer = 610.0;
        gfx.DrawString("太仆寺旗草原认养项目办公室", f.Kai(11), ink, new XPoint(issuer, baseline - 12), XStringFormats.BaseLineCenter);
        gfx.DrawString("Taibus Banner Grassland Adoption Office", f.SerifItalic(7.5), muted, new XPoint(issuer, baseline), XStringFormats.BaseLineCenter);
        gfx.DrawString(Zh(content.IssuedOn), f.Kai(10), ink, new XPoint(issuer, baseline + 16), XStringFormats.BaseLineCenter);
        gfx.DrawString($"Issued {En(content.IssuedOn)}", f.Serif(7.5), muted, new XPoint(issuer, baseline + 27), XStringFormats.BaseLineCenter);
        Seal(gfx, new XPoint(issuer + 96, baseline + 2), 36);

        // The QR code sits in the top right corner, clear of the text, where a phone finds it first.
        var qr = new XRect(size.Width - 150, 84, 76, 76);
        gfx.DrawRectangle(new XSolidBrush(XColors.White), Inset(qr, -3));
        gfx.DrawRectangle(new XPen(Gold, 0.6), Inset(qr, -3));
        QrCode(gfx, content.VerificationUrl, qr);
        gfx.DrawString("扫码验证", f.Kai(9), new XSolidBrush(Gold), new XPoint(qr.Center.X, qr.Bottom + 15), XStringFormats.BaseLineCenter);
        gfx.DrawString("Scan to verify", f.SerifItalic(7), muted, new XPoint(qr.Center.X, qr.Bottom + 25), XStringFormats.BaseLineCenter);
    }

    private void Fact(XGraphics gfx, double x, ref double y, string zh, string en, Action value)
    {
        gfx.DrawString(zh, f.Kai(8.5), new XSolidBrush(Gold), new XPoint(x, y), XStringFormats.BaseLineLeft);
        var zhWidth = gfx.MeasureString(zh, f.Kai(8.5)).Width;
        gfx.DrawString(en.ToUpperInvariant(), f.Serif(6), new XSolidBrush(Muted), new XPoint(x + zhWidth + 5, y), XStringFormats.BaseLineLeft);
        y += 15;
        value();
        y += 30;
    }

    private void Pair(XGraphics gfx, string zh, string latin, double x, double y)
    {
        DrawMixed(gfx, zh, 11.5, new XSolidBrush(Ink), x, y, XStringAlignment.Near, latinFirst: false);
        DrawMixed(gfx, latin, 8.5, new XSolidBrush(Muted), x, y + 12, XStringAlignment.Near);
    }

    /// <summary>
    /// Draws text from data (a name, a village) in the faces that have its characters: Latin letters in the serif when
    /// <paramref name="latinFirst"/>, Chinese in Kai, a rare character in the full Kai font. A name such as
    /// "Anna Müller 王喆" is set in both and still reads back as one string.
    /// </summary>
    private void DrawMixed(XGraphics gfx, string text, double size, XBrush brush, double x, double baseline, XStringAlignment align, bool italic = false, bool latinFirst = true)
    {
        var runs = fonts.Runs(text, latinFirst);
        var runFonts = runs.Select(r => f.Get(r.Family, size, italic && r.Family == CertificateFonts.Latin ? XFontStyleEx.Italic : XFontStyleEx.Regular)).ToArray();
        var widths = runs.Select((r, i) => gfx.MeasureString(r.Text, runFonts[i]).Width).ToArray();
        var total = widths.Sum();
        var cursor = align switch
        {
            XStringAlignment.Center => x - (total / 2),
            XStringAlignment.Far => x - total,
            _ => x,
        };
        for (var i = 0; i < runs.Count; i++)
        {
            gfx.DrawString(runs[i].Text, runFonts[i], brush, new XPoint(cursor, baseline), XStringFormats.BaseLineLeft);
            cursor += widths[i];
        }
    }

    private double FitSize(XGraphics gfx, string text, double size, double minimum, double width)
    {
        var runs = fonts.Runs(text, latinFirst: true);
        while (size > minimum && runs.Sum(r => gfx.MeasureString(r.Text, f.Get(r.Family, size, XFontStyleEx.Regular)).Width) > width)
        {
            size -= 1;
        }

        return size;
    }

    /// <summary>Letter-spaced text centred on <paramref name="centre"/>, each character placed by hand.</summary>
    private static void Tracked(XGraphics gfx, string text, XFont font, XBrush brush, double centre, double baseline, double tracking)
    {
        var widths = text.Select(c => gfx.MeasureString(c.ToString(), font).Width).ToArray();
        var x = centre - ((widths.Sum() + (tracking * (text.Length - 1))) / 2);
        for (var i = 0; i < text.Length; i++)
        {
            gfx.DrawString(text[i].ToString(), font, brush, new XPoint(x, baseline), XStringFormats.BaseLineLeft);
            x += widths[i] + tracking;
        }
    }

    private static void Ornament(XGraphics gfx, double centre, double y, double halfWidth)
    {
        var pen = new XPen(Gold, 0.7);
        gfx.DrawLine(pen, centre - halfWidth, y, centre - 12, y);
        gfx.DrawLine(pen, centre + 12, y, centre + halfWidth, y);
        Diamond(gfx, new XPoint(centre, y), 4.5, Gold);
        Diamond(gfx, new XPoint(centre - halfWidth - 5, y), 2, Gold);
        Diamond(gfx, new XPoint(centre + halfWidth + 5, y), 2, Gold);
    }

    private static void Diamond(XGraphics gfx, XPoint c, double r, XColor color) =>
        gfx.DrawPolygon(new XSolidBrush(color), [new(c.X, c.Y - r), new(c.X + r, c.Y), new(c.X, c.Y + r), new(c.X - r, c.Y)], XFillMode.Winding);

    private void Seal(XGraphics gfx, XPoint c, double r) => DocumentMarks.Seal(gfx, c, r, f.KaiBold(9.5), f.KaiBold(7.5));

    private static void QrCode(XGraphics gfx, string text, XRect box) => DocumentMarks.QrCode(gfx, text, box);

    private static XRect Inset(XRect r, double d) => new(r.X + d, r.Y + d, r.Width - (2 * d), r.Height - (2 * d));

    private static string Zh(DateOnly d) => $"{d.Year}年{d.Month}月{d.Day}日";

    private static string En(DateOnly d) => d.ToString("d MMMM yyyy", English);

    /// <summary>The faces at the sizes the certificate uses, made once per size (XFont is immutable).</summary>
    private sealed class Fonts
    {
        private readonly Dictionary<(string, double, XFontStyleEx), XFont> made = [];

        public XFont Kai(double size) => Get(CertificateFonts.Chinese, size, XFontStyleEx.Regular);

        public XFont KaiBold(double size) => Get(CertificateFonts.Chinese, size, XFontStyleEx.Bold);

        public XFont Serif(double size) => Get(CertificateFonts.Latin, size, XFontStyleEx.Regular);

        public XFont SerifItalic(double size) => Get(CertificateFonts.Latin, size, XFontStyleEx.Italic);

        public XFont Get(string family, double size, XFontStyleEx style)
        {
            lock (made)
            {
                if (!made.TryGetValue((family, size, style), out var font))
                {
                    font = CertificateFonts.Font(family, size, style);
                    made[(family, size, style)] = font;
                }

                return font;
            }
        }
    }
}
