using System.Diagnostics;
using SkiaSharp;
using Xunit;
using ZXing;
using ZXing.Common;
using ZXing.QrCode;

namespace Sponsorship.Testing;

/// <summary>Turns a PDF's first page into pixels with poppler's pdftoppm and reads QR codes from them with ZXing.</summary>
public static class PdfPages
{
    public static async Task<byte[]> RenderPngAsync(byte[] pdf, int dpi = 200)
    {
        var folder = Path.Combine(Path.GetTempPath(), "sponsorship-pdf-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            var input = Path.Combine(folder, "in.pdf");
            await File.WriteAllBytesAsync(input, pdf);
            var start = new ProcessStartInfo("pdftoppm", ["-png", "-r", dpi.ToString(System.Globalization.CultureInfo.InvariantCulture), "-f", "1", "-l", "1", "-singlefile", input, Path.Combine(folder, "page")])
            {
                RedirectStandardError = true,
            };
            using var process = Process.Start(start) ?? throw new InvalidOperationException("pdftoppm did not start (install poppler-utils).");
            var errors = await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            Assert.True(process.ExitCode == 0, $"pdftoppm failed: {errors}");
            return await File.ReadAllBytesAsync(Path.Combine(folder, "page.png"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>
    /// Reads the page's QR code as a scanner would, at more than one size: ZXing misses some codes at one size that it
    /// reads at another (a code with a random port in its address failed at 200 dpi and read at 150 and 100).
    /// </summary>
    public static string? DecodeQr(byte[] png)
    {
        using var page = SKBitmap.Decode(png);
        foreach (var scale in new[] { 1.0, 0.75, 0.5 })
        {
            using var bitmap = page.Resize(new SKImageInfo((int)(page.Width * scale), (int)(page.Height * scale)), new SKSamplingOptions(SKFilterMode.Linear));
            if (Decode(bitmap) is { } text)
            {
                return text;
            }
        }

        return null;
    }

    private static string? Decode(SKBitmap bitmap)
    {
        var rgb = new byte[bitmap.Width * bitmap.Height * 3];
        for (var y = 0; y < bitmap.Height; y++)
        {
            for (var x = 0; x < bitmap.Width; x++)
            {
                var c = bitmap.GetPixel(x, y);
                var i = ((y * bitmap.Width) + x) * 3;
                (rgb[i], rgb[i + 1], rgb[i + 2]) = (c.Red, c.Green, c.Blue);
            }
        }

        var source = new RGBLuminanceSource(rgb, bitmap.Width, bitmap.Height, RGBLuminanceSource.BitmapFormat.RGB24);
        var hints = new Dictionary<DecodeHintType, object> { [DecodeHintType.TRY_HARDER] = true };
        // Two binarizers: the local one copes with the photo and the shading, the global one with a crisp page.
        return (new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(source)), hints)
            ?? new QRCodeReader().decode(new BinaryBitmap(new GlobalHistogramBinarizer(source)), hints))?.Text;
    }
}
