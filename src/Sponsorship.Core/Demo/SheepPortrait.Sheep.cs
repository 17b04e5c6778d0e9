using SkiaSharp;
using Sponsorship.Core.Flock;

namespace Sponsorship.Core.Demo;

public static partial class SheepPortrait
{
    private enum FacePattern
    {
        Plain,
        Blaze,
        Spectacles,
    }

    /// <summary>How this sheep looks: breed colouring, build, wool, horns.</summary>
    private sealed class Look
    {
        public bool Lamb { get; private init; }
        public float Horn { get; private init; }
        public SKColor Wool { get; private init; }
        public SKColor WoolLight { get; private init; }
        public SKColor WoolShadow { get; private init; }
        public SKColor Head { get; private init; }
        public SKColor HeadLight { get; private init; }
        public SKColor HeadShadow { get; private init; }
        public SKColor InnerEar { get; private init; }
        public SKColor Nose { get; private init; }
        public SKColor Legs { get; private init; }
        public SKColor Hoof { get; private init; }
        public FacePattern Pattern { get; private init; }
        public SKColor PatternColour { get; private init; }
        public bool DarkHead { get; private init; }
        public float BodyRx { get; private init; }
        public float BodyRy { get; private init; }
        public float LegLength { get; private init; }
        public float Curl { get; private init; }
        public float HeadScale { get; private init; }
        public float FatTail { get; private init; }
        public float EyeScale { get; private init; }
        public bool Sleepy { get; private init; }
        public bool Blush { get; private init; }
        public float EarDroop { get; private init; }
        public SKColor EarTag { get; private init; }

        public static Look Create(Random random, PortraitSubject subject)
        {
            var lamb = subject.IsLamb;
            var ram = subject.Sex == Sex.Ram;
            var yearling = !lamb && subject.AgeMonths < 15;
            var wool = Pick(random, [Hex(0xFAF7EF), Hex(0xF5EFE0), Hex(0xF8F2E4), Hex(0xF0E9DA), Hex(0xFBFAF5)]);
            wool = subject.Season switch
            {
                Season.Winter => Mix(wool, Hex(0xD9CDB4), 0.12f),
                Season.Autumn => Mix(wool, Hex(0xE8D7B0), 0.12f),
                _ => wool,
            };

            var curl = subject.Season switch
            {
                Season.Summer => Range(random, 14, 17),
                Season.Spring => Range(random, 18, 21),
                Season.Autumn => Range(random, 19, 23),
                _ => Range(random, 22, 26),
            };

            var (rx, ry, legs, fatTail) = subject.Breed switch
            {
                Breed.Ujimqin => (152f, 100f, 92f, Range(random, 0.95f, 1.15f)),
                Breed.Sunit => (170f, 90f, 106f, Range(random, 0.7f, 0.85f)),
                _ => (150f, 94f, 100f, Range(random, 0.35f, 0.55f)),
            };

            SKColor head, legColour, hoof, innerEar, nose, patternColour = SKColors.White;
            var pattern = FacePattern.Plain;
            var darkHead = false;
            switch (subject.Breed)
            {
                case Breed.Ujimqin:
                    head = Pick(random, [Hex(0x221E1B), Hex(0x1C1A19), Hex(0x2A221E)]);
                    legColour = Mix(head, Hex(0x3A3430), 0.3f);
                    hoof = Hex(0x120F0D);
                    innerEar = Hex(0x4C3B37);
                    nose = Hex(0x141111);
                    darkHead = true;
                    break;
                case Breed.Sunit:
                    head = Pick(random, [Hex(0xF4EFE6), Hex(0xF7F3EC), Hex(0xEFE8DC)]);
                    legColour = Mix(head, Hex(0xE2D8C6), 0.5f);
                    hoof = Hex(0x6E6158);
                    innerEar = Hex(0xE9B2A6);
                    nose = Hex(0xCDA398);
                    break;
                default:
                    head = Pick(random, [Hex(0xB98858), Hex(0xA5713F), Hex(0xCA9C6C), Hex(0x8E5C34), Hex(0xC08A52)]);
                    pattern = random.Next(3) switch { 0 => FacePattern.Plain, 1 => FacePattern.Blaze, _ => FacePattern.Spectacles };
                    if (pattern == FacePattern.Spectacles)
                    {
                        // A cream face with tan round the eyes and on the ears.
                        patternColour = head;
                        head = Hex(0xF1E8D8);
                    }

                    legColour = Chance(random, 0.5) ? Hex(0xEDE4D4) : Mix(Hex(0xEDE4D4), patternColour == SKColors.White ? head : patternColour, 0.45f);
                    hoof = Hex(0x4A3C32);
                    innerEar = Hex(0xD99E8C);
                    nose = pattern == FacePattern.Spectacles ? Hex(0xC39486) : Hex(0x6A4A3A);
                    break;
            }

            var bodyScale = (lamb ? 0.76f : yearling ? 0.9f : 1f) * (ram && !lamb ? 1.07f : 1f);
            return new Look
            {
                Lamb = lamb,
                Horn = !ram ? 0 : lamb ? (subject.AgeMonths >= 3 ? 0.3f : 0) : yearling ? 0.72f : Range(random, 0.95f, 1.12f),
                Wool = wool,
                WoolLight = Mix(wool, SKColors.White, 0.7f),
                WoolShadow = Mix(Shade(wool, 0.74f), Hex(0x8C96AE), 0.3f),
                Head = head,
                HeadLight = darkHead ? Mix(head, Hex(0x6A5E55), 0.45f) : Mix(head, SKColors.White, 0.35f),
                HeadShadow = darkHead ? Shade(head, 0.55f) : Mix(Shade(head, 0.78f), Hex(0x8C8AA0), 0.15f),
                InnerEar = innerEar,
                Nose = nose,
                Legs = legColour,
                Hoof = hoof,
                Pattern = pattern,
                PatternColour = patternColour,
                DarkHead = darkHead,
                BodyRx = rx * bodyScale * (lamb ? 0.92f : 1),
                BodyRy = ry * bodyScale * (lamb ? 1.06f : 1),
                LegLength = legs * (lamb ? 0.88f : yearling ? 0.95f : 1),
                Curl = curl * (lamb ? 0.75f : 1),
                HeadScale = lamb ? 0.95f : yearling ? 1.05f : ram ? 1.18f : 1.1f,
                FatTail = fatTail * (lamb ? 0.7f : 1),
                EyeScale = lamb ? 1.28f : 1.05f,
                Sleepy = Chance(random, 0.12),
                Blush = lamb && !darkHead,
                EarDroop = Range(random, -0.15f, 0.3f),
                EarTag = Pick(random, [Hex(0xF2C230), Hex(0xF2C230), Hex(0xF08A24), Hex(0x3DA35D)]),
            };
        }
    }

    /// <summary>Where the sheep stands in the picture: the ground point under its middle, its size and which way it faces.</summary>
    private sealed record Placement(SKPoint Foot, float Scale, bool FacingRight, float HalfLength)
    {
        public static Placement Create(Random random, Scene scene, Look look, PortraitPose pose)
        {
            var closeUp = Chance(random, 0.22);
            var scale = (look.Lamb ? Range(random, 1.15f, 1.35f) : Range(random, 1.12f, 1.38f)) * (closeUp ? 1.2f : 1f);
            var footY = Math.Max(scene.Horizon + 190, Range(random, 575, 655));
            if (pose == PortraitPose.Lying)
            {
                footY = Math.Max(footY, 600);
            }

            // Never so big that the head or horns leave the top of the picture.
            var tallest = look.LegLength + (1.72f * look.BodyRy) + (150 * look.HeadScale);
            scale = Math.Min(scale, (footY - 24) / tallest);

            var facingRight = Chance(random, 0.5);
            var reach = (look.BodyRx + 120) * scale;
            var x = (Width / 2f) + Range(random, -110, 110) - ((facingRight ? 1 : -1) * 50 * scale);
            // Keep the head in the frame; a close-up may crop the tail end instead.
            x = facingRight ? Math.Min(x, Width - 30 - reach) : Math.Max(x, 30 + reach);
            return new Placement(new SKPoint(x, footY), scale, facingRight, look.BodyRx * scale * 1.1f);
        }
    }

    private static SKRectI DrawSheep(SKCanvas canvas, Random random, Scene scene, Look look, PortraitPose pose, Placement placement)
    {
        canvas.Save();
        canvas.Translate(placement.Foot);
        canvas.Scale(placement.FacingRight ? placement.Scale : -placement.Scale, placement.Scale);

        var rx = look.BodyRx;
        var ry = look.BodyRy;
        var lying = pose == PortraitPose.Lying;
        var threeQuarter = pose == PortraitPose.ThreeQuarter;
        if (lying)
        {
            rx *= 1.05f;
            ry *= 0.9f;
        }
        else if (threeQuarter)
        {
            rx *= 0.8f;
        }

        var cy = lying ? -ry * 0.8f : -(look.LegLength + (ry * 0.72f));
        var body = new SKRect(-rx, cy - ry, rx, cy + ry);

        DrawGroundShadow(canvas, rx, lying);

        var legTop = cy + (ry * 0.3f);
        if (!lying)
        {
            var far = Mix(look.Legs, Hex(0x6C6A70), 0.25f);
            var farHoof = Shade(look.Hoof, 0.9f);
            if (threeQuarter)
            {
                DrawLeg(canvas, look, new SKPoint(-rx * 0.35f, legTop), new SKPoint(-rx * 0.3f, -10), far, farHoof, rear: true);
                DrawLeg(canvas, look, new SKPoint(rx * 0.25f, legTop), new SKPoint(rx * 0.22f, -8), far, farHoof, rear: false);
            }
            else
            {
                var stride = pose == PortraitPose.Grazing ? 10f : 0f;
                DrawLeg(canvas, look, new SKPoint((-rx * 0.55f) + 16, legTop), new SKPoint((-rx * 0.5f) + 16 + stride, -7), far, farHoof, rear: true);
                DrawLeg(canvas, look, new SKPoint((rx * 0.55f) + 14, legTop), new SKPoint((rx * 0.58f) + 14 + stride, -7), far, farHoof, rear: false);
            }

            DrawLeg(canvas, look, new SKPoint(-rx * 0.6f, legTop), new SKPoint(-rx * 0.62f, 0), look.Legs, look.Hoof, rear: true);
            DrawLeg(canvas, look, new SKPoint(rx * (threeQuarter ? 0.6f : 0.5f), legTop), new SKPoint(rx * (threeQuarter ? 0.62f : 0.5f), 0), look.Legs, look.Hoof, rear: false);
        }

        if (look.FatTail < 0.6f)
        {
            DrawThinTail(canvas, look, new SKPoint(-rx * 0.96f, cy - (ry * 0.1f)));
        }

        var frontal = pose is PortraitPose.Looking or PortraitPose.ThreeQuarter || (lying && look.Sleepy == false && random.Next(3) == 0);
        var (headAt, angle) = pose switch
        {
            PortraitPose.Grazing => (new SKPoint(rx * 1.0f, cy + (ry * 0.3f)), 74f),
            PortraitPose.Lying => frontal ? (new SKPoint(rx * 0.92f, cy - (ry * 0.95f)), 0f) : (new SKPoint(rx * 0.9f, cy - (ry * 0.95f)), 22f),
            PortraitPose.Looking => (new SKPoint(rx * 0.98f, cy - (ry * 0.88f)), 0f),
            PortraitPose.ThreeQuarter => (new SKPoint(rx * 0.72f, cy - (ry * 0.7f)), 0f),
            _ => (new SKPoint(rx * 0.96f, cy - (ry * 0.98f)), Range(random, 22, 34)),
        };
        if (frontal)
        {
            // Turned towards the camera, as a sheep does when it hears you: a little tilt for character.
            angle = Range(random, -9, 9);
        }

        var headScale = look.HeadScale;
        var neckBase = new SKPoint(rx * 0.62f, cy - (ry * 0.2f));
        var neckEnd = frontal
            ? new SKPoint(headAt.X - (6 * headScale), headAt.Y + (18 * headScale))
            : Rotate(new SKPoint(12, 10), angle, headScale) + headAt;
        DrawNeck(canvas, look, neckBase, neckEnd, frontal);

        var extra = new List<(SKPoint Centre, float Radius)>();
        // A ruff of wool up the neck: the Ujimqin's black ends where the white wool starts.
        var ruff = look.DarkHead ? 0.35f : 0.6f;
        for (var t = 0.1f; t <= ruff; t += 0.16f)
        {
            var p = new SKPoint(neckBase.X + ((neckEnd.X - neckBase.X) * t), neckBase.Y + ((neckEnd.Y - neckBase.Y) * t));
            extra.Add((p, look.Curl * (1.5f - t)));
        }

        if (threeQuarter)
        {
            extra.Add((new SKPoint(rx * 0.78f, cy + (ry * 0.05f)), ry * 0.8f));
        }

        if (lying)
        {
            DrawFoldedLeg(canvas, look, new SKPoint(rx * 0.5f, -ry * 0.35f), new SKPoint(rx * 0.95f, -9), new SKPoint(rx * 0.68f, -3));
        }

        DrawWool(canvas, random, look, body, extra);
        if (look.FatTail >= 0.6f)
        {
            DrawFatTail(canvas, random, look, new SKPoint(-rx * 0.88f, cy + (ry * 0.28f)), look.FatTail);
        }

        var face = frontal
            ? DrawFrontalHead(canvas, random, look, headAt, angle, headScale)
            : DrawProfileHead(canvas, random, look, headAt, angle, headScale, sleepy: look.Sleepy && lying);

        if (pose == PortraitPose.Grazing)
        {
            var muzzle = Rotate(new SKPoint(112, 14), angle, headScale) + headAt;
            canvas.Save();
            canvas.Translate(muzzle.X, 4);
            DrawTuft(canvas, random, scene, new SKPoint(0, 4), 34);
            canvas.Restore();
        }

        canvas.Restore();
        _ = scene;
        return face;
    }

    private static SKPoint Rotate(SKPoint local, float degrees, float scale)
    {
        var radians = degrees * MathF.PI / 180;
        var (sin, cos) = MathF.SinCos(radians);
        return new SKPoint(scale * ((local.X * cos) - (local.Y * sin)), scale * ((local.X * sin) + (local.Y * cos)));
    }

    private static void DrawGroundShadow(SKCanvas canvas, float rx, bool lying)
    {
        using var shadow = Fill(SKColors.Black.WithAlpha(lying ? (byte)70 : (byte)55));
        using var blur = SKMaskFilter.CreateBlur(SKBlurStyle.Normal, 9);
        shadow.MaskFilter = blur;
        canvas.DrawOval(new SKPoint(rx * 0.05f, -2), new SKSize(rx * (lying ? 1.2f : 1.05f), lying ? 22 : 16), shadow);
    }

    private static void DrawLeg(SKCanvas canvas, Look look, SKPoint top, SKPoint foot, SKColor colour, SKColor hoof, bool rear)
    {
        var width = (look.Lamb ? 17f : 20f) * (look.FatTail > 0.9f ? 1.08f : 1f);
        var hoofHeight = width * 0.62f;
        var fetlock = new SKPoint(foot.X, foot.Y - hoofHeight);
        using var path = new SKPathBuilder();
        path.MoveTo(top);
        if (rear)
        {
            // The hock bends backwards.
            var hock = new SKPoint(((top.X + foot.X) / 2) - (width * 0.5f), top.Y + ((fetlock.Y - top.Y) * 0.55f));
            path.QuadTo(hock.X - (width * 0.4f), hock.Y - (width * 0.8f), hock.X, hock.Y);
            path.LineTo(fetlock);
        }
        else
        {
            path.LineTo(fetlock);
        }

        using var outline = Stroke(Shade(colour, look.DarkHead ? 0.7f : 0.82f), width + 2.2f);
        canvas.DrawPath(path, outline);
        using var leg = Stroke(colour, width);
        canvas.DrawPath(path, leg);
        // Lower leg slimmer: paint the upper part a touch thicker with wool-coloured shading on top.
        using var highlight = Stroke(Mix(colour, SKColors.White, look.DarkHead ? 0.12f : 0.35f), width * 0.28f);
        using var highlightPath = new SKPathBuilder();
        highlightPath.MoveTo(top.X - (width * 0.18f), top.Y + 10);
        highlightPath.LineTo(fetlock.X - (width * 0.18f), fetlock.Y - 4);
        canvas.DrawPath(highlightPath, highlight);

        using var hoofPath = new SKPathBuilder();
        hoofPath.MoveTo(foot.X - (width * 0.5f), fetlock.Y + 1);
        hoofPath.LineTo(foot.X + (width * 0.5f), fetlock.Y + 1);
        hoofPath.LineTo(foot.X + (width * 0.62f), foot.Y);
        hoofPath.LineTo(foot.X - (width * 0.55f), foot.Y);
        hoofPath.Close();
        using var hoofPaint = Fill(hoof);
        canvas.DrawPath(hoofPath, hoofPaint);
        using var cleft = Stroke(Mix(hoof, SKColors.White, 0.25f), 1.2f);
        canvas.DrawLine(foot.X + (width * 0.05f), fetlock.Y + 3, foot.X + (width * 0.08f), foot.Y - 1, cleft);
    }

    /// <summary>A front leg tucked under the chest: the knee forward, the hoof folded back beneath it.</summary>
    private static void DrawFoldedLeg(SKCanvas canvas, Look look, SKPoint shoulder, SKPoint knee, SKPoint hoof)
    {
        var width = look.Lamb ? 17f : 20f;
        using var path = new SKPathBuilder();
        path.MoveTo(shoulder);
        path.LineTo(knee);
        path.LineTo(hoof);
        using var outline = Stroke(Shade(look.Legs, look.DarkHead ? 0.7f : 0.8f), width + 2.2f);
        canvas.DrawPath(path, outline);
        using var leg = Stroke(look.Legs, width);
        canvas.DrawPath(path, leg);
        using var hoofPaint = Fill(look.Hoof);
        canvas.DrawOval(new SKPoint(hoof.X - (width * 0.3f), hoof.Y), new SKSize(width * 0.6f, width * 0.45f), hoofPaint);
    }

    private static void DrawNeck(SKCanvas canvas, Look look, SKPoint from, SKPoint to, bool frontal)
    {
        var colour = look.DarkHead ? look.Head : Mix(look.Wool, look.Head, 0.5f);
        using var neck = Stroke(colour, (frontal ? 58 : 62) * look.HeadScale);
        using var shader = SKShader.CreateLinearGradient(from, to, [Shade(colour, 0.85f), colour], SKShaderTileMode.Clamp);
        neck.Shader = shader;
        canvas.DrawLine(from, to, neck);
    }

    private static void DrawThinTail(SKCanvas canvas, Look look, SKPoint at)
    {
        using var tail = Fill(look.Wool);
        using var shade = Fill(look.WoolShadow);
        var c = look.Curl * 0.8f;
        for (var i = 0; i < 4; i++)
        {
            var p = new SKPoint(at.X - (c * 0.25f), at.Y + (i * c * 0.9f));
            canvas.DrawCircle(p.X + 1.5f, p.Y + 2, c * 0.8f, shade);
            canvas.DrawCircle(p, c * 0.75f, tail);
        }
    }

    private static void DrawFatTail(SKCanvas canvas, Random random, Look look, SKPoint at, float size)
    {
        // The broad fat tail of the steppe breeds: a heavy rounded cushion hanging at the rump.
        var rx = 44 * size * (look.Lamb ? 0.8f : 1f);
        var ry = 56 * size * (look.Lamb ? 0.8f : 1f);
        var rect = new SKRect(at.X - rx, at.Y - ry, at.X + rx, at.Y + ry);
        using var shadow = Fill(look.WoolShadow.WithAlpha(150));
        canvas.DrawOval(new SKRect(rect.Left + 4, rect.Top + 8, rect.Right + 4, rect.Bottom + 6), shadow);
        DrawWool(canvas, random, look, rect, []);
        using var crease = Stroke(look.WoolShadow.WithAlpha(170), 2.2f);
        using var creasePath = new SKPathBuilder();
        creasePath.MoveTo(at.X - (rx * 0.05f), at.Y + (ry * 0.05f));
        creasePath.QuadTo(at.X + (rx * 0.08f), at.Y + (ry * 0.5f), at.X - (rx * 0.05f), at.Y + (ry * 0.9f));
        canvas.DrawPath(creasePath, crease);
    }

    private static void DrawWool(SKCanvas canvas, Random random, Look look, SKRect body, List<(SKPoint Centre, float Radius)> extra)
    {
        var c = look.Curl;
        var a = body.Width / 2;
        var b = body.Height / 2;
        using var builder = new SKPathBuilder();
        builder.AddOval(body);
        var perimeter = MathF.PI * ((3 * (a + b)) - MathF.Sqrt(((3 * a) + b) * (a + (3 * b))));
        var bumps = Math.Max(8, (int)(perimeter / (c * 1.3f)));
        for (var i = 0; i < bumps; i++)
        {
            var theta = ((i + Range(random, -0.2f, 0.2f)) * MathF.Tau) / bumps;
            var p = new SKPoint(body.MidX + (a * 0.95f * MathF.Cos(theta)), body.MidY + (b * 0.95f * MathF.Sin(theta)));
            builder.AddCircle(p.X, p.Y, c * Range(random, 0.8f, 1.1f));
        }

        foreach (var (centre, radius) in extra)
        {
            builder.AddCircle(centre.X, centre.Y, radius);
        }

        // The puffs overlap; filled with the winding rule they read as one fleece. Painted once thick in the shadow
        // colour first, the fill leaves a soft edge outside and a darker crease between puffs.
        using var silhouette = builder.Detach();
        var bounds = silhouette.Bounds;
        using (var edge = Fill(Shade(look.WoolShadow, 0.92f).WithAlpha(200)))
        {
            edge.Style = SKPaintStyle.StrokeAndFill;
            edge.StrokeWidth = 3.2f;
            canvas.DrawPath(silhouette, edge);
        }

        using (var fill = Fill(look.Wool))
        {
            using var shader = Vertical(bounds.Top, bounds.Bottom, look.WoolLight, look.Wool, Mix(look.Wool, look.WoolShadow, 0.45f));
            fill.Shader = shader;
            canvas.DrawPath(silhouette, fill);
        }

        // Curls from a seamless texture, scaled to this fleece's staple and shifted so no two sheep share a pattern.
        using (var curls = Fill(SKColors.White))
        {
            var scale = c / WoolTileCurl / WoolTileDensity;
            var matrix = SKMatrix.CreateScale(scale, scale).PostConcat(SKMatrix.CreateTranslation(Range(random, 0, 400), Range(random, 0, 400)));
            using var shader = WoolTile.Value.ToShader(SKShaderTileMode.Repeat, SKShaderTileMode.Repeat, new SKSamplingOptions(SKFilterMode.Linear), matrix);
            curls.Shader = shader;
            canvas.DrawPath(silhouette, curls);
        }

    }

    private const float WoolTileCurl = 20f;
    private const float WoolTileDensity = 2f;
    private const int WoolTileSize = 512;

    /// <summary>
    /// One seamless square of curls (at twice the detail it is drawn at), painted once per process: shade below and
    /// right of each curl, light above and left, a twist of fibre in the middle. Neutral colours over transparency,
    /// so the fleece colour underneath shows through.
    /// </summary>
    private static readonly Lazy<SKImage> WoolTile = new(() =>
    {
        var random = new Random(1096);
        using var bitmap = new SKBitmap(new SKImageInfo(WoolTileSize, WoolTileSize, SKImageInfo.PlatformColorType, SKAlphaType.Premul));
        using var canvas = new SKCanvas(bitmap);
        canvas.Clear(SKColors.Transparent);
        var r0 = WoolTileCurl * WoolTileDensity;
        var step = r0 * 1.18f;
        var rows = (int)MathF.Round(WoolTileSize / (step * 0.86f));
        rows -= rows % 2;
        var columns = (int)MathF.Round(WoolTileSize / step);
        var dy = WoolTileSize / (float)rows;
        var dx = WoolTileSize / (float)columns;
        var curls = new List<(SKPoint Centre, float Radius, float Twist)>();
        for (var row = 0; row < rows; row++)
        {
            for (var column = 0; column < columns; column++)
            {
                var x = (column * dx) + ((row % 2) * dx * 0.5f) + (Range(random, -0.18f, 0.18f) * dx);
                var y = (row * dy) + (Range(random, -0.18f, 0.18f) * dy);
                curls.Add((new SKPoint(x, y), r0 * Range(random, 0.82f, 1.05f), Range(random, 0, 360)));
            }
        }

        using var shadows = new SKPathBuilder();
        using var lights = new SKPathBuilder();
        using var twists = new SKPathBuilder();
        foreach (var (centre, r, twist) in curls)
        {
            // Each curl also drawn one tile over in every direction, so the square repeats without a seam.
            for (var ox = -1; ox <= 1; ox++)
            {
                for (var oy = -1; oy <= 1; oy++)
                {
                    var x = centre.X + (ox * WoolTileSize);
                    var y = centre.Y + (oy * WoolTileSize);
                    if (x < -2 * r || x > WoolTileSize + (2 * r) || y < -2 * r || y > WoolTileSize + (2 * r))
                    {
                        continue;
                    }

                    shadows.AddCircle(x + (r * 0.16f), y + (r * 0.24f), r * 0.92f);
                    lights.AddCircle(x - (r * 0.1f), y - (r * 0.14f), r * 0.68f);
                    twists.AddArc(new SKRect(x - (r * 0.42f), y - (r * 0.42f), x + (r * 0.42f), y + (r * 0.42f)), twist, 210);
                }
            }
        }

        using (var shade = Fill(Hex(0x5E6A86).WithAlpha(62)))
        {
            canvas.DrawPath(shadows, shade);
        }

        using (var light = Fill(SKColors.White.WithAlpha(150)))
        {
            canvas.DrawPath(lights, light);
        }

        using (var twist = Stroke(Hex(0x5E6A86).WithAlpha(55), 2.6f))
        {
            canvas.DrawPath(twists, twist);
        }

        return SKImage.FromPixelCopy(bitmap.PeekPixels());
    });

    private static SKRectI DrawProfileHead(SKCanvas canvas, Random random, Look look, SKPoint poll, float angle, float scale, bool sleepy)
    {
        canvas.Save();
        canvas.Translate(poll);
        canvas.RotateDegrees(angle);
        canvas.Scale(scale * (look.Lamb ? 0.88f : 1f), scale);

        // The far ear peeks up behind the head.
        DrawEar(canvas, look, new SKPoint(28, -32), 172 + (look.EarDroop * 20), 0.85f, far: true, tag: false);

        using var headBuilder = new SKPathBuilder();
        headBuilder.MoveTo(-6, 4);
        headBuilder.CubicTo(-10, -22, 8, -40, 30, -40);
        headBuilder.CubicTo(55, -40, 82, -31, 104, -17);
        headBuilder.CubicTo(116, -9, 122, 3, 117, 12);
        headBuilder.CubicTo(113, 22, 102, 26, 92, 25);
        headBuilder.CubicTo(70, 30, 48, 40, 28, 37);
        headBuilder.CubicTo(10, 34, -2, 22, -6, 4);
        headBuilder.Close();
        using var head = headBuilder.Detach();

        using (var fill = Fill(look.Head))
        {
            using var shader = Vertical(-40, 38, look.HeadLight, look.Head, look.HeadShadow);
            fill.Shader = shader;
            canvas.DrawPath(head, fill);
        }

        canvas.Save();
        canvas.ClipPath(head, SKClipOperation.Intersect, antialias: true);
        if (look.Pattern == FacePattern.Blaze)
        {
            using var blaze = Stroke(Hex(0xF6F0E4), 15);
            using var blazePath = new SKPathBuilder();
            blazePath.MoveTo(24, -42);
            blazePath.CubicTo(50, -42, 80, -32, 112, -12);
            canvas.DrawPath(blazePath, blaze);
        }
        else if (look.Pattern == FacePattern.Spectacles)
        {
            using var patch = Fill(look.PatternColour.WithAlpha(235));
            canvas.DrawOval(new SKPoint(42, -13), new SKSize(17, 14), patch);
        }

        // Muzzle: softer and a little pink on light faces, a sheen on the black ones.
        using (var muzzle = Fill(SKColors.White))
        {
            var tint = look.DarkHead ? Hex(0x5A514B).WithAlpha(90) : look.Nose.WithAlpha(110);
            using var shader = SKShader.CreateRadialGradient(new SKPoint(110, 6), 26, [tint, tint.WithAlpha(0)], SKShaderTileMode.Clamp);
            muzzle.Shader = shader;
            canvas.DrawCircle(110, 6, 26, muzzle);
        }

        if (look.Blush)
        {
            using var blush = Fill(SKColors.White);
            using var shader = SKShader.CreateRadialGradient(new SKPoint(52, 14), 14, [Hex(0xF2A0A0).WithAlpha(90), Hex(0xF2A0A0).WithAlpha(0)], SKShaderTileMode.Clamp);
            blush.Shader = shader;
            canvas.DrawCircle(52, 14, 14, blush);
        }

        canvas.Restore();
        using (var edge = Stroke(Shade(look.HeadShadow, 0.85f).WithAlpha(look.DarkHead ? (byte)200 : (byte)150), 1.6f))
        {
            canvas.DrawPath(head, edge);
        }

        var eye = new SKPoint(42, -13);
        DrawEye(canvas, look, eye, sleepy);

        using (var nostril = Stroke(look.DarkHead ? Hex(0x000000).WithAlpha(200) : Shade(look.Nose, 0.6f), 2.2f))
        {
            using var path = new SKPathBuilder();
            path.MoveTo(108, -5);
            path.QuadTo(113, -3, 112, 2);
            canvas.DrawPath(path, nostril);
            nostril.StrokeWidth = 1.8f;
            using var mouth = new SKPathBuilder();
            mouth.MoveTo(115, 15);
            mouth.QuadTo(108, 21, 99, 18);
            canvas.DrawPath(mouth, nostril);
        }

        var rams = look.Horn > 0;
        DrawEar(canvas, look, rams ? new SKPoint(8, -2) : new SKPoint(16, -24), 128 + (look.EarDroop * 30), 1f, far: false, tag: true);
        if (rams)
        {
            DrawHorn(canvas, look, new SKPoint(0, -6), look.Horn * 1.1f, -1.35f, -1);
        }

        var face = canvas.TotalMatrix.MapRect(new SKRect(62, -12, 84, 4));
        canvas.Restore();
        _ = random;
        return SKRectI.Round(face);
    }

    private static SKRectI DrawFrontalHead(SKCanvas canvas, Random random, Look look, SKPoint centre, float tilt, float scale)
    {
        canvas.Save();
        canvas.Translate(centre);
        canvas.RotateDegrees(tilt);
        canvas.Scale(scale);

        var droop = 18 + (look.EarDroop * 40);
        DrawEar(canvas, look, new SKPoint(36, -28), droop, 1f, far: false, tag: random.Next(2) == 0);
        canvas.Save();
        canvas.Scale(-1, 1);
        DrawEar(canvas, look, new SKPoint(36, -28), droop, 1f, far: false, tag: false);
        canvas.Restore();

        using var faceBuilder = new SKPathBuilder();
        faceBuilder.MoveTo(0, -58);
        faceBuilder.CubicTo(34, -58, 50, -34, 45, -6);
        faceBuilder.CubicTo(41, 20, 27, 52, 0, 56);
        faceBuilder.CubicTo(-27, 52, -41, 20, -45, -6);
        faceBuilder.CubicTo(-50, -34, -34, -58, 0, -58);
        faceBuilder.Close();
        using var face = faceBuilder.Detach();
        using (var fill = Fill(look.Head))
        {
            using var shader = Vertical(-58, 56, look.HeadLight, look.Head, look.HeadShadow);
            fill.Shader = shader;
            canvas.DrawPath(face, fill);
        }

        canvas.Save();
        canvas.ClipPath(face, SKClipOperation.Intersect, antialias: true);
        if (look.Pattern == FacePattern.Blaze)
        {
            using var blaze = Fill(Hex(0xF6F0E4));
            using var blazePath = new SKPathBuilder();
            blazePath.MoveTo(-9, -60);
            blazePath.LineTo(9, -60);
            blazePath.LineTo(7, 30);
            blazePath.LineTo(-7, 30);
            blazePath.Close();
            canvas.DrawPath(blazePath, blaze);
        }
        else if (look.Pattern == FacePattern.Spectacles)
        {
            using var patch = Fill(look.PatternColour.WithAlpha(235));
            canvas.DrawOval(new SKPoint(25, -6), new SKSize(15, 13), patch);
            canvas.DrawOval(new SKPoint(-25, -6), new SKSize(15, 13), patch);
        }

        using (var muzzle = Fill(SKColors.White))
        {
            var tint = look.DarkHead ? Hex(0x5A514B).WithAlpha(80) : look.Nose.WithAlpha(100);
            using var shader = SKShader.CreateRadialGradient(new SKPoint(0, 38), 30, [tint, tint.WithAlpha(0)], SKShaderTileMode.Clamp);
            muzzle.Shader = shader;
            canvas.DrawCircle(0, 38, 30, muzzle);
        }

        if (look.Blush)
        {
            using var blush = Fill(SKColors.White);
            foreach (var side in (float[])[-1, 1])
            {
                using var shader = SKShader.CreateRadialGradient(new SKPoint(side * 28, 14), 12, [Hex(0xF2A0A0).WithAlpha(100), Hex(0xF2A0A0).WithAlpha(0)], SKShaderTileMode.Clamp);
                blush.Shader = shader;
                canvas.DrawCircle(side * 28, 14, 12, blush);
            }
        }

        canvas.Restore();
        using (var edge = Stroke(Shade(look.HeadShadow, 0.85f).WithAlpha(look.DarkHead ? (byte)200 : (byte)150), 1.6f))
        {
            canvas.DrawPath(face, edge);
        }

        DrawEye(canvas, look, new SKPoint(23, -6), look.Sleepy);
        DrawEye(canvas, look, new SKPoint(-23, -6), look.Sleepy);

        // Nose pad and a small smile.
        using (var nose = Fill(look.DarkHead ? Hex(0x0E0C0B) : look.Nose))
        {
            using var path = new SKPathBuilder();
            path.MoveTo(-9, 30);
            path.QuadTo(0, 27, 9, 30);
            path.QuadTo(6, 38, 0, 40);
            path.QuadTo(-6, 38, -9, 30);
            path.Close();
            canvas.DrawPath(path, nose);
        }

        using (var mouth = Stroke(look.DarkHead ? SKColors.Black.WithAlpha(210) : Shade(look.Nose, 0.6f), 1.8f))
        {
            using var path = new SKPathBuilder();
            path.MoveTo(0, 40);
            path.LineTo(0, 44);
            path.MoveTo(-9, 44);
            path.QuadTo(-4, 49, 0, 44);
            path.QuadTo(4, 49, 9, 44);
            canvas.DrawPath(path, mouth);
        }

        if (look.Lamb)
        {
            // A fluffy forelock.
            using var fluff = Fill(look.DarkHead ? Mix(look.Head, look.HeadLight, 0.5f) : look.WoolLight);
            for (var i = -2; i <= 2; i++)
            {
                canvas.DrawCircle(i * 7, -56 + (Math.Abs(i) * 3), 8, fluff);
            }
        }

        if (look.Horn > 0)
        {
            DrawHorn(canvas, look, new SKPoint(53, -27), look.Horn, -2.2f, 1);
            canvas.Save();
            canvas.Scale(-1, 1);
            DrawHorn(canvas, look, new SKPoint(53, -27), look.Horn, -2.2f, 1);
            canvas.Restore();
        }

        var patchRect = canvas.TotalMatrix.MapRect(new SKRect(-8, -38, 8, -26));
        canvas.Restore();
        return SKRectI.Round(patchRect);
    }

    private static void DrawEye(SKCanvas canvas, Look look, SKPoint at, bool sleepy)
    {
        var s = look.EyeScale;
        if (sleepy)
        {
            using var lid = Stroke(look.DarkHead ? Hex(0x6E625A) : Hex(0x3A2C24), 2.4f);
            using var path = new SKPathBuilder();
            path.MoveTo(at.X - (7 * s), at.Y - 1);
            path.QuadTo(at.X, at.Y + (5 * s), at.X + (7 * s), at.Y - 1);
            canvas.DrawPath(path, lid);
            return;
        }

        if (look.DarkHead)
        {
            using var rim = Fill(Hex(0x5C4F46));
            canvas.DrawOval(at, new SKSize(8.6f * s, 7.4f * s), rim);
        }

        using var eye = Fill(Hex(0x2A1B12));
        canvas.DrawOval(at, new SKSize(7f * s, 6.2f * s), eye);
        using var iris = Fill(Hex(0x5A3A22));
        canvas.DrawOval(new SKPoint(at.X + (1.2f * s), at.Y + (1.5f * s)), new SKSize(4.2f * s, 3.4f * s), iris);
        using var glint = Fill(SKColors.White.WithAlpha(240));
        canvas.DrawCircle(at.X - (2.2f * s), at.Y - (2.2f * s), 2.2f * s, glint);
        canvas.DrawCircle(at.X + (2.6f * s), at.Y + (2.4f * s), 0.9f * s, glint);
        using var lid2 = Stroke((look.DarkHead ? SKColors.Black : Shade(look.HeadShadow, 0.7f)).WithAlpha(180), 1.6f);
        using var lidPath = new SKPathBuilder();
        lidPath.MoveTo(at.X - (8 * s), at.Y - (1.5f * s));
        lidPath.QuadTo(at.X, at.Y - (9.5f * s), at.X + (8 * s), at.Y - (2.5f * s));
        canvas.DrawPath(lidPath, lid2);
    }

    private static void DrawEar(SKCanvas canvas, Look look, SKPoint root, float degrees, float size, bool far, bool tag)
    {
        canvas.Save();
        canvas.Translate(root);
        canvas.RotateDegrees(degrees);
        canvas.Scale(size * (look.Lamb ? 0.92f : 1f));
        var outer = far ? Shade(look.Head, look.DarkHead ? 0.8f : 0.86f) : look.Head;
        var earColour = look.Pattern == FacePattern.Spectacles ? look.PatternColour : outer;
        using var ear = new SKPathBuilder();
        ear.MoveTo(0, -9);
        ear.CubicTo(16, -17, 42, -13, 54, 0);
        ear.CubicTo(42, 11, 16, 12, 0, 9);
        ear.Close();
        using (var fill = Fill(earColour))
        {
            canvas.DrawPath(ear, fill);
        }

        using (var inner = new SKPathBuilder())
        {
            inner.MoveTo(6, -3);
            inner.CubicTo(18, -9, 36, -7, 46, 0);
            inner.CubicTo(36, 5, 18, 6, 6, 3);
            inner.Close();
            using var fill = Fill(far ? Shade(look.InnerEar, 0.8f) : look.InnerEar);
            canvas.DrawPath(inner, fill);
        }

        using (var edge = Stroke(Shade(earColour, 0.7f).WithAlpha(150), 1.4f))
        {
            canvas.DrawPath(ear, edge);
        }

        if (tag)
        {
            // The yellow national ear tag every sheep in the programme wears.
            using var tagPaint = Fill(look.EarTag);
            using var tagEdge = Stroke(Shade(look.EarTag, 0.7f), 1.2f);
            var rect = new SKRect(17, -3, 28, 12);
            canvas.DrawRoundRect(rect, 3, 3, tagPaint);
            canvas.DrawRoundRect(rect, 3, 3, tagEdge);
            using var rivet = Fill(Shade(look.EarTag, 0.6f));
            canvas.DrawCircle(22.5f, 0, 1.6f, rivet);
        }

        canvas.Restore();
    }

    /// <summary>A curled horn: a spiral band that tapers and tightens, with growth ridges across it.</summary>
    private static void DrawHorn(SKCanvas canvas, Look look, SKPoint centre, float size, float startAngle, int direction)
    {
        var turns = size < 0.5f ? 0.35f : size < 0.8f ? 0.85f : 1.2f;
        var r0 = 36 * Math.Min(1, size + 0.1f);
        var r1 = 11 * size;
        var w0 = 22 * size;
        var w1 = 7 * size;
        const int Steps = 48;
        var left = new SKPoint[Steps + 1];
        var right = new SKPoint[Steps + 1];
        var middle = new SKPoint[Steps + 1];
        for (var i = 0; i <= Steps; i++)
        {
            var t = i / (float)Steps;
            var theta = startAngle + (direction * t * turns * MathF.Tau);
            var r = r0 + ((r1 - r0) * t);
            var w = (w0 + ((w1 - w0) * MathF.Pow(t, 0.8f))) / 2;
            middle[i] = Polar(centre, r, theta);
            left[i] = Polar(centre, r + w, theta);
            right[i] = Polar(centre, r - w, theta);
        }

        using var path = new SKPathBuilder();
        path.MoveTo(left[0]);
        for (var i = 1; i <= Steps; i++)
        {
            path.LineTo(left[i]);
        }

        for (var i = Steps; i >= 0; i--)
        {
            path.LineTo(right[i]);
        }

        path.Close();
        var horn = look.DarkHead ? Hex(0xCDB68E) : Hex(0xDCC7A0);
        using (var fill = Fill(horn))
        {
            using var shader = SKShader.CreateRadialGradient(centre, r0 + w0, [Shade(horn, 0.72f), horn, Mix(horn, SKColors.White, 0.3f)], [0, 0.55f, 1], SKShaderTileMode.Clamp);
            fill.Shader = shader;
            canvas.DrawPath(path, fill);
        }

        using var ridges = Stroke(Shade(horn, 0.68f).WithAlpha(170), 1.3f);
        using var ridgePath = new SKPathBuilder();
        for (var i = 2; i < Steps; i += 3)
        {
            ridgePath.MoveTo(left[i]);
            ridgePath.LineTo(right[i]);
        }

        canvas.DrawPath(ridgePath, ridges);
        using var edge = Stroke(Shade(horn, 0.55f), 1.5f);
        canvas.DrawPath(path, edge);
    }
}
