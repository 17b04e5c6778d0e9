using PdfSharp.Drawing;
using SkiaSharp;
using SkiaSharp.HarfBuzz;

namespace Sponsorship.Core.Certificates;

/// <summary>
/// A line of traditional Mongolian script as vector outlines. PDFsharp cannot shape Mongolian (its letters change form
/// by position and join), so HarfBuzz shapes the text through SkiaSharp and the shaped glyphs' outlines become a PDF
/// path. Shaped once and kept: the certificate draws the same outlines every time, only the placement changes.
/// </summary>
/// <remarks>
/// Mongolian fonts draw the script as horizontal left-to-right text; written vertically (top to bottom, columns left to
/// right) the whole line is turned a quarter clockwise, which <see cref="DrawVertical"/> does.
/// </remarks>
public sealed class MongolianLine
{
    /// <summary>Outlines at an em of 1 point, in the font's horizontal layout (y down, baseline at 0).</summary>
    private readonly List<PathCommand> commands = [];

    public MongolianLine(SKTypeface typeface, string text)
    {
        ArgumentNullException.ThrowIfNull(typeface);
        Text = text;
        const float shapeSize = 100f;
        using var font = new SKFont(typeface, shapeSize);
        using var shaper = new SKShaper(typeface);
        var result = shaper.Shape(text, font);
        var points = new SKPoint[4];
        for (var i = 0; i < result.Codepoints.Length; i++)
        {
            using var glyph = font.GetGlyphPath((ushort)result.Codepoints[i]);
            if (glyph is null || glyph.IsEmpty)
            {
                continue;
            }

            var origin = result.Points[i];
            using var iterator = glyph.CreateRawIterator();
            SKPathVerb verb;
            while ((verb = iterator.Next(points)) != SKPathVerb.Done)
            {
                XPoint P(int k) => new((points[k].X + origin.X) / shapeSize, (points[k].Y + origin.Y) / shapeSize);
                switch (verb)
                {
                    case SKPathVerb.Move:
                        commands.Add(new PathCommand(PathVerb.Move, P(0)));
                        break;
                    case SKPathVerb.Line:
                        commands.Add(new PathCommand(PathVerb.Line, P(1)));
                        break;
                    case SKPathVerb.Quad:
                        // A quadratic Bézier is a cubic with control points two thirds of the way to the quad's one.
                        var (q0, q1, q2) = (P(0), P(1), P(2));
                        commands.Add(new PathCommand(PathVerb.Cubic, Lerp(q0, q1, 2.0 / 3), Lerp(q2, q1, 2.0 / 3), q2));
                        break;
                    case SKPathVerb.Conic:
                        // Fonts have no conics; approximate one by its quadratic (weight ignored) if a font ever has one.
                        var (c0, c1, c2) = (P(0), P(1), P(2));
                        commands.Add(new PathCommand(PathVerb.Cubic, Lerp(c0, c1, 2.0 / 3), Lerp(c2, c1, 2.0 / 3), c2));
                        break;
                    case SKPathVerb.Cubic:
                        commands.Add(new PathCommand(PathVerb.Cubic, P(1), P(2), P(3)));
                        break;
                    case SKPathVerb.Close:
                        commands.Add(new PathCommand(PathVerb.Close, default));
                        break;
                }
            }
        }

        Length = result.Width / shapeSize;
        var metrics = font.Metrics;
        Ascent = -metrics.Ascent / shapeSize;
        Descent = metrics.Descent / shapeSize;
        GlyphCount = result.Codepoints.Length;
        MissingGlyphs = result.Codepoints.Count(g => g == 0);
    }

    public string Text { get; }

    /// <summary>The advance of the whole line at an em of 1 point (multiply by the size).</summary>
    public double Length { get; }

    public double Ascent { get; }

    public double Descent { get; }

    public int GlyphCount { get; }

    /// <summary>Glyphs the font lacks (drawn as nothing): 0 for a line the font covers.</summary>
    public int MissingGlyphs { get; }

    /// <summary>
    /// Draws the line top to bottom starting at (<paramref name="x"/>, <paramref name="top"/>): the column's centre is
    /// at <paramref name="x"/>, the text runs down <see cref="Length"/> × <paramref name="size"/> points.
    /// </summary>
    public void DrawVertical(XGraphics gfx, XBrush brush, double x, double top, double size)
    {
        ArgumentNullException.ThrowIfNull(gfx);
        // Turned a quarter clockwise the horizontal baseline becomes a vertical line; the glyphs' ascent lies to its
        // right and their descent to its left, so centre the column on the middle of the two.
        var baselineX = x - ((Ascent - Descent) / 2 * size);
        var path = new XGraphicsPath { FillMode = XFillMode.Winding };
        XPoint Map(XPoint p) => new(baselineX - (p.Y * size), top + (p.X * size));
        AddTo(path, Map);
        gfx.DrawPath(brush, path);
    }

    /// <summary>Draws the line horizontally with its baseline starting at (<paramref name="x"/>, <paramref name="baseline"/>).</summary>
    public void DrawHorizontal(XGraphics gfx, XBrush brush, double x, double baseline, double size)
    {
        ArgumentNullException.ThrowIfNull(gfx);
        var path = new XGraphicsPath { FillMode = XFillMode.Winding };
        AddTo(path, p => new XPoint(x + (p.X * size), baseline + (p.Y * size)));
        gfx.DrawPath(brush, path);
    }

    private void AddTo(XGraphicsPath path, Func<XPoint, XPoint> map)
    {
        var last = default(XPoint);
        var open = false;
        foreach (var c in commands)
        {
            switch (c.Verb)
            {
                case PathVerb.Move:
                    if (open)
                    {
                        path.CloseFigure();
                    }

                    path.StartFigure();
                    last = map(c.A);
                    open = true;
                    break;
                case PathVerb.Line:
                    var to = map(c.A);
                    path.AddLine(last, to);
                    last = to;
                    break;
                case PathVerb.Cubic:
                    var end = map(c.C);
                    path.AddBezier(last, map(c.A), map(c.B), end);
                    last = end;
                    break;
                case PathVerb.Close:
                    path.CloseFigure();
                    open = false;
                    break;
            }
        }

        if (open)
        {
            path.CloseFigure();
        }
    }

    private static XPoint Lerp(XPoint a, XPoint b, double t) => new(a.X + ((b.X - a.X) * t), a.Y + ((b.Y - a.Y) * t));

    private enum PathVerb
    {
        Move,
        Line,
        Cubic,
        Close,
    }

    private readonly record struct PathCommand(PathVerb Verb, XPoint A, XPoint B = default, XPoint C = default);
}
