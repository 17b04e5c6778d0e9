using System.Text.RegularExpressions;

namespace Sponsorship.Core.Storage;

/// <summary>
/// The one rule for file-store keys, shared by every <see cref="IFileStore"/>: lower-case folders and names, one dot
/// before the extension — no "..", no absolute paths, no backslashes, so no key can climb out of a folder or container.
/// </summary>
public static partial class FileStoreKey
{
    public static bool IsValid(string? key) => key is not null && ValidKey().IsMatch(key);

    public static void ThrowIfInvalid(string? key)
    {
        if (!IsValid(key))
        {
            throw new ArgumentException($"Not a valid file-store key: '{key}'.", nameof(key));
        }
    }

    /// <summary>The media type stored with a file, from its extension (browsers and the blob service read it).</summary>
    public static string ContentType(string key) => Path.GetExtension(key) switch
    {
        ".jpg" or ".jpeg" => "image/jpeg",
        ".png" => "image/png",
        ".webp" => "image/webp",
        ".pdf" => "application/pdf",
        ".zip" => "application/zip",
        ".csv" => "text/csv",
        ".eml" => "message/rfc822",
        _ => "application/octet-stream",
    };

    [GeneratedRegex("^[a-z0-9]+(/[a-z0-9-]+)*/[a-z0-9-]+\\.[a-z0-9]{2,5}$")]
    private static partial Regex ValidKey();
}
