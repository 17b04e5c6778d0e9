using SkiaSharp;

namespace Sponsorship.Testing;

/// <summary>Photos made in the test, the way a phone would send them (no binary fixtures in the repository).</summary>
public static class TestPhotos
{
    /// <summary>A JPEG of a white sheep-ish blob on green grass under a blue sky.</summary>
    public static byte[] Jpeg(int width = 1200, int height = 900)
    {
        using var bitmap = new SKBitmap(width, height);
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(new SKColor(0x7f, 0xb6, 0xe8));
            using var grass = new SKPaint { Color = new SKColor(0x5d, 0x9c, 0x3f) };
            canvas.DrawRect(0, height * 0.55f, width, height, grass);
            using var wool = new SKPaint { Color = new SKColor(0xf4, 0xf1, 0xe8), IsAntialias = true };
            canvas.DrawOval(width * 0.5f, height * 0.55f, width * 0.2f, height * 0.14f, wool);
            using var head = new SKPaint { Color = new SKColor(0x33, 0x2b, 0x25), IsAntialias = true };
            canvas.DrawOval(width * 0.68f, height * 0.47f, width * 0.06f, height * 0.06f, head);
        }

        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(SKEncodedImageFormat.Jpeg, 85);
        return data.ToArray();
    }

    /// <summary>The first bytes of a Windows program: what a renamed .exe looks like.</summary>
    public static byte[] Executable()
    {
        var bytes = new byte[2048];
        "MZ"u8.CopyTo(bytes);
        return bytes;
    }
}
