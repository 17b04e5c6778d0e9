using System.Globalization;
using SkiaSharp;
using Sponsorship.Core.Programme;

namespace Sponsorship.Core.Mail;

/// <summary>A small PNG line chart of a sheep's weighings for mail (mail clients run no scripts, so it is an image).</summary>
public static class GrowthChartImage
{
    public const int Width = 560;
    public const int Height = 220;
    private static readonly SKColor Grass = new(0x3A, 0x7D, 0x2C);
    private static readonly SKColor GrassLight = new(0x3A, 0x7D, 0x2C, 0x30);
    private static readonly SKColor Grid = new(0xE3, 0xE8, 0xDF);
    private static readonly SKColor Ink = new(0x4A, 0x55, 0x48);
    private static readonly Lazy<SKTypeface?> HanTypeface = new(() => SKFontManager.Default.MatchCharacter('公'));

    /// <summary>The chart, or null with fewer than two weighings (one dot is not a growth curve).</summary>
    public static byte[]? Render(IReadOnlyList<WeightPoint> points, ProgrammeCalendar calendar, ChartLabels labels)
    {
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(calendar);
        ArgumentNullException.ThrowIfNull(labels);
        if (points.Count < 2)
        {
            return null;
        }

        var firstDay = labels.Day(calendar.DayOf(points[0].At));
        var lastDay = labels.Day(calendar.DayOf(points[^1].At));
        using var font = new SKFont(TypefaceFor(labels.Unit + firstDay + lastDay), 12);
        const float right = 16, top = 16, bottom = 32;
        var min = (float)points.Min(p => p.Kg);
        var max = (float)points.Max(p => p.Kg);
        var pad = Math.Max(1f, (max - min) * 0.15f);
        min = MathF.Floor(min - pad);
        max = MathF.Ceiling(max + pad);
        // The weights' labels ("43 kg", "43 公斤") fit left of the plot, whatever the unit's width.
        var left = Math.Max(48, font.MeasureText(Weight(max, labels)) + 10);
        var first = points[0].At;
        var span = Math.Max(1, (points[^1].At - first).TotalDays);
        float X(WeightPoint p) => left + (float)((p.At - first).TotalDays / span) * (Width - left - right);
        float Y(decimal kg) => top + (1 - (((float)kg - min) / (max - min))) * (Height - top - bottom);

        using var surface = SKSurface.Create(new SKImageInfo(Width, Height, SKColorType.Rgba8888, SKAlphaType.Premul));
        var canvas = surface.Canvas;
        canvas.Clear(SKColors.White);
        using var gridPaint = new SKPaint { Color = Grid, StrokeWidth = 1, IsAntialias = true };
        using var textPaint = new SKPaint { Color = Ink, IsAntialias = true };
        for (var i = 0; i <= 4; i++)
        {
            var kg = min + (max - min) * i / 4;
            var y = Y((decimal)kg);
            canvas.DrawLine(left, y, Width - right, y, gridPaint);
            canvas.DrawText(Weight(kg, labels), 4, y + 4, SKTextAlign.Left, font, textPaint);
        }

        canvas.DrawText(firstDay, left, Height - 10, SKTextAlign.Left, font, textPaint);
        canvas.DrawText(lastDay, Width - right, Height - 10, SKTextAlign.Right, font, textPaint);

        using var path = new SKPathBuilder();
        using var area = new SKPathBuilder();
        path.MoveTo(X(points[0]), Y(points[0].Kg));
        area.MoveTo(X(points[0]), Height - bottom);
        foreach (var p in points)
        {
            path.LineTo(X(p), Y(p.Kg));
            area.LineTo(X(p), Y(p.Kg));
        }

        area.LineTo(X(points[^1]), Height - bottom);
        area.Close();
        using var fill = new SKPaint { Color = GrassLight, Style = SKPaintStyle.Fill, IsAntialias = true };
        using var line = new SKPaint { Color = Grass, Style = SKPaintStyle.Stroke, StrokeWidth = 3, IsAntialias = true, StrokeJoin = SKStrokeJoin.Round };
        using var dot = new SKPaint { Color = Grass, Style = SKPaintStyle.Fill, IsAntialias = true };
        using (var areaPath = area.Detach())
        {
            canvas.DrawPath(areaPath, fill);
        }

        using (var linePath = path.Detach())
        {
            canvas.DrawPath(linePath, line);
        }
        foreach (var p in points)
        {
            canvas.DrawCircle(X(p), Y(p.Kg), 4, dot);
        }

        using var image = surface.Snapshot();
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    private static string Weight(float kg, ChartLabels labels) => kg.ToString("0", CultureInfo.InvariantCulture) + " " + labels.Unit;

    /// <summary>
    /// The default face has no Chinese: labels with Chinese characters ("公斤", "2026年12月6日") are drawn with an
    /// installed face that has them, so they do not come out as empty boxes. Shared by every render, never disposed.
    /// </summary>
    private static SKTypeface TypefaceFor(string text) =>
        text.Any(c => c > '\u2E7F') ? HanTypeface.Value ?? SKTypeface.Default : SKTypeface.Default;
}
