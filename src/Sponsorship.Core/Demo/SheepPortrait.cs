using SkiaSharp;
using Sponsorship.Core.Flock;

namespace Sponsorship.Core.Demo;

public enum Season
{
    Spring = 1,
    Summer = 2,
    Autumn = 3,
    Winter = 4,
}

public enum PortraitPose
{
    Standing = 1,
    Grazing = 2,
    Lying = 3,
    Looking = 4,
    ThreeQuarter = 5,
}

/// <summary>Who is in the picture: the seed (the sheep's id) decides everything the breed, sex, age and season leave open.</summary>
public sealed record PortraitSubject(int Seed, Breed Breed, Sex Sex, int AgeMonths, Season Season)
{
    /// <summary>Younger than this is drawn as a lamb: smaller, rounder, bigger head.</summary>
    public const int LambMonths = 8;

    public bool IsLamb => AgeMonths < LambMonths;
}

/// <summary>
/// A drawn picture and where the sheep's face is in it: <see cref="Face"/> is a small patch (in picture pixels) that
/// shows only the head's own colouring, for checks such as "an Ujimqin's head is black".
/// </summary>
public sealed class Portrait(SKBitmap bitmap, SKRectI face, PortraitPose pose) : IDisposable
{
    public SKBitmap Bitmap { get; } = bitmap;

    public SKRectI Face { get; } = face;

    public PortraitPose Pose { get; } = pose;

    public void Dispose() => Bitmap.Dispose();
}

/// <summary>
/// Paints a demo sheep on the grassland of Xilingol, text-free: sky and light by season and time of day, hills, grass,
/// flowers or snow, sometimes a yurt, a fence or the rest of the flock far away, and the sheep itself in one of several
/// poses with its breed's colouring (the Ujimqin's black head and legs and broad fat tail, the Sunit's white face and
/// long body, the Chahar's tan head). Deterministic: the same subject always gives the same pixels.
/// </summary>
public static partial class SheepPortrait
{
    public const int Width = 960;
    public const int Height = 720;

    private static readonly PortraitPose[] Poses = Enum.GetValues<PortraitPose>();

    /// <summary>The season on the steppe in a given month: long winters, a short spring and summer.</summary>
    public static Season SeasonOf(DateOnly day) => day.Month switch
    {
        4 or 5 => Season.Spring,
        6 or 7 or 8 => Season.Summer,
        9 or 10 => Season.Autumn,
        _ => Season.Winter,
    };

    /// <summary>Draws the subject at <paramref name="width"/> × <paramref name="height"/> (4:3; the drawing is laid out at 960 × 720).</summary>
    public static Portrait Draw(PortraitSubject subject, int width = Width, int height = Height)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 64);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 48);

        var random = new Random(Scramble(subject.Seed));
        // Neighbouring ids never share a pose; the rest of the picture comes from the scrambled seed.
        var pose = Poses[(int)((uint)subject.Seed % (uint)Poses.Length)];
        var scene = Scene.Create(random, subject.Season);
        var look = Look.Create(random, subject);

        var bitmap = new SKBitmap(new SKImageInfo(width, height, SKImageInfo.PlatformColorType, SKAlphaType.Premul));
        try
        {
            using var canvas = new SKCanvas(bitmap);
            canvas.Scale(width / (float)Width, height / (float)Height);
            DrawBackground(canvas, random, scene);

            var placement = Placement.Create(random, scene, look, pose);
            var face = DrawSheep(canvas, random, scene, look, pose, placement);
            DrawForeground(canvas, random, scene, placement);
            return new Portrait(bitmap, face, pose);
        }
        catch
        {
            bitmap.Dispose();
            throw;
        }
    }

    private static int Scramble(int seed)
    {
        var h = (uint)seed + 0x9E3779B9u;
        h ^= h >> 16;
        h *= 0x7FEB352Du;
        h ^= h >> 15;
        h *= 0x846CA68Bu;
        h ^= h >> 16;
        return (int)(h & 0x7FFFFFFF);
    }

    private static float Range(Random random, float min, float max) => min + ((float)random.NextDouble() * (max - min));

    private static T Pick<T>(Random random, T[] items) => items[random.Next(items.Length)];

    private static void DrawPath(this SKCanvas canvas, SKPathBuilder builder, SKPaint paint)
    {
        using var path = builder.Snapshot();
        canvas.DrawPath(path, paint);
    }

    private static bool Chance(Random random, double probability) => random.NextDouble() < probability;

    private static SKColor Shade(SKColor color, float factor) => new(
        (byte)Math.Clamp(color.Red * factor, 0, 255),
        (byte)Math.Clamp(color.Green * factor, 0, 255),
        (byte)Math.Clamp(color.Blue * factor, 0, 255),
        color.Alpha);

    private static SKColor Mix(SKColor a, SKColor b, float t) => new(
        (byte)(a.Red + ((b.Red - a.Red) * t)),
        (byte)(a.Green + ((b.Green - a.Green) * t)),
        (byte)(a.Blue + ((b.Blue - a.Blue) * t)),
        (byte)(a.Alpha + ((b.Alpha - a.Alpha) * t)));

    private static SKColor Hex(uint rgb) => new((byte)(rgb >> 16), (byte)(rgb >> 8), (byte)rgb);

    private static SKPaint Fill(SKColor color) => new() { Color = color, IsAntialias = true, Style = SKPaintStyle.Fill };

    private static SKPaint Stroke(SKColor color, float width) => new()
    {
        Color = color,
        IsAntialias = true,
        Style = SKPaintStyle.Stroke,
        StrokeWidth = width,
        StrokeCap = SKStrokeCap.Round,
        StrokeJoin = SKStrokeJoin.Round,
    };

    /// <summary>
    /// A vertical gradient as one solid row per unit: a shader over the whole picture costs several times more here.
    /// </summary>
    private static void FillRows(SKCanvas canvas, float top, float bottom, float from, float to, params SKColor[] stops)
    {
        using var paint = new SKPaint { IsAntialias = false, Style = SKPaintStyle.Fill };
        for (var y = MathF.Floor(top); y < bottom; y++)
        {
            var t = Math.Clamp((y + 0.5f - from) / (to - from), 0, 1) * (stops.Length - 1);
            var i = Math.Min((int)t, stops.Length - 2);
            paint.Color = Mix(stops[i], stops[i + 1], t - i);
            canvas.DrawRect(0, y, Width, 1, paint);
        }
    }

    private static SKShader Vertical(float top, float bottom, params SKColor[] colors) =>
        SKShader.CreateLinearGradient(new SKPoint(0, top), new SKPoint(0, bottom), colors, SKShaderTileMode.Clamp);

    private static SKPoint Polar(SKPoint centre, float radius, float radians) =>
        new(centre.X + (radius * MathF.Cos(radians)), centre.Y + (radius * MathF.Sin(radians)));
}
