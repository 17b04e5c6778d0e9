using SkiaSharp;

namespace Sponsorship.Core.Flock;

public enum PhotoError
{
    None = 0,
    Empty,
    TooLarge,
    NotAnImage,
    Unreadable,
    TooSmall,

    /// <summary>More pixels than any phone camera makes: a decompression bomb, refused before decoding.</summary>
    TooManyPixels,
}

/// <summary>A checked, re-encoded photo: JPEG bytes with no metadata, in a large and a thumbnail size.</summary>
public sealed record ProcessedPhoto(byte[] Large, byte[] Thumbnail, int Width, int Height);

public sealed record PhotoIntakeResult(PhotoError Error, ProcessedPhoto? Photo)
{
    public bool Succeeded => Error == PhotoError.None;
}

/// <summary>
/// Accepts a photo from a phone only if it is really a JPEG, PNG or WebP (by its first bytes, not its name), within the
/// size cap and fully decodable; then draws it afresh, upright, into new JPEGs. Nothing of the original file survives,
/// so EXIF (GPS: where the herder lives) is gone.
/// </summary>
public static class PhotoIntake
{
    public const int MaxBytes = 15 * 1024 * 1024;
    public const int LargeEdge = 1600;
    public const int ThumbnailWidth = 480;
    public const int ThumbnailHeight = 360;
    public const int MinimumEdge = 64;

    /// <summary>A 200-megapixel phone photo passes; a 20,000 × 20,000 PNG of a few kilobytes does not.</summary>
    public const long MaxSourcePixels = 220_000_000;

    /// <summary>The most pixels ever held decoded at once (JPEG and WebP decode straight to about the large size).</summary>
    public const long MaxDecodedPixels = 50_000_000;

    private const int MaxNameLength = 80;
    private const int JpegQuality = 85;

    public static async Task<PhotoIntakeResult> ProcessAsync(Stream upload, CancellationToken cancellationToken = default)
    {
        // Read at most one byte past the cap: a 40 MB upload is refused without holding 40 MB.
        var buffer = new byte[MaxBytes + 1];
        var length = 0;
        int read;
        while (length < buffer.Length && (read = await upload.ReadAsync(buffer.AsMemory(length), cancellationToken)) > 0)
        {
            length += read;
        }

        if (length == 0)
        {
            return Fail(PhotoError.Empty);
        }

        return length > MaxBytes ? Fail(PhotoError.TooLarge) : Process(buffer.AsSpan(0, length));
    }

    public static PhotoIntakeResult Process(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty)
        {
            return Fail(PhotoError.Empty);
        }

        if (bytes.Length > MaxBytes)
        {
            return Fail(PhotoError.TooLarge);
        }

        if (!LooksLikeAllowedImage(bytes))
        {
            return Fail(PhotoError.NotAnImage);
        }

        using var data = SKData.CreateCopy(bytes);
        using var codec = SKCodec.Create(data);
        if (codec is null)
        {
            return Fail(PhotoError.Unreadable);
        }

        var source = codec.Info;
        if (Math.Min(source.Width, source.Height) < MinimumEdge)
        {
            return Fail(PhotoError.TooSmall);
        }

        if ((long)source.Width * source.Height > MaxSourcePixels)
        {
            return Fail(PhotoError.TooManyPixels);
        }

        // JPEG and WebP can decode straight to a fraction of their size (never below what the large copy needs): a
        // 12-megapixel phone photo is held as about 3 megapixels, not 48 MB of pixels. PNG decodes at full size.
        var size = DecodeSize(codec);
        if ((long)size.Width * size.Height > MaxDecodedPixels)
        {
            return Fail(PhotoError.TooManyPixels);
        }

        var info = new SKImageInfo(size.Width, size.Height, SKColorType.Rgba8888, SKAlphaType.Premul);
        using var decoded = new SKBitmap(info);
        // A truncated file decodes "partly" (IncompleteInput): refuse it rather than store a half-grey photo.
        if (codec.GetPixels(info, decoded.GetPixels()) != SKCodecResult.Success)
        {
            return Fail(PhotoError.Unreadable);
        }

        using var upright = Upright(decoded, codec.EncodedOrigin);
        return Encode(upright);
    }

    /// <summary>
    /// Encodes a drawn picture (the demo flock's portraits) through the same resize and re-encode as an upload, without
    /// a detour through an encoded file.
    /// </summary>
    public static PhotoIntakeResult FromBitmap(SKBitmap bitmap) => Encode(bitmap);

    /// <summary>
    /// A phone's file name made safe to show in a message: no folders (<c>../../etc/passwd</c> is <c>passwd</c>), no
    /// control characters, not too long. Never used to store anything: stored files get generated names.
    /// </summary>
    public static string SafeFileName(string? fileName)
    {
        var name = (fileName ?? "").Replace('\\', '/');
        name = new string([.. name[(name.LastIndexOf('/') + 1)..].Where(c => !char.IsControl(c) && !char.IsSurrogate(c))]).Trim();
        if (name.Trim('.').Length == 0)
        {
            return "photo";
        }

        return name.Length <= MaxNameLength ? name : string.Concat(name.AsSpan(0, MaxNameLength - 25), "…", name.AsSpan(name.Length - 24));
    }

    public static bool LooksLikeAllowedImage(ReadOnlySpan<byte> bytes) =>
        bytes.StartsWith((byte[])[0xFF, 0xD8, 0xFF])
        || bytes.StartsWith((byte[])[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        || (bytes.Length >= 12 && bytes[..4].SequenceEqual("RIFF"u8) && bytes.Slice(8, 4).SequenceEqual("WEBP"u8));

    /// <summary>The smallest size the codec can decode to whose long edge still covers the large copy.</summary>
    private static SKSizeI DecodeSize(SKCodec codec)
    {
        var longEdge = Math.Max(codec.Info.Width, codec.Info.Height);
        var needed = Math.Min(LargeEdge, longEdge);
        // JPEG scales in eighths and rounds down: step up until the long edge is big enough.
        for (var scale = (float)needed / longEdge; scale < 1f; scale += 1f / 8)
        {
            var size = codec.GetScaledDimensions(scale);
            if (Math.Max(size.Width, size.Height) >= needed)
            {
                return size;
            }
        }

        return codec.Info.Size;
    }

    private static PhotoIntakeResult Encode(SKBitmap upright)
    {
        if (Math.Min(upright.Width, upright.Height) < MinimumEdge)
        {
            return Fail(PhotoError.TooSmall);
        }

        var scale = Math.Min(1.0, (double)LargeEdge / Math.Max(upright.Width, upright.Height));
        var width = Math.Max(1, (int)Math.Round(upright.Width * scale));
        var height = Math.Max(1, (int)Math.Round(upright.Height * scale));
        using var image = SKImage.FromBitmap(upright);
        var large = Draw(image, width, height, new SKRect(0, 0, upright.Width, upright.Height));
        var thumbnail = Draw(image, ThumbnailWidth, ThumbnailHeight, CoverCrop(upright.Width, upright.Height, ThumbnailWidth, ThumbnailHeight));
        return new PhotoIntakeResult(PhotoError.None, new ProcessedPhoto(large, thumbnail, width, height));
    }

    private static byte[] Draw(SKImage image, int width, int height, SKRect sourceRect)
    {
        // The platform's own pixel order: Skia's fast blitters work on it; any other order takes a path several times slower.
        using var surface = SKSurface.Create(new SKImageInfo(width, height, SKImageInfo.PlatformColorType, SKAlphaType.Premul));
        var canvas = surface.Canvas;
        canvas.Clear(SKColors.White);
        var sampling = SamplingFor(sourceRect, width, height);
        canvas.DrawImage(image, sourceRect, new SKRect(0, 0, width, height), sampling);
        using var snapshot = surface.Snapshot();
        using var jpeg = snapshot.Encode(SKEncodedImageFormat.Jpeg, JpegQuality);
        return jpeg.ToArray();
    }

    /// <summary>
    /// Same size: the pixels as they are. Exactly half size: bilinear sampling lands between four pixels and averages
    /// them, a clean box filter at a tenth of the cost of Mitchell. Anything else: Mitchell.
    /// </summary>
    private static SKSamplingOptions SamplingFor(SKRect source, int width, int height) =>
        (source.Width / width, source.Height / height) switch
        {
            (1, 1) => SKSamplingOptions.Default,
            (2, 2) => new SKSamplingOptions(SKFilterMode.Linear),
            _ => new SKSamplingOptions(SKCubicResampler.Mitchell),
        };

    private static SKRect CoverCrop(int sourceWidth, int sourceHeight, int targetWidth, int targetHeight)
    {
        var targetRatio = (float)targetWidth / targetHeight;
        var sourceRatio = (float)sourceWidth / sourceHeight;
        if (sourceRatio > targetRatio)
        {
            var cropWidth = sourceHeight * targetRatio;
            var left = (sourceWidth - cropWidth) / 2;
            return new SKRect(left, 0, left + cropWidth, sourceHeight);
        }

        var cropHeight = sourceWidth / targetRatio;
        var top = (sourceHeight - cropHeight) / 2;
        return new SKRect(0, top, sourceWidth, top + cropHeight);
    }

    private static SKBitmap Upright(SKBitmap bitmap, SKEncodedOrigin origin)
    {
        if (origin is SKEncodedOrigin.TopLeft or SKEncodedOrigin.Default)
        {
            return bitmap.Copy();
        }

        var swap = origin is SKEncodedOrigin.LeftTop or SKEncodedOrigin.RightTop or SKEncodedOrigin.RightBottom or SKEncodedOrigin.LeftBottom;
        var rotated = new SKBitmap(swap ? bitmap.Height : bitmap.Width, swap ? bitmap.Width : bitmap.Height);
        using var canvas = new SKCanvas(rotated);
        canvas.Translate(rotated.Width / 2f, rotated.Height / 2f);
        switch (origin)
        {
            case SKEncodedOrigin.TopRight: canvas.Scale(-1, 1); break;
            case SKEncodedOrigin.BottomRight: canvas.RotateDegrees(180); break;
            case SKEncodedOrigin.BottomLeft: canvas.Scale(1, -1); break;
            case SKEncodedOrigin.LeftTop: canvas.RotateDegrees(90); canvas.Scale(1, -1); break;
            case SKEncodedOrigin.RightTop: canvas.RotateDegrees(90); break;
            case SKEncodedOrigin.RightBottom: canvas.RotateDegrees(-90); canvas.Scale(1, -1); break;
            case SKEncodedOrigin.LeftBottom: canvas.RotateDegrees(-90); break;
        }

        canvas.Translate(-bitmap.Width / 2f, -bitmap.Height / 2f);
        using var image = SKImage.FromBitmap(bitmap);
        canvas.DrawImage(image, 0, 0, new SKSamplingOptions(SKFilterMode.Linear));
        return rotated;
    }

    private static PhotoIntakeResult Fail(PhotoError error) => new(error, null);
}
