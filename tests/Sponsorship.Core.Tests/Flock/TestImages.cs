using System.Buffers.Binary;
using System.Text;
using SkiaSharp;

namespace Sponsorship.Core.Tests.Flock;

/// <summary>
/// Photo fixtures made in code: pictures drawn with SkiaSharp, then edited byte by byte (EXIF blocks with GPS and
/// orientation spliced in, files cut short, headers forged). No binary files in the repository.
/// </summary>
public static class TestImages
{
    /// <summary>A string put in the GPS block, so a test can show the original carries it and the stored copy does not.</summary>
    public const string GpsMarker = "TAIBUS-HOME-41.8N-115.3E";

    /// <summary>Left half <paramref name="left"/>, right half <paramref name="right"/>: shows which way a photo was turned.</summary>
    public static byte[] Encode(SKEncodedImageFormat format, int width, int height, SKColor? left = null, SKColor? right = null, int quality = 90)
    {
        using var bitmap = new SKBitmap(width, height);
        using (var canvas = new SKCanvas(bitmap))
        {
            using var paint = new SKPaint { Color = left ?? SKColors.ForestGreen };
            canvas.DrawRect(0, 0, width / 2f, height, paint);
            paint.Color = right ?? SKColors.SkyBlue;
            canvas.DrawRect(width / 2f, 0, width - (width / 2f), height, paint);
        }

        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(format, quality);
        return data.ToArray();
    }

    public static byte[] Jpeg(int width = 800, int height = 600, SKColor? left = null, SKColor? right = null) =>
        Encode(SKEncodedImageFormat.Jpeg, width, height, left, right);

    public static byte[] Png(int width = 800, int height = 600) => Encode(SKEncodedImageFormat.Png, width, height);

    public static byte[] Webp(int width = 800, int height = 600) => Encode(SKEncodedImageFormat.Webp, width, height);

    /// <summary>A JPEG with an EXIF APP1 segment right after the start marker, as a phone camera writes it.</summary>
    public static byte[] WithExif(byte[] jpeg, ushort? orientation = null, bool gps = false)
    {
        var tiff = ExifTiff(orientation, gps);
        var segment = new List<byte> { 0xFF, 0xE1 };
        var payload = Encoding.ASCII.GetBytes("Exif\0\0").Concat(tiff).ToArray();
        segment.Add((byte)((payload.Length + 2) >> 8));
        segment.Add((byte)((payload.Length + 2) & 0xFF));
        segment.AddRange(payload);
        return [.. jpeg.Take(2), .. segment, .. jpeg.Skip(2)];
    }

    /// <summary>A PNG with an <c>eXIf</c> chunk (EXIF with a GPS block) before its image data.</summary>
    public static byte[] PngWithExif(byte[] png)
    {
        // Signature (8) + IHDR chunk (4 length + 4 type + 13 data + 4 CRC) = 33 bytes, then the new chunk.
        return [.. png.Take(33), .. Chunk("eXIf", ExifTiff(orientation: null, gps: true)), .. png.Skip(33)];
    }

    /// <summary>
    /// A valid PNG header claiming <paramref name="width"/> × <paramref name="height"/> pixels with almost no data: the shape
    /// of a decompression bomb, a few hundred bytes that would need gigabytes to decode.
    /// </summary>
    public static byte[] PngHeaderOnly(int width, int height)
    {
        var ihdr = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = 8; // bit depth
        ihdr[9] = 2; // RGB
        byte[] signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
        byte[] zlibOfNothing = [0x78, 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01];
        return [.. signature, .. Chunk("IHDR", ihdr), .. Chunk("IDAT", zlibOfNothing), .. Chunk("IEND", [])];
    }

    /// <summary>The first 60 % of a file, as when the signal drops mid-upload and a careless client sends what it has.</summary>
    public static byte[] Truncated(byte[] bytes) => bytes[..(bytes.Length * 6 / 10)];

    /// <summary>What a Windows program starts with: a renamed .exe.</summary>
    public static byte[] WindowsExecutable()
    {
        var bytes = new byte[4096];
        "MZ"u8.CopyTo(bytes);
        bytes[0x3C] = 0x80;
        "PE\0\0"u8.CopyTo(bytes.AsSpan(0x80));
        return bytes;
    }

    public static bool ContainsExif(byte[] bytes) =>
        bytes.AsSpan().IndexOf("Exif\0\0"u8) >= 0 || bytes.AsSpan().IndexOf("eXIf"u8) >= 0;

    public static bool ContainsGpsMarker(byte[] bytes) => bytes.AsSpan().IndexOf(Encoding.ASCII.GetBytes(GpsMarker)) >= 0;

    public static SKColor PixelAt(byte[] encoded, float xFraction, float yFraction)
    {
        using var bitmap = SKBitmap.Decode(encoded);
        return bitmap.GetPixel((int)(bitmap.Width * xFraction), (int)(bitmap.Height * yFraction));
    }

    /// <summary>Little-endian TIFF with IFD0 (orientation, pointer to GPS) and a GPS IFD (latitude, longitude, a datum text).</summary>
    private static byte[] ExifTiff(ushort? orientation, bool gps)
    {
        var entries = new List<(ushort Tag, ushort Type, uint Count, uint Value)>();
        if (orientation is { } o)
        {
            entries.Add((0x0112, 3, 1, o));
        }

        var ifd0Size = 2 + ((entries.Count + (gps ? 1 : 0)) * 12) + 4;
        var gpsOffset = (uint)(8 + ifd0Size);
        if (gps)
        {
            entries.Add((0x8825, 4, 1, gpsOffset));
        }

        var tiff = new List<byte>();
        tiff.AddRange("II"u8.ToArray());
        tiff.AddRange(U16(42));
        tiff.AddRange(U32(8));
        WriteIfd(tiff, entries);
        if (!gps)
        {
            return [.. tiff];
        }

        // GPS IFD with 5 entries, then its data: two sets of three rationals and the datum text.
        var marker = Encoding.ASCII.GetBytes(GpsMarker + "\0");
        var gpsIfdSize = 2 + (5 * 12) + 4;
        var dataStart = gpsOffset + (uint)gpsIfdSize;
        var latitudeOffset = dataStart;
        var longitudeOffset = dataStart + 24;
        var markerOffset = dataStart + 48;
        WriteIfd(tiff,
        [
            (0x0001, 2, 2, 'N'),
            (0x0002, 5, 3, latitudeOffset),
            (0x0003, 2, 2, 'E'),
            (0x0004, 5, 3, longitudeOffset),
            (0x0012, 2, (uint)marker.Length, markerOffset),
        ]);
        foreach (var (numerator, denominator) in new (uint, uint)[] { (41, 1), (51, 1), (1234, 100), (115, 1), (18, 1), (4321, 100) })
        {
            tiff.AddRange(U32(numerator));
            tiff.AddRange(U32(denominator));
        }

        tiff.AddRange(marker);
        return [.. tiff];
    }

    private static void WriteIfd(List<byte> tiff, List<(ushort Tag, ushort Type, uint Count, uint Value)> entries)
    {
        tiff.AddRange(U16((ushort)entries.Count));
        foreach (var (tag, type, count, value) in entries)
        {
            tiff.AddRange(U16(tag));
            tiff.AddRange(U16(type));
            tiff.AddRange(U32(count));
            // A SHORT or short ASCII value sits left-aligned in the 4-byte value field.
            tiff.AddRange(type == 3 ? [.. U16((ushort)value), 0, 0] : type == 2 && count <= 4 ? [(byte)value, 0, 0, 0] : U32(value));
        }

        tiff.AddRange(U32(0));
    }

    private static byte[] Chunk(string type, byte[] data)
    {
        var typeBytes = Encoding.ASCII.GetBytes(type);
        var chunk = new byte[12 + data.Length];
        BinaryPrimitives.WriteInt32BigEndian(chunk, data.Length);
        typeBytes.CopyTo(chunk, 4);
        data.CopyTo(chunk, 8);
        BinaryPrimitives.WriteUInt32BigEndian(chunk.AsSpan(8 + data.Length), Crc32([.. typeBytes, .. data]));
        return chunk;
    }

    private static uint Crc32(byte[] bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }

        return crc ^ 0xFFFFFFFFu;
    }

    private static byte[] U16(ushort value) => [(byte)value, (byte)(value >> 8)];

    private static byte[] U32(uint value) => [(byte)value, (byte)(value >> 8), (byte)(value >> 16), (byte)(value >> 24)];
}
