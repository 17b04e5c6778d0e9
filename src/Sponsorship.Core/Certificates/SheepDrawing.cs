using PdfSharp.Drawing;

namespace Sponsorship.Core.Certificates;

/// <summary>A simple line drawing of a sheep on a hill, for a certificate issued before the sheep has a photo.</summary>
internal static class SheepDrawing
{
    public static void Draw(XGraphics gfx, XRect box, XColor ink, XColor paper)
    {
        gfx.DrawRectangle(new XSolidBrush(XColor.FromArgb(0xEE, 0xF1, 0xE2)), box);
        var hill = new XGraphicsPath();
        hill.AddBezier(box.Left, box.Bottom - (box.Height * 0.28), box.Left + (box.Width * 0.35), box.Bottom - (box.Height * 0.42),
            box.Left + (box.Width * 0.65), box.Bottom - (box.Height * 0.2), box.Right, box.Bottom - (box.Height * 0.32));
        hill.AddLine(box.Right, box.Bottom - (box.Height * 0.32), box.Right, box.Bottom);
        hill.AddLine(box.Right, box.Bottom, box.Left, box.Bottom);
        hill.CloseFigure();
        gfx.DrawPath(new XSolidBrush(XColor.FromArgb(0xC9, 0xD8, 0xB0)), hill);

        var pen = new XPen(ink, 1.2);
        var (cx, cy, s) = (box.Center.X, box.Center.Y + (box.Height * 0.02), box.Height / 140);
        foreach (var (dx, dy) in new[] { (-18.0, 10.0), (14.0, 10.0), (-10.0, 12.0), (6.0, 12.0) })
        {
            gfx.DrawLine(new XPen(ink, 2.2 * s), cx + (dx * s), cy + (dy * s), cx + (dx * s), cy + ((dy + 20) * s));
        }

        var fleece = new XSolidBrush(paper);
        foreach (var (dx, dy, r) in new[] { (-22.0, -2.0, 14.0), (-8.0, -10.0, 15.0), (8.0, -10.0, 15.0), (22.0, -2.0, 14.0), (10.0, 6.0, 14.0), (-10.0, 6.0, 14.0), (0.0, 0.0, 16.0) })
        {
            gfx.DrawEllipse(pen, fleece, cx + ((dx - r) * s), cy + ((dy - r) * s), 2 * r * s, 2 * r * s);
        }

        gfx.DrawEllipse(fleece, cx - (20 * s), cy - (11 * s), 40 * s, 22 * s);
        gfx.DrawEllipse(new XSolidBrush(ink), cx + (27 * s), cy - (22 * s), 20 * s, 14 * s);
        gfx.DrawEllipse(new XSolidBrush(ink), cx + (26 * s), cy - (21 * s), 8 * s, 5 * s);
    }
}
