using System.Globalization;
using System.Text;
using PdfSharp;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using Sponsorship.Core.Certificates;

namespace Sponsorship.Core.Organisations;

/// <summary>Everything printed on a statement of assistance.</summary>
public sealed record AssistanceStatementContent(
    string Serial, string OrganisationName, string CreditCode, DateOnly From, DateOnly To, long PaidFen, long RefundedFen,
    int SheepCount, int HouseholdCount, int VillageCount, long HerdersFen, long VillagesFen, long PaidOutFen, DateOnly IssuedOn,
    string VerificationUrl);

/// <summary>
/// The statement of assistance (消费帮扶证明): one A4 page in Chinese and English — the organisation and its credit code,
/// the period, what it paid, how many sheep, households and villages it reached and what has gone to the herders —
/// with the programme's seal, the serial and a QR code of its verification address. Set in the certificate's fonts
/// (searchable text, rare characters from the full Kai font). Thread-safe.
/// </summary>
public sealed class AssistanceStatementDocument(CertificateFonts fonts)
{
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-GB");
    private static readonly XColor Paper = XColor.FromArgb(0xFB, 0xF7, 0xEC);
    private static readonly XColor Green = XColor.FromArgb(0x2E, 0x5B, 0x3B);
    private static readonly XColor Gold = XColor.FromArgb(0xA8, 0x84, 0x3A);
    private static readonly XColor Ink = XColor.FromArgb(0x26, 0x2A, 0x27);
    private static readonly XColor Muted = XColor.FromArgb(0x6F, 0x6A, 0x5E);

    public byte[] Render(AssistanceStatementContent content)
    {
        ArgumentNullException.ThrowIfNull(content);
        using var document = new PdfDocument();
        document.Info.Title = $"消费帮扶证明 Statement of Consumer Assistance {content.Serial}";
        document.Info.Subject = content.OrganisationName;
        document.Info.Creator = "我在草原有只羊 · A Sheep on the Grassland";
        document.Options.CompressContentStreams = true;
        var page = document.AddPage();
        page.Size = PageSize.A4;
        page.Orientation = PageOrientation.Portrait;
        using (var gfx = XGraphics.FromPdfPage(page))
        {
            var size = new XSize(page.Width.Point, page.Height.Point);
            DrawFrame(gfx, size);
            var y = DrawHeader(gfx, size, content);
            y = DrawBody(gfx, size, content, y);
            DrawFigures(gfx, size, content, y);
            DrawFooter(gfx, size, content);
        }

        using var output = new MemoryStream();
        document.Save(output, closeStream: false);
        return output.ToArray();
    }

    private static void DrawFrame(XGraphics gfx, XSize size)
    {
        gfx.DrawRectangle(new XSolidBrush(Paper), 0, 0, size.Width, size.Height);
        var outer = new XRect(22, 22, size.Width - 44, size.Height - 44);
        gfx.DrawRectangle(new XPen(Green, 2), outer);
        gfx.DrawRectangle(new XPen(Gold, 0.6), new XRect(outer.X + 5, outer.Y + 5, outer.Width - 10, outer.Height - 10));
    }

    private static double DrawHeader(XGraphics gfx, XSize size, AssistanceStatementContent content)
    {
        var centre = size.Width / 2;
        gfx.DrawString("我在草原有只羊 · A SHEEP ON THE GRASSLAND", Font(CertificateFonts.Chinese, 9), new XSolidBrush(Muted), new XPoint(centre, 72), XStringFormats.BaseLineCenter);
        gfx.DrawString("消费帮扶证明", Font(CertificateFonts.Chinese, 30, XFontStyleEx.Bold), new XSolidBrush(Green), new XPoint(centre, 116), XStringFormats.BaseLineCenter);
        gfx.DrawString("STATEMENT OF CONSUMER ASSISTANCE", Font(CertificateFonts.Latin, 12), new XSolidBrush(Gold), new XPoint(centre, 138), XStringFormats.BaseLineCenter);
        gfx.DrawLine(new XPen(Gold, 0.7), centre - 150, 150, centre + 150, 150);

        var muted = new XSolidBrush(Muted);
        gfx.DrawString("证明编号 No.", Font(CertificateFonts.Chinese, 8), muted, new XPoint(56, 176), XStringFormats.BaseLineLeft);
        gfx.DrawString(content.Serial, Font(CertificateFonts.Latin, 11), new XSolidBrush(Ink), new XPoint(56, 191), XStringFormats.BaseLineLeft);

        // The QR code top right, where a phone finds it first.
        var qr = new XRect(size.Width - 136, 160, 78, 78);
        gfx.DrawRectangle(new XSolidBrush(XColors.White), new XRect(qr.X - 3, qr.Y - 3, qr.Width + 6, qr.Height + 6));
        DocumentMarks.QrCode(gfx, content.VerificationUrl, qr);
        gfx.DrawString("扫码验证 Scan to verify", Font(CertificateFonts.Chinese, 7), muted, new XPoint(qr.Center.X, qr.Bottom + 13), XStringFormats.BaseLineCenter);
        return 262;
    }

    private double DrawBody(XGraphics gfx, XSize size, AssistanceStatementContent content, double y)
    {
        var width = size.Width - 112;
        var zh = $"兹证明{content.OrganisationName}（统一社会信用代码：{content.CreditCode}）于{Zh(content.From)}至{Zh(content.To)}期间，" +
            "通过“我在草原有只羊”项目认养内蒙古锡林郭勒盟太仆寺旗牧民家庭饲养的羊只，参与消费帮扶，情况如下：";
        y = Paragraph(gfx, zh, 11.5, new XSolidBrush(Ink), 56, y, width, 19, latinFirst: false);
        var en = $"This is to certify that {content.OrganisationName} (unified social credit code {content.CreditCode}) took part in consumer " +
            $"assistance from {En(content.From)} to {En(content.To)} by adopting sheep raised by herder families of Taibus Banner, " +
            "Xilingol League, Inner Mongolia, through the programme A Sheep on the Grassland:";
        return Paragraph(gfx, en, 9.5, new XSolidBrush(Muted), 56, y + 8, width, 14, latinFirst: true) + 18;
    }

    private void DrawFigures(XGraphics gfx, XSize size, AssistanceStatementContent content, double y)
    {
        var rows = new List<(string Zh, string En, string Value)>
        {
            ("认养金额", "Amount paid", Yuan(content.PaidFen)),
            ("认养羊只", "Sheep adopted", $"{content.SheepCount} 只 sheep"),
            ("惠及牧户", "Herder households reached", $"{content.HouseholdCount} 户 households"),
            ("惠及嘎查村", "Villages reached", $"{content.VillageCount} 个 villages"),
            ("已分配给牧户", "Released to herder households", Yuan(content.HerdersFen)),
            ("已支付到牧户账户", "Paid out to the households' bank accounts", Yuan(content.PaidOutFen)),
            ("村集体收入", "To village collectives", Yuan(content.VillagesFen)),
        };
        if (content.RefundedFen > 0)
        {
            rows.Insert(1, ("其中已退款", "Of which refunded", Yuan(content.RefundedFen)));
        }

        var left = 56.0;
        var right = size.Width - 56;
        var rule = new XPen(Gold, 0.5);
        gfx.DrawLine(new XPen(Green, 1), left, y, right, y);
        foreach (var (zh, en, value) in rows)
        {
            gfx.DrawString(zh, Font(CertificateFonts.Chinese, 11.5), new XSolidBrush(Ink), new XPoint(left + 6, y + 17), XStringFormats.BaseLineLeft);
            gfx.DrawString(en, Font(CertificateFonts.Latin, 8), new XSolidBrush(Muted), new XPoint(left + 6, y + 28), XStringFormats.BaseLineLeft);
            Mixed(gfx, value, 12, new XSolidBrush(Green), right - 6, y + 22, XStringAlignment.Far, latinFirst: true);
            y += 35;
            gfx.DrawLine(rule, left, y, right, y);
        }

        gfx.DrawLine(new XPen(Green, 1), left, y, right, y);
        Paragraph(gfx, "以上数据取自项目账本，可扫描二维码核验。 The figures are taken from the programme's ledger; scan the QR code to check them.",
            8, new XSolidBrush(Muted), left, y + 20, right - left, 12, latinFirst: false);
    }

    private static void DrawFooter(XGraphics gfx, XSize size, AssistanceStatementContent content)
    {
        var ink = new XSolidBrush(Ink);
        var muted = new XSolidBrush(Muted);
        var issuer = size.Width - 190;
        var baseline = size.Height - 100;
        gfx.DrawString("太仆寺旗草原认养项目办公室", Font(CertificateFonts.Chinese, 11), ink, new XPoint(issuer, baseline), XStringFormats.BaseLineCenter);
        gfx.DrawString("Taibus Banner Grassland Adoption Office", Font(CertificateFonts.Latin, 7.5, XFontStyleEx.Italic), muted, new XPoint(issuer, baseline + 12), XStringFormats.BaseLineCenter);
        gfx.DrawString(Zh(content.IssuedOn), Font(CertificateFonts.Chinese, 10), ink, new XPoint(issuer, baseline + 30), XStringFormats.BaseLineCenter);
        gfx.DrawString($"Issued {En(content.IssuedOn)}", Font(CertificateFonts.Latin, 7.5), muted, new XPoint(issuer, baseline + 41), XStringFormats.BaseLineCenter);
        DocumentMarks.Seal(gfx, new XPoint(issuer + 88, baseline + 4), 38, Font(CertificateFonts.Chinese, 10, XFontStyleEx.Bold), Font(CertificateFonts.Chinese, 8, XFontStyleEx.Bold));
    }

    /// <summary>Wraps mixed Chinese and Latin text to the width (Chinese breaks between characters, Latin between words).</summary>
    private double Paragraph(XGraphics gfx, string text, double size, XBrush brush, double x, double y, double width, double leading, bool latinFirst)
    {
        var line = new StringBuilder();
        foreach (var token in Tokens(text))
        {
            var candidate = line.ToString() + token;
            if (line.Length > 0 && Measure(gfx, candidate.TrimEnd(), size, latinFirst) > width)
            {
                Mixed(gfx, line.ToString().TrimEnd(), size, brush, x, y, XStringAlignment.Near, latinFirst);
                y += leading;
                line.Clear();
                candidate = token.TrimStart();
            }

            line.Clear().Append(candidate);
        }

        if (line.Length > 0)
        {
            Mixed(gfx, line.ToString(), size, brush, x, y, XStringAlignment.Near, latinFirst);
            y += leading;
        }

        return y;
    }

    /// <summary>Latin words with their following space, and each other character on its own.</summary>
    private static IEnumerable<string> Tokens(string text)
    {
        var word = new StringBuilder();
        foreach (var rune in text.EnumerateRunes())
        {
            if (rune.Value < 0x2E80 && !Rune.IsWhiteSpace(rune))
            {
                word.Append(rune.ToString());
                continue;
            }

            if (Rune.IsWhiteSpace(rune))
            {
                word.Append(' ');
                yield return word.ToString();
            }
            else
            {
                if (word.Length > 0)
                {
                    yield return word.ToString();
                }

                yield return rune.ToString();
            }

            word.Clear();
        }

        if (word.Length > 0)
        {
            yield return word.ToString();
        }
    }

    private double Measure(XGraphics gfx, string text, double size, bool latinFirst) =>
        fonts.Runs(text, latinFirst).Sum(r => gfx.MeasureString(r.Text, Font(r.Family, size)).Width);

    private void Mixed(XGraphics gfx, string text, double size, XBrush brush, double x, double baseline, XStringAlignment align, bool latinFirst)
    {
        var runs = fonts.Runs(text, latinFirst);
        var widths = runs.Select(r => gfx.MeasureString(r.Text, Font(r.Family, size)).Width).ToArray();
        var cursor = align == XStringAlignment.Far ? x - widths.Sum() : x;
        for (var i = 0; i < runs.Count; i++)
        {
            gfx.DrawString(runs[i].Text, Font(runs[i].Family, size), brush, new XPoint(cursor, baseline), XStringFormats.BaseLineLeft);
            cursor += widths[i];
        }
    }

    private static XFont Font(string family, double size, XFontStyleEx style = XFontStyleEx.Regular) => CertificateFonts.Font(family, size, style);

    private static string Yuan(long fen) => (fen < 0 ? "-¥" : "¥") + (Math.Abs(fen) / 100m).ToString("N2", CultureInfo.InvariantCulture);

    private static string Zh(DateOnly d) => $"{d.Year}年{d.Month}月{d.Day}日";

    private static string En(DateOnly d) => d.ToString("d MMMM yyyy", English);
}
