using PdfSharp.Drawing;
using QRCoder;

namespace Sponsorship.Core.Certificates;

/// <summary>
/// The marks every document of the programme carries: its round red seal and a vector QR code of the verification
/// address. Shared by the adoption certificate and the organisations' statement of assistance.
/// </summary>
public static class DocumentMarks
{
    public static readonly XColor SealRed = XColor.FromArgb(225, 0xB7, 0x28, 0x22);

    /// <summary>The programme's round red seal: the name around the rim, a star, the banner below it.</summary>
    public static void Seal(XGraphics gfx, XPoint c, double r, XFont rimFont, XFont bannerFont)
    {
        ArgumentNullException.ThrowIfNull(gfx);
        var red = new XSolidBrush(SealRed);
        gfx.DrawEllipse(new XPen(SealRed, 2.4), c.X - r, c.Y - r, 2 * r, 2 * r);
        gfx.DrawEllipse(new XPen(SealRed, 0.5), c.X - r + 3.2, c.Y - r + 3.2, 2 * (r - 3.2), 2 * (r - 3.2));
        const string rim = "我在草原有只羊认养项目";
        var span = 230.0;
        for (var i = 0; i < rim.Length; i++)
        {
            var angle = -span / 2 + (span * i / (rim.Length - 1));
            var state = gfx.Save();
            gfx.RotateAtTransform(angle, c);
            gfx.DrawString(rim[i].ToString(), rimFont, red, new XPoint(c.X, c.Y - r + 15), XStringFormats.BaseLineCenter);
            gfx.Restore(state);
        }

        var star = new XPoint[10];
        for (var i = 0; i < 10; i++)
        {
            var radius = i % 2 == 0 ? r * 0.34 : r * 0.14;
            var a = (-90 + (36 * i)) * Math.PI / 180;
            star[i] = new XPoint(c.X + (radius * Math.Cos(a)), c.Y - 2 + (radius * Math.Sin(a)));
        }

        gfx.DrawPolygon(red, star, XFillMode.Winding);
        gfx.DrawString("太仆寺旗", bannerFont, red, new XPoint(c.X, c.Y + r * 0.62), XStringFormats.BaseLineCenter);
    }

    /// <summary>The QR code as vector squares (sharper and smaller than a picture), one rectangle per run of dark modules.</summary>
    public static void QrCode(XGraphics gfx, string text, XRect box)
    {
        ArgumentNullException.ThrowIfNull(gfx);
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        var matrix = data.ModuleMatrix;
        var n = matrix.Count;
        var module = box.Width / n;
        var path = new XGraphicsPath { FillMode = XFillMode.Winding };
        for (var row = 0; row < n; row++)
        {
            var col = 0;
            while (col < n)
            {
                if (!matrix[row][col])
                {
                    col++;
                    continue;
                }

                var start = col;
                while (col < n && matrix[row][col])
                {
                    col++;
                }

                path.AddRectangle(box.X + (start * module), box.Y + (row * module), (col - start) * module, module);
            }
        }

        gfx.DrawPath(new XSolidBrush(XColors.Black), path);
    }
}
