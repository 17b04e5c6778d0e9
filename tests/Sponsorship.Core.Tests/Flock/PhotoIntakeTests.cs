using SkiaSharp;
using Sponsorship.Core.Flock;

namespace Sponsorship.Core.Tests.Flock;

/// <summary>The upload corpus: what a phone (or someone pretending to be one) may send, and what becomes of it.</summary>
public class PhotoIntakeTests
{
    [Fact]
    public void A_renamed_executable_is_not_a_photo()
    {
        var result = PhotoIntake.Process(TestImages.WindowsExecutable());

        Assert.Equal(PhotoError.NotAnImage, result.Error);
        Assert.Null(result.Photo);
    }

    [Fact]
    public void A_gif_is_not_on_the_allow_list()
    {
        var result = PhotoIntake.Process("GIF89a\x01\x00\x01\x00\x00\x00\x00"u8);

        Assert.Equal(PhotoError.NotAnImage, result.Error);
    }

    [Fact]
    public void A_truncated_jpeg_is_refused_rather_than_stored_half_grey()
    {
        var result = PhotoIntake.Process(TestImages.Truncated(TestImages.Jpeg(1200, 900)));

        Assert.Equal(PhotoError.Unreadable, result.Error);
    }

    [Fact]
    public async Task A_40_MB_upload_is_refused_after_reading_just_past_the_cap()
    {
        var upload = new CountingStream(TestImages.Jpeg(), 40 * 1024 * 1024);

        var result = await PhotoIntake.ProcessAsync(upload);

        Assert.Equal(PhotoError.TooLarge, result.Error);
        Assert.True(upload.BytesRead <= PhotoIntake.MaxBytes + 1, $"read {upload.BytesRead} bytes");
    }

    [Fact]
    public void An_empty_file_is_refused()
    {
        Assert.Equal(PhotoError.Empty, PhotoIntake.Process([]).Error);
    }

    [Fact]
    public void A_tiny_image_is_refused()
    {
        Assert.Equal(PhotoError.TooSmall, PhotoIntake.Process(TestImages.Png(10, 10)).Error);
    }

    [Fact]
    public void A_decompression_bomb_is_refused_from_its_header_without_decoding()
    {
        var bomb = TestImages.PngHeaderOnly(30_000, 30_000);

        var result = PhotoIntake.Process(bomb);

        Assert.True(bomb.Length < 200);
        Assert.Equal(PhotoError.TooManyPixels, result.Error);
    }

    [Fact]
    public void A_png_carrying_a_gps_exif_block_is_stored_without_it()
    {
        var png = TestImages.PngWithExif(TestImages.Png(640, 480));
        Assert.True(TestImages.ContainsGpsMarker(png));

        var result = PhotoIntake.Process(png);

        Assert.True(result.Succeeded, result.Error.ToString());
        foreach (var stored in new[] { result.Photo!.Large, result.Photo.Thumbnail })
        {
            Assert.False(TestImages.ContainsExif(stored));
            Assert.False(TestImages.ContainsGpsMarker(stored));
        }
    }

    [Fact]
    public void A_jpeg_from_a_phone_camera_loses_its_gps_block()
    {
        var jpeg = TestImages.WithExif(TestImages.Jpeg(), orientation: 1, gps: true);
        Assert.True(TestImages.ContainsGpsMarker(jpeg));

        var result = PhotoIntake.Process(jpeg);

        Assert.True(result.Succeeded, result.Error.ToString());
        Assert.False(TestImages.ContainsExif(result.Photo!.Large));
        Assert.False(TestImages.ContainsGpsMarker(result.Photo.Large));
        Assert.False(TestImages.ContainsGpsMarker(result.Photo.Thumbnail));
    }

    [Fact]
    public void A_jpeg_whose_exif_says_rotate_is_stored_upright()
    {
        // Stored 400 × 200 (green left, blue right); orientation 6 means "turn 90° clockwise to view".
        var jpeg = TestImages.WithExif(TestImages.Jpeg(400, 200, SKColors.Green, SKColors.Blue), orientation: 6);

        var result = PhotoIntake.Process(jpeg);

        Assert.True(result.Succeeded, result.Error.ToString());
        Assert.Equal((200, 400), (result.Photo!.Width, result.Photo.Height));
        var top = TestImages.PixelAt(result.Photo.Large, 0.5f, 0.2f);
        var bottom = TestImages.PixelAt(result.Photo.Large, 0.5f, 0.8f);
        Assert.True(top.Green > 100 && top.Blue < 80, $"top is {top}");
        Assert.True(bottom.Blue > 180 && bottom.Green < 80, $"bottom is {bottom}");
    }

    [Fact]
    public void A_webp_is_accepted()
    {
        var result = PhotoIntake.Process(TestImages.Webp(640, 480));

        Assert.True(result.Succeeded, result.Error.ToString());
        Assert.Equal((640, 480), (result.Photo!.Width, result.Photo.Height));
    }

    [Fact]
    public void A_big_phone_photo_becomes_a_large_copy_and_a_thumbnail_both_jpeg()
    {
        var result = PhotoIntake.Process(TestImages.Jpeg(4000, 3000));

        Assert.True(result.Succeeded, result.Error.ToString());
        Assert.Equal((PhotoIntake.LargeEdge, 1200), (result.Photo!.Width, result.Photo.Height));
        using var large = SKBitmap.Decode(result.Photo.Large);
        using var thumbnail = SKBitmap.Decode(result.Photo.Thumbnail);
        Assert.Equal((1600, 1200), (large.Width, large.Height));
        Assert.Equal((PhotoIntake.ThumbnailWidth, PhotoIntake.ThumbnailHeight), (thumbnail.Width, thumbnail.Height));
        Assert.True(result.Photo.Large.AsSpan().StartsWith((byte[])[0xFF, 0xD8, 0xFF]));
    }

    [Theory]
    [InlineData("../../etc/passwd.jpg", "passwd.jpg")]
    [InlineData("..\\..\\Windows\\win.ini", "win.ini")]
    [InlineData("/var/www/IMG_2033.exe", "IMG_2033.exe")]
    [InlineData("..", "photo")]
    [InlineData("", "photo")]
    [InlineData(null, "photo")]
    [InlineData("bad\u0000name\r\n.jpg", "badname.jpg")]
    public void File_names_are_made_safe_to_show(string? name, string expected)
    {
        Assert.Equal(expected, PhotoIntake.SafeFileName(name));
    }

    [Fact]
    public void Very_long_file_names_are_shortened_keeping_the_end()
    {
        var name = new string('a', 300) + "-IMG_2033.jpeg";

        var safe = PhotoIntake.SafeFileName(name);

        Assert.True(safe.Length <= 80);
        Assert.EndsWith("IMG_2033.jpeg", safe, StringComparison.Ordinal);
    }

    /// <summary>A long upload made of a real photo's first bytes and then filler, counting how much the reader took.</summary>
    private sealed class CountingStream(byte[] head, long length) : Stream
    {
        private long position;

        public long BytesRead => position;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => length;

        public override long Position
        {
            get => position;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = (int)Math.Min(count, length - position);
            for (var i = 0; i < n; i++)
            {
                var at = position + i;
                buffer[offset + i] = at < head.Length ? head[at] : (byte)0x55;
            }

            position += n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
