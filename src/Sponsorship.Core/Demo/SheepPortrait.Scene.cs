using SkiaSharp;

namespace Sponsorship.Core.Demo;

public static partial class SheepPortrait
{
    private enum TimeOfDay
    {
        Morning,
        Midday,
        Evening,
    }

    /// <summary>The light, the land and what stands on it far away.</summary>
    private sealed class Scene
    {
        public Season Season { get; private init; }
        public TimeOfDay Time { get; private init; }
        public float Horizon { get; private init; }
        public SKColor SkyTop { get; private init; }
        public SKColor SkyHorizon { get; private init; }
        public SKColor HillFar { get; private init; }
        public SKColor HillNear { get; private init; }
        public SKColor GrassFar { get; private init; }
        public SKColor GrassNear { get; private init; }
        public SKColor[] Blades { get; private init; } = [];
        public SKColor[] Flowers { get; private init; } = [];
        public int FlowerCount { get; private init; }
        public bool Snow { get; private init; }
        public bool Snowfall { get; private init; }
        public SKPoint? Sun { get; private init; }
        public int Clouds { get; private init; }
        public bool Yurt { get; private init; }
        public bool Fence { get; private init; }
        public bool DistantFlock { get; private init; }
        public bool Ovoo { get; private init; }

        public static Scene Create(Random random, Season season)
        {
            var time = random.Next(10) switch
            {
                < 3 => TimeOfDay.Morning,
                < 7 => TimeOfDay.Midday,
                _ => TimeOfDay.Evening,
            };
            var horizon = Range(random, 285, 370);

            var (skyTop, skyHorizon, hillFar, hillNear, grassFar, grassNear, blades, flowers, flowerCount) = season switch
            {
                Season.Spring => (Hex(0x5E9ED8), Hex(0xD2EBEC), Hex(0x9DB6C4), Hex(0x93B483), Hex(0xA9C97A), Hex(0x6E9F45),
                    new[] { Hex(0x5F8F3A), Hex(0x86B552), Hex(0xA7CF6D), Hex(0x4D7A31), Hex(0xB7B27E) },
                    new[] { Hex(0xF5D442), Hex(0x9B7FD1), Hex(0xFAFAF5), Hex(0xF5D442) }, random.Next(40, 110)),
                Season.Summer => (Hex(0x2C74C6), Hex(0xB8DCF2), Hex(0x8EAEC6), Hex(0x6C9E5C), Hex(0x8CBF5A), Hex(0x4C8733),
                    new[] { Hex(0x3F7A2A), Hex(0x5E9C3B), Hex(0x7FB84E), Hex(0x9BCC5F), Hex(0x356B24) },
                    new[] { Hex(0xF6A623), Hex(0xF7D13D), Hex(0x8E6BD0), Hex(0xFFFFFF), Hex(0xF08CB0), Hex(0x6F8CE8) }, random.Next(70, 170)),
                Season.Autumn => (Hex(0x5B95CE), Hex(0xF0DFB8), Hex(0xB4A88E), Hex(0xC2A35E), Hex(0xD8B765), Hex(0xA5803B),
                    new[] { Hex(0xC99A45), Hex(0xE0BD6A), Hex(0xB5863A), Hex(0x8F7A3A), Hex(0xD6C27E) },
                    new[] { Hex(0xF4EEDC), Hex(0xE7D6A8) }, random.Next(0, 30)),
                _ => (Hex(0x9BB8D6), Hex(0xEAF0F4), Hex(0xD3DDE7), Hex(0xE2E8EE), Hex(0xD6CFAE), Hex(0xB5A77C),
                    new[] { Hex(0xA89A6C), Hex(0xC8BA8A), Hex(0x8C805C), Hex(0xD8CFA8) },
                    Array.Empty<SKColor>(), 0),
            };

            switch (time)
            {
                case TimeOfDay.Morning:
                    skyHorizon = Mix(skyHorizon, Hex(0xFFE3BC), 0.45f);
                    skyTop = Mix(skyTop, Hex(0x9CC6EA), 0.25f);
                    break;
                case TimeOfDay.Evening:
                    skyHorizon = Mix(skyHorizon, Hex(0xFFBE7A), 0.6f);
                    skyTop = Mix(skyTop, Hex(0x5C74B4), 0.3f);
                    hillFar = Mix(hillFar, Hex(0xC7A3A8), 0.35f);
                    break;
            }

            SKPoint? sun = time switch
            {
                TimeOfDay.Midday => Chance(random, 0.35) ? new SKPoint(Range(random, 60, 900), Range(random, 50, 130)) : null,
                _ => Chance(random, 0.6) ? new SKPoint(Range(random, 60, 900), horizon - Range(random, 45, 120)) : null,
            };

            return new Scene
            {
                Season = season,
                Time = time,
                Horizon = horizon,
                SkyTop = skyTop,
                SkyHorizon = skyHorizon,
                HillFar = hillFar,
                HillNear = hillNear,
                GrassFar = grassFar,
                GrassNear = grassNear,
                Blades = blades,
                Flowers = flowers,
                FlowerCount = flowerCount,
                Snow = season == Season.Winter,
                Snowfall = season == Season.Winter && Chance(random, 0.3),
                Sun = sun,
                Clouds = season == Season.Winter ? random.Next(2, 7) : random.Next(0, 6),
                Yurt = Chance(random, 0.45),
                Fence = Chance(random, 0.3),
                DistantFlock = Chance(random, 0.45),
                Ovoo = Chance(random, 0.2),
            };
        }
    }

    private static void DrawBackground(SKCanvas canvas, Random random, Scene scene)
    {
        FillRows(canvas, 0, scene.Horizon + 40, 0, scene.Horizon, scene.SkyTop, Mix(scene.SkyTop, scene.SkyHorizon, 0.55f), scene.SkyHorizon);

        if (scene.Sun is { } sun)
        {
            DrawSun(canvas, scene, sun);
        }

        for (var i = 0; i < scene.Clouds; i++)
        {
            DrawCloud(canvas, random, scene, new SKPoint(Range(random, -60, Width + 60), Range(random, 40, scene.Horizon - 90)));
        }

        DrawHills(canvas, random, scene);
        if (scene.Ovoo)
        {
            DrawOvoo(canvas, new SKPoint(Range(random, 80, 880), scene.Horizon - 6), Range(random, 0.7f, 1.1f));
        }

        DrawGround(canvas, random, scene);
        if (scene.DistantFlock)
        {
            DrawDistantFlock(canvas, random, scene);
        }

        if (scene.Fence)
        {
            DrawFence(canvas, random, scene);
        }

        if (scene.Yurt)
        {
            var x = Range(random, 70, 890);
            var size = Range(random, 34, 58);
            DrawYurt(canvas, random, new SKPoint(x, scene.Horizon + Range(random, 8, 26)), size);
            if (Chance(random, 0.4))
            {
                DrawYurt(canvas, random, new SKPoint(x + (size * Range(random, 1.3f, 1.8f) * (x > 480 ? -1 : 1)), scene.Horizon + Range(random, 4, 14)), size * 0.8f);
            }
        }
    }

    private static void DrawSun(SKCanvas canvas, Scene scene, SKPoint sun)
    {
        var warm = scene.Time == TimeOfDay.Midday ? Hex(0xFFF8DC) : Hex(0xFFE0A0);
        using (var glow = Fill(SKColors.White))
        {
            using var shader = SKShader.CreateRadialGradient(sun, 190,
                [warm.WithAlpha(170), warm.WithAlpha(60), warm.WithAlpha(0)], [0, 0.35f, 1], SKShaderTileMode.Clamp);
            glow.Shader = shader;
            canvas.DrawCircle(sun, 190, glow);
        }

        using var disc = Fill(scene.Time == TimeOfDay.Evening ? Hex(0xFFE2A8) : Hex(0xFFFBEA));
        canvas.DrawCircle(sun, 24, disc);
    }

    private static void DrawCloud(SKCanvas canvas, Random random, Scene scene, SKPoint centre)
    {
        var depth = Math.Clamp(centre.Y / scene.Horizon, 0.2f, 1f);
        var size = Range(random, 0.6f, 1.3f) * (1.25f - (depth * 0.6f));
        var white = scene.Time == TimeOfDay.Evening ? Hex(0xFFF1E0) : SKColors.White;
        var shadow = Mix(white, scene.Season == Season.Winter ? Hex(0xB8C2CE) : Hex(0xC4D3E3), 0.8f);
        using var shade = Fill(shadow.WithAlpha(235));
        using var light = Fill(white.WithAlpha(245));
        using var shadePath = new SKPathBuilder();
        using var lightPath = new SKPathBuilder();
        var puffs = random.Next(5, 10);
        var width = 150 * size;
        for (var i = 0; i < puffs; i++)
        {
            var t = (i / (float)(puffs - 1)) - 0.5f;
            var r = (34 - (Math.Abs(t) * 36) + Range(random, -6, 8)) * size;
            var x = centre.X + (t * width);
            var y = centre.Y - (r * 0.35f) + Range(random, -5, 5);
            shadePath.AddCircle(x, y + (r * 0.18f), r);
            lightPath.AddCircle(x - (r * 0.08f), y - (r * 0.1f), r * 0.9f);
        }

        shadePath.AddRoundRect(new SKRect(centre.X - (width * 0.55f), centre.Y - (10 * size), centre.X + (width * 0.55f), centre.Y + (12 * size)), 12 * size, 12 * size);
        canvas.DrawPath(shadePath, shade);
        canvas.DrawPath(lightPath, light);
    }

    private static void DrawHills(SKCanvas canvas, Random random, Scene scene)
    {
        for (var layer = 0; layer < 3; layer++)
        {
            var t = layer / 2f;
            var colour = Mix(Mix(scene.SkyHorizon, scene.HillFar, 0.55f), Mix(scene.HillNear, scene.GrassFar, t), t);
            var height = layer switch { 0 => Range(random, 40, 95), 1 => Range(random, 25, 55), _ => Range(random, 8, 22) };
            var f1 = Range(random, 0.004f, 0.009f);
            var f2 = Range(random, 0.012f, 0.022f);
            var p1 = Range(random, 0, MathF.Tau);
            var p2 = Range(random, 0, MathF.Tau);
            var baseY = scene.Horizon + (layer * 3);
            using var path = new SKPathBuilder();
            path.MoveTo(0, baseY + 20);
            for (float x = 0; x <= Width + 24; x += 24)
            {
                var wave = 0.55f + (0.3f * MathF.Sin((x * f1) + p1)) + (0.15f * MathF.Sin((x * f2) + p2));
                path.LineTo(x, baseY - (height * wave));
            }

            path.LineTo(Width, baseY + 20);
            path.Close();
            using var paint = Fill(colour);
            canvas.DrawPath(path, paint);

            if (scene.Snow && layer < 2)
            {
                // Bare, darker streaks where the wind has blown the snow off the slopes.
                using var streaks = Stroke(Mix(colour, Hex(0x8A8F8C), 0.35f).WithAlpha(120), 2);
                using var streakPath = new SKPathBuilder();
                for (var i = 0; i < 14; i++)
                {
                    var x = Range(random, 0, Width);
                    var wave = 0.55f + (0.3f * MathF.Sin((x * f1) + p1)) + (0.15f * MathF.Sin((x * f2) + p2));
                    var y = baseY - (height * wave) + Range(random, 4, 16);
                    streakPath.MoveTo(x, y);
                    streakPath.LineTo(x + Range(random, 10, 34), y + Range(random, 2, 8));
                }

                canvas.DrawPath(streakPath, streaks);
            }
        }
    }

    private static void DrawGround(SKCanvas canvas, Random random, Scene scene)
    {
        var top = scene.Horizon + 4;
        // In winter the steppe lies under snow, with straw showing where the wind has swept it.
        var far = scene.Snow ? Hex(0xEEF2F6) : scene.GrassFar;
        var near = scene.Snow ? Hex(0xDCE4EC) : scene.GrassNear;
        FillRows(canvas, top, Height, top, Height, far, Mix(far, near, 0.6f), near);

        if (scene.Snow)
        {
            DrawBarePatches(canvas, random, scene, top);
        }
        else
        {
            // Broad patches of lighter and darker grass, flattened by distance.
            for (var i = 0; i < 9; i++)
            {
                var y = Range(random, top + 10, Height);
                var depth = (y - top) / (Height - top);
                var rx = Range(random, 80, 220) * (0.4f + depth);
                using var patch = Fill((Chance(random, 0.5) ? Shade(scene.GrassNear, 0.9f) : Mix(scene.GrassFar, SKColors.White, 0.15f)).WithAlpha(34));
                canvas.DrawOval(new SKPoint(Range(random, 0, Width), y), new SKSize(rx, rx * (0.06f + (0.08f * depth))), patch);
            }
        }

        // Blades: dense and short near the horizon, long and loose in front. Straight strokes far away (one call per
        // colour), tapered blades in front.
        var density = scene.Snow ? 0.4f : 1f;
        foreach (var colour in scene.Blades)
        {
            var strokes = new SKPoint[2 * (int)(180 * density)];
            for (var i = 0; i < strokes.Length; i += 2)
            {
                var depth = (float)random.NextDouble() * 0.67f;
                var y = top + ((Height - top) * depth * depth);
                var length = (3 + (26 * depth)) * Range(random, 0.6f, 1.3f);
                var x = Range(random, -10, Width + 10);
                strokes[i] = new SKPoint(x, y);
                strokes[i + 1] = new SKPoint(x + (Range(random, -0.45f, 0.45f) * length), y - length);
            }

            using var thin = Stroke(colour.WithAlpha(210), 1.3f);
            thin.StrokeCap = SKStrokeCap.Butt;
            canvas.DrawPoints(SKPointMode.Lines, strokes, thin);

            using var blades = new SKPathBuilder();
            var count = (int)(45 * density);
            for (var i = 0; i < count; i++)
            {
                var depth = 0.67f + ((float)random.NextDouble() * 0.33f);
                var y = top + ((Height - top) * depth * depth);
                var length = (3 + (26 * depth)) * Range(random, 0.6f, 1.3f);
                var x = Range(random, -10, Width + 10);
                var lean = Range(random, -0.5f, 0.5f) * length;
                var half = 1.1f + depth;
                blades.MoveTo(x - half, y);
                blades.QuadTo(x + (lean * 0.25f), y - (length * 0.6f), x + lean, y - length);
                blades.QuadTo(x + (lean * 0.25f) + half, y - (length * 0.55f), x + half, y);
                blades.Close();
            }

            using var blade = Fill(colour.WithAlpha(220));
            canvas.DrawPath(blades, blade);
        }

        if (scene.FlowerCount > 0)
        {
            for (var i = 0; i < scene.FlowerCount; i++)
            {
                var depth = (float)Math.Pow(random.NextDouble(), 0.8);
                var y = top + 6 + ((Height - top - 6) * depth * depth);
                DrawFlower(canvas, new SKPoint(Range(random, 0, Width), y), 1.2f + (7 * depth), Pick(random, scene.Flowers), random);
            }
        }
    }

    private static void DrawBarePatches(SKCanvas canvas, Random random, Scene scene, float top)
    {
        using var straw = Fill(scene.GrassFar);
        using var blur = SKMaskFilter.CreateBlur(SKBlurStyle.Normal, 2.5f);
        straw.MaskFilter = blur;
        var count = random.Next(10, 18);
        for (var i = 0; i < count; i++)
        {
            var depth = (float)random.NextDouble();
            var y = top + ((Height - top) * depth * depth);
            var rx = Range(random, 50, 190) * (0.25f + depth);
            var ry = rx * (0.05f + (0.07f * depth));
            var x = Range(random, -40, Width + 40);
            straw.Color = Mix(scene.GrassFar, scene.GrassNear, depth).WithAlpha(130);
            using var patch = new SKPathBuilder();
            // A ragged drift edge: a few overlapping ovals rather than one.
            for (var k = 0; k < 4; k++)
            {
                var dx = Range(random, -0.6f, 0.6f) * rx;
                patch.AddOval(new SKRect(x + dx - (rx * 0.5f), y - (ry * Range(random, 0.6f, 1f)), x + dx + (rx * 0.5f), y + (ry * Range(random, 0.6f, 1f))));
            }

            canvas.DrawPath(patch, straw);
        }
    }

    private static void DrawFlower(SKCanvas canvas, SKPoint at, float size, SKColor colour, Random random)
    {
        using var stem = Stroke(Hex(0x4A7A2E), Math.Max(0.8f, size * 0.18f));
        canvas.DrawLine(at.X, at.Y, at.X + Range(random, -1, 1) * size * 0.3f, at.Y - (size * 1.4f), stem);
        var head = new SKPoint(at.X, at.Y - (size * 1.5f));
        using var petals = Fill(colour);
        if (size < 3)
        {
            canvas.DrawCircle(head, size * 0.7f, petals);
            return;
        }

        for (var p = 0; p < 5; p++)
        {
            canvas.DrawCircle(Polar(head, size * 0.42f, (p * MathF.Tau / 5) + size), size * 0.38f, petals);
        }

        using var centre = Fill(colour == SKColors.White || colour.Blue > 200 ? Hex(0xF2C230) : Shade(colour, 0.7f));
        canvas.DrawCircle(head, size * 0.24f, centre);
    }

    private static void DrawYurt(SKCanvas canvas, Random random, SKPoint foot, float size)
    {
        var w = size;
        var h = size * 0.42f;
        using var shadow = Fill(SKColors.Black.WithAlpha(40));
        canvas.DrawOval(new SKPoint(foot.X, foot.Y + 1), new SKSize(w * 0.62f, h * 0.16f), shadow);

        using var wall = Fill(Hex(0xF4F0E6));
        canvas.DrawRect(foot.X - (w / 2), foot.Y - h, w, h, wall);
        using var wallShade = Fill(Hex(0xD6CFC0));
        canvas.DrawRect(foot.X + (w * 0.18f), foot.Y - h, w * 0.32f, h, wallShade);

        using var roofPath = new SKPathBuilder();
        roofPath.MoveTo(foot.X - (w * 0.56f), foot.Y - h + 1);
        roofPath.QuadTo(foot.X - (w * 0.3f), foot.Y - h - (w * 0.22f), foot.X - (w * 0.08f), foot.Y - h - (w * 0.34f));
        roofPath.LineTo(foot.X + (w * 0.08f), foot.Y - h - (w * 0.34f));
        roofPath.QuadTo(foot.X + (w * 0.3f), foot.Y - h - (w * 0.22f), foot.X + (w * 0.56f), foot.Y - h + 1);
        roofPath.Close();
        using var roof = Fill(Hex(0xFBF8F1));
        canvas.DrawPath(roofPath, roof);

        var bandColour = Pick(random, [Hex(0x2F63B0), Hex(0x2F7A5A), Hex(0xB2362B)]);
        using var band = Stroke(bandColour, Math.Max(1.2f, w * 0.05f));
        band.StrokeCap = SKStrokeCap.Butt;
        canvas.DrawLine(foot.X - (w / 2), foot.Y - (h * 0.62f), foot.X + (w / 2), foot.Y - (h * 0.62f), band);
        canvas.DrawLine(foot.X - (w * 0.52f), foot.Y - h + 1, foot.X + (w * 0.52f), foot.Y - h + 1, band);

        using var door = Fill(Hex(0xB8432F));
        canvas.DrawRect(foot.X - (w * 0.09f), foot.Y - (h * 0.78f), w * 0.18f, h * 0.78f, door);
        using var crown = Fill(Hex(0x9C7A4E));
        canvas.DrawRect(foot.X - (w * 0.08f), foot.Y - h - (w * 0.37f), w * 0.16f, w * 0.04f, crown);
    }

    private static void DrawFence(SKCanvas canvas, Random random, Scene scene)
    {
        var fromLeft = Chance(random, 0.5);
        var startX = fromLeft ? Range(random, -40, 200) : Range(random, 760, 1000);
        var endX = fromLeft ? Range(random, 520, 900) : Range(random, 60, 440);
        var startY = scene.Horizon + Range(random, 30, 90);
        var endY = scene.Horizon + Range(random, 6, 16);
        var posts = random.Next(9, 15);
        using var post = Stroke(Hex(0x6B5034), 1);
        using var wire = Stroke(Hex(0x5A4A3A).WithAlpha(150), 0.8f);
        var tops = new List<SKPoint>();
        for (var i = 0; i < posts; i++)
        {
            // Posts recede: equal steps on the ground get shorter and closer towards the horizon.
            var t = 1 - MathF.Pow(1 - (i / (float)(posts - 1)), 1.6f);
            var x = startX + ((endX - startX) * t);
            var y = startY + ((endY - startY) * t);
            var height = 6 + ((y - scene.Horizon) * 0.42f);
            post.StrokeWidth = Math.Max(1, height * 0.09f);
            canvas.DrawLine(x, y, x, y - height, post);
            tops.Add(new SKPoint(x, y - height));
        }

        using var wirePath = new SKPathBuilder();
        foreach (var level in (float[])[0.1f, 0.45f])
        {
            for (var i = 0; i < tops.Count; i++)
            {
                var t = 1 - MathF.Pow(1 - (i / (float)(posts - 1)), 1.6f);
                var y = startY + ((endY - startY) * t);
                var p = new SKPoint(tops[i].X, tops[i].Y + ((y - tops[i].Y) * level));
                if (i == 0)
                {
                    wirePath.MoveTo(p);
                }
                else
                {
                    wirePath.LineTo(p);
                }
            }
        }

        canvas.DrawPath(wirePath, wire);
    }

    private static void DrawDistantFlock(SKCanvas canvas, Random random, Scene scene)
    {
        var centreX = Range(random, 80, 880);
        var centreY = scene.Horizon + Range(random, 14, 50);
        var count = random.Next(6, 18);
        var wool = scene.Season == Season.Winter ? Hex(0xF1EDE2) : Hex(0xF8F6EE);
        using var body = Fill(wool);
        using var shade = Fill(Shade(wool, 0.8f));
        using var dark = Fill(Hex(0x2A2420));
        for (var i = 0; i < count; i++)
        {
            var y = centreY + Range(random, -10, 14);
            var s = 0.6f + ((y - scene.Horizon) * 0.025f);
            var x = centreX + (Range(random, -90, 90) * s);
            canvas.DrawOval(new SKPoint(x, y - (3.2f * s) + 0.8f), new SKSize(5.5f * s, 3.2f * s), shade);
            canvas.DrawOval(new SKPoint(x, y - (3.4f * s)), new SKSize(5.2f * s, 3f * s), body);
            var facing = Chance(random, 0.5) ? 1 : -1;
            canvas.DrawCircle(x + (facing * 5.2f * s), y - (3.4f * s) + (Chance(random, 0.5) ? 2.2f * s : -1.4f * s), 1.7f * s, Chance(random, 0.5) ? dark : body);
        }
    }

    private static void DrawOvoo(SKCanvas canvas, SKPoint foot, float size)
    {
        // An oboo: a cairn on a rise with a pole and blue khadag streamers.
        using var stones = Fill(Hex(0x8D877C));
        using var mound = new SKPathBuilder();
        mound.MoveTo(foot.X - (16 * size), foot.Y);
        mound.QuadTo(foot.X, foot.Y - (22 * size), foot.X + (16 * size), foot.Y);
        mound.Close();
        canvas.DrawPath(mound, stones);
        using var pole = Stroke(Hex(0x5B4A3A), 1.4f * size);
        canvas.DrawLine(foot.X, foot.Y - (10 * size), foot.X, foot.Y - (40 * size), pole);
        using var flags = Stroke(Hex(0x3D7BD0), 1.2f * size);
        using var flagPath = new SKPathBuilder();
        for (var i = 0; i < 5; i++)
        {
            var side = i % 2 == 0 ? 1 : -1;
            flagPath.MoveTo(foot.X, foot.Y - (38 * size) + (i * 2 * size));
            flagPath.QuadTo(foot.X + (side * 8 * size), foot.Y - (30 * size) + (i * 3 * size), foot.X + (side * (14 + i) * size), foot.Y - (8 * size));
        }

        canvas.DrawPath(flagPath, flags);
    }

    private static void DrawForeground(SKCanvas canvas, Random random, Scene scene, Placement placement)
    {
        // Tufts in front of the hooves put the sheep in the grass rather than on it.
        var tufts = random.Next(6, 13);
        for (var i = 0; i < tufts; i++)
        {
            var nearFeet = i < 4;
            var x = nearFeet ? placement.Foot.X + (Range(random, -1.1f, 1.1f) * placement.HalfLength) : Range(random, -20, Width + 20);
            var y = nearFeet ? placement.Foot.Y + Range(random, -4, 16) : Range(random, placement.Foot.Y - 30, Height + 10);
            var depth = Math.Clamp((y - scene.Horizon) / (Height - scene.Horizon), 0.3f, 1.1f);
            DrawTuft(canvas, random, scene, new SKPoint(x, y), 22 * depth * Range(random, 0.7f, 1.3f));
        }

        if (scene.Snowfall)
        {
            using var flakes = Fill(SKColors.White.WithAlpha(220));
            for (var i = 0; i < 90; i++)
            {
                canvas.DrawCircle(Range(random, 0, Width), Range(random, 0, Height), Range(random, 1.2f, 3.6f), flakes);
            }
        }
    }

    private static void DrawTuft(SKCanvas canvas, Random random, Scene scene, SKPoint at, float size)
    {
        using var path = new SKPathBuilder();
        var blades = random.Next(7, 13);
        for (var b = 0; b < blades; b++)
        {
            var spread = (b / (float)(blades - 1)) - 0.5f;
            var length = size * Range(random, 0.7f, 1.5f) * (1 - (Math.Abs(spread) * 0.6f));
            var baseX = at.X + (spread * size * 0.5f);
            var tipX = baseX + (spread * size * 1.2f) + Range(random, -3, 3);
            var width = size * 0.07f;
            path.MoveTo(baseX - width, at.Y);
            path.QuadTo(baseX + ((tipX - baseX) * 0.3f), at.Y - (length * 0.6f), tipX, at.Y - length);
            path.QuadTo(baseX + ((tipX - baseX) * 0.3f) + width, at.Y - (length * 0.55f), baseX + width, at.Y);
            path.Close();
        }

        var colour = Pick(random, scene.Blades);
        using var fill = Fill(colour);
        using var shader = Vertical(at.Y - (size * 1.5f), at.Y, Mix(colour, SKColors.White, 0.15f), Shade(colour, 0.75f));
        fill.Shader = shader;
        canvas.DrawPath(path, fill);
        if (scene.Season is Season.Spring or Season.Summer && Chance(random, 0.35) && scene.Flowers.Length > 0)
        {
            DrawFlower(canvas, new SKPoint(at.X + Range(random, -4, 4), at.Y - (size * 0.4f)), size * 0.3f, Pick(random, scene.Flowers), random);
        }
    }
}
