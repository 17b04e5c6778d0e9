using SkiaSharp;
using Sponsorship.Core.Demo;
using Sponsorship.Core.Flock;

namespace Sponsorship.Core.Tests.Demo;

public class SheepPortraitTests
{
    [Fact]
    public void The_same_sheep_is_drawn_with_the_same_pixels_and_encoded_to_the_same_bytes()
    {
        var subject = new PortraitSubject(1096, Breed.Ujimqin, Sex.Ram, 30, Season.Autumn);

        using var first = SheepPortrait.Draw(subject);
        using var second = SheepPortrait.Draw(subject);

        Assert.Equal((SheepPortrait.Width, SheepPortrait.Height), (first.Bitmap.Width, first.Bitmap.Height));
        Assert.True(first.Bitmap.GetPixelSpan().SequenceEqual(second.Bitmap.GetPixelSpan()));
        Assert.Equal(first.Face, second.Face);
        var a = PhotoIntake.FromBitmap(first.Bitmap).Photo!;
        var b = PhotoIntake.FromBitmap(second.Bitmap).Photo!;
        Assert.Equal(a.Large, b.Large);
        Assert.Equal(a.Thumbnail, b.Thumbnail);
    }

    [Fact]
    public void Sheep_that_differ_only_by_id_look_clearly_different()
    {
        // The hardest case: same breed, sex, age and season; only the id (the seed) differs.
        var pictures = Enumerable.Range(2_001, 16)
            .Select(id =>
            {
                using var portrait = SheepPortrait.Draw(new PortraitSubject(id, Breed.Sunit, Sex.Ewe, 24, Season.Summer));
                return (Id: id, Small: Downscale(portrait.Bitmap), portrait.Pose);
            })
            .ToList();

        for (var i = 0; i < pictures.Count; i++)
        {
            for (var j = i + 1; j < pictures.Count; j++)
            {
                var difference = MeanDifference(pictures[i].Small, pictures[j].Small);
                Assert.True(difference > 10, $"Sheep {pictures[i].Id} and {pictures[j].Id} differ by only {difference:F1}/255 on average.");
            }

            // Neighbours (consecutive ids: sheep of one household, side by side in a list) never share a pose.
            if (i > 0)
            {
                Assert.NotEqual(pictures[i - 1].Pose, pictures[i].Pose);
            }
        }

        Assert.Equal(Enum.GetValues<PortraitPose>().Order(), pictures.Select(p => p.Pose).Distinct().Order());
    }

    [Theory]
    [InlineData(Breed.Ujimqin, 0, 80)]
    [InlineData(Breed.Sunit, 190, 255)]
    public void The_breed_shows_in_the_face_Ujimqin_black_and_Sunit_white(Breed breed, double darkest, double lightest)
    {
        // Every pose, both sexes, lambs and adults, all four seasons.
        for (var seed = 1; seed <= 20; seed++)
        {
            var subject = new PortraitSubject(seed, breed, seed % 3 == 0 ? Sex.Ram : Sex.Ewe, seed % 4 == 0 ? 3 : 24, (Season)(1 + (seed % 4)));
            using var portrait = SheepPortrait.Draw(subject);

            var face = portrait.Face;
            Assert.True(face.Width >= 8 && face.Height >= 8, $"{subject}: face patch {face}");
            Assert.True(new SKRectI(0, 0, SheepPortrait.Width, SheepPortrait.Height).Contains(face), $"{subject}: face patch {face} is outside the picture");
            Assert.InRange(Luminance(portrait.Bitmap, face), darkest, lightest);
        }
    }

    [Fact]
    public void A_smaller_picture_is_the_same_drawing_scaled()
    {
        var subject = new PortraitSubject(42, Breed.Chahar, Sex.Ewe, 5, Season.Spring);
        using var full = SheepPortrait.Draw(subject);
        using var half = SheepPortrait.Draw(subject, SheepPortrait.Width / 2, SheepPortrait.Height / 2);

        Assert.Equal((480, 360), (half.Bitmap.Width, half.Bitmap.Height));
        Assert.InRange(half.Face.MidX * 2, full.Face.MidX - 3, full.Face.MidX + 3);
        Assert.InRange(half.Face.MidY * 2, full.Face.MidY - 3, full.Face.MidY + 3);
        Assert.True(MeanDifference(Downscale(full.Bitmap), Downscale(half.Bitmap)) < 6);
    }

    [Theory]
    [InlineData(1, Season.Winter)]
    [InlineData(4, Season.Spring)]
    [InlineData(5, Season.Spring)]
    [InlineData(6, Season.Summer)]
    [InlineData(8, Season.Summer)]
    [InlineData(9, Season.Autumn)]
    [InlineData(10, Season.Autumn)]
    [InlineData(11, Season.Winter)]
    [InlineData(12, Season.Winter)]
    public void The_season_follows_the_steppe_calendar(int month, Season season) =>
        Assert.Equal(season, SheepPortrait.SeasonOf(new DateOnly(2026, month, 15)));

    private static SKBitmap Downscale(SKBitmap picture)
    {
        var small = new SKBitmap(new SKImageInfo(64, 48, SKColorType.Rgba8888, SKAlphaType.Premul));
        Assert.True(picture.ScalePixels(small, new SKSamplingOptions(SKFilterMode.Linear)));
        return small;
    }

    private static double MeanDifference(SKBitmap a, SKBitmap b)
    {
        var p = a.GetPixelSpan();
        var q = b.GetPixelSpan();
        double sum = 0;
        for (var i = 0; i < p.Length; i += 4)
        {
            sum += Math.Abs(p[i] - q[i]) + Math.Abs(p[i + 1] - q[i + 1]) + Math.Abs(p[i + 2] - q[i + 2]);
        }

        return sum / (p.Length / 4 * 3);
    }

    private static double Luminance(SKBitmap picture, SKRectI area)
    {
        double sum = 0;
        for (var y = area.Top; y < area.Bottom; y++)
        {
            for (var x = area.Left; x < area.Right; x++)
            {
                var c = picture.GetPixel(x, y);
                sum += (0.2126 * c.Red) + (0.7152 * c.Green) + (0.0722 * c.Blue);
            }
        }

        return sum / (area.Width * area.Height);
    }
}
