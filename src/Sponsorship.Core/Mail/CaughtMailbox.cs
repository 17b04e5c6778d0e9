using System.Globalization;
using System.Text.RegularExpressions;
using MimeKit;

namespace Sponsorship.Core.Mail;

public sealed record CaughtMailSummary(string Id, string To, string Subject, DateTimeOffset At, string Kind);

/// <summary>The Development mailbox: the .eml files the catcher wrote, newest first, parsed with MimeKit.</summary>
public sealed partial class CaughtMailbox(string folder)
{
    public string Folder { get; } = folder;

    public static string NewFileName(DateTimeOffset at) =>
        $"{at.UtcDateTime.ToString("yyyyMMddHHmmssfff", CultureInfo.InvariantCulture)}-{Guid.NewGuid():N}.eml";

    public static bool IsValidId(string id) => IdPattern().IsMatch(id);

    public IReadOnlyList<CaughtMailSummary> List(int take = 200)
    {
        if (!Directory.Exists(Folder))
        {
            return [];
        }

        var list = new List<CaughtMailSummary>();
        foreach (var path in Directory.EnumerateFiles(Folder, "*.eml").OrderByDescending(Path.GetFileName, StringComparer.Ordinal).Take(take))
        {
            using var stream = File.OpenRead(path);
            var headers = HeaderList.Load(stream);
            var id = Path.GetFileNameWithoutExtension(path);
            var at = DateTime.ParseExact(id[..17], "yyyyMMddHHmmssfff", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
            list.Add(new CaughtMailSummary(
                id, headers[HeaderId.To] ?? "", headers[HeaderId.Subject] ?? "", new DateTimeOffset(at, TimeSpan.Zero),
                headers[MailMessageFactory.KindHeader] ?? ""));
        }

        return list;
    }

    /// <summary>The parsed message, or null for an unknown (or malformed) id.</summary>
    public async Task<MimeMessage?> LoadAsync(string id, CancellationToken cancellationToken = default)
    {
        if (!IsValidId(id))
        {
            return null;
        }

        var path = Path.Combine(Folder, id + ".eml");
        return File.Exists(path) ? await MimeMessage.LoadAsync(path, cancellationToken) : null;
    }

    /// <summary>Deletes every caught mail addressed to <paramref name="address"/> (a deleted account's); returns how many.</summary>
    public int EraseAddressedTo(string address)
    {
        if (string.IsNullOrWhiteSpace(address) || !Directory.Exists(Folder))
        {
            return 0;
        }

        var erased = 0;
        foreach (var path in Directory.EnumerateFiles(Folder, "*.eml"))
        {
            bool addressed;
            using (var stream = File.OpenRead(path))
            {
                var to = InternetAddressList.TryParse(HeaderList.Load(stream)[HeaderId.To] ?? "", out var list) ? list.Mailboxes : [];
                addressed = to.Any(m => string.Equals(m.Address, address, StringComparison.OrdinalIgnoreCase));
            }

            if (addressed)
            {
                File.Delete(path);
                erased++;
            }
        }

        return erased;
    }

    [GeneratedRegex("^[0-9]{17}-[0-9a-f]{32}$")]
    private static partial Regex IdPattern();
}
