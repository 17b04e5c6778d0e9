using System.Text;

namespace Sponsorship.Core.Data;

/// <summary>
/// The text of a file a person uploaded (a CSV saved by Excel, a bank statement): strict UTF-8 first (a BOM is
/// dropped); bytes that are not UTF-8 are GB18030, the encoding Excel uses for CSV on a Chinese Windows. UTF-16 with a
/// BOM ("Unicode text") is read too.
/// </summary>
public static class UploadedText
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    static UploadedText() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <returns>The text and the name of the encoding it was read in ("UTF-8", "UTF-8 BOM", "GB18030", "UTF-16").</returns>
    public static (string Text, string Encoding) Decode(byte[] content)
    {
        ArgumentNullException.ThrowIfNull(content);
        ReadOnlySpan<byte> bytes = content;
        if (bytes.StartsWith((byte[])[0xEF, 0xBB, 0xBF]))
        {
            var body = bytes[3..];
            return TryUtf8(body, out var text) ? (text, "UTF-8 BOM") : (Gb18030().GetString(body), "GB18030");
        }

        if (bytes.StartsWith((byte[])[0xFF, 0xFE]))
        {
            return (Encoding.Unicode.GetString(bytes[2..]), "UTF-16");
        }

        if (bytes.StartsWith((byte[])[0xFE, 0xFF]))
        {
            return (Encoding.BigEndianUnicode.GetString(bytes[2..]), "UTF-16");
        }

        return TryUtf8(bytes, out var utf8) ? (utf8, "UTF-8") : (Gb18030().GetString(bytes), "GB18030");
    }

    private static Encoding Gb18030() => Encoding.GetEncoding("GB18030");

    private static bool TryUtf8(ReadOnlySpan<byte> bytes, out string text)
    {
        try
        {
            text = StrictUtf8.GetString(bytes);
            return true;
        }
        catch (DecoderFallbackException)
        {
            text = "";
            return false;
        }
    }
}
