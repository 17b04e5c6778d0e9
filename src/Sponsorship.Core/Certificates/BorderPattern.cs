using System.Collections.Concurrent;
using PdfSharp.Drawing;

namespace Sponsorship.Core.Certificates;

/// <summary>
/// The certificate's border band: the square key spiral (回纹, the "endless" pattern of Mongolian and Chinese
/// ornament) repeated around the page, with a diamond at each corner. The spirals' points are computed once per
/// band rectangle and reused by every certificate.
/// </summary>
internal static class BorderPattern
{
    private const double Band = 14;
    private const double Unit = 11;

    /// <summary>One spiral in a unit square, from its open outer corner inwards.</summary>
    private static readonly (double X, double Y)[] Spiral =
    [
        (0, 1), (0, 0), (1, 0), (1, 1), (0.2, 1), (0.2, 0.2), (0.8, 0.2), (0.8, 0.8), (0.4, 0.8), (0.4, 0.4), (0.6, 0.4),
    ];

    private static readonly ConcurrentDictionary<XRect, XPoint[][]> Figures = new();

    public static void Draw(XGraphics gfx, XRect outer, XPen pen, XColor corner)
    {
        var path = new XGraphicsPath();
        foreach (var figure in Figures.GetOrAdd(outer, Compute))
        {
            path.StartFigure();
            path.AddLines(figure);
        }

        gfx.DrawPath(pen, path);
        var brush = new XSolidBrush(corner);
        foreach (var c in Corners(outer))
        {
            gfx.DrawRectangle(pen, c.X - (Band / 2) + 1, c.Y - (Band / 2) + 1, Band - 2, Band - 2);
            gfx.DrawPolygon(brush, [new(c.X, c.Y - 4.5), new(c.X + 4.5, c.Y), new(c.X, c.Y + 4.5), new(c.X - 4.5, c.Y)], XFillMode.Winding);
        }
    }

    private static XPoint[] Corners(XRect r) =>
    [
        new(r.Left + (Band / 2), r.Top + (Band / 2)),
        new(r.Right - (Band / 2), r.Top + (Band / 2)),
        new(r.Right - (Band / 2), r.Bottom - (Band / 2)),
        new(r.Left + (Band / 2), r.Bottom - (Band / 2)),
    ];

    private static XPoint[][] Compute(XRect r)
    {
        var figures = new List<XPoint[]>();
        // Each side: from corner to corner, the spirals turned so that they face the page the same way on every side.
        Side(figures, new XPoint(r.Left + Band, r.Top + (Band / 2)), new XPoint(r.Right - Band, r.Top + (Band / 2)), 0);
        Side(figures, new XPoint(r.Right - (Band / 2), r.Top + Band), new XPoint(r.Right - (Band / 2), r.Bottom - Band), 90);
        Side(figures, new XPoint(r.Right - Band, r.Bottom - (Band / 2)), new XPoint(r.Left + Band, r.Bottom - (Band / 2)), 180);
        Side(figures, new XPoint(r.Left + (Band / 2), r.Bottom - Band), new XPoint(r.Left + (Band / 2), r.Top + Band), 270);
        return [.. figures];
    }

    private static void Side(List<XPoint[]> figures, XPoint from, XPoint to, double degrees)
    {
        var length = Math.Sqrt(Math.Pow(to.X - from.X, 2) + Math.Pow(to.Y - from.Y, 2));
        var count = (int)Math.Floor(length / (Unit + 3.5));
        var pitch = length / count;
        var (cos, sin) = (Math.Cos(degrees * Math.PI / 180), Math.Sin(degrees * Math.PI / 180));
        for (var i = 0; i < count; i++)
        {
            var t = ((i + 0.5) * pitch) / length;
            var centre = new XPoint(from.X + ((to.X - from.X) * t), from.Y + ((to.Y - from.Y) * t));
            // Alternate units are mirrored, so neighbours face each other like a running key.
            var mirror = i % 2 == 0 ? 1 : -1;
            figures.Add([.. Spiral.Select(p =>
            {
                var (x, y) = (((p.X - 0.5) * Unit) * mirror, (p.Y - 0.5) * Unit);
                return new XPoint(centre.X + (x * cos) - (y * sin), centre.Y + (x * sin) + (y * cos));
            })]);
        }
    }
}
