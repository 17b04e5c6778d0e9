using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.WebUtilities;

namespace Sponsorship.Core.Mail;

/// <summary>Which list a mail belongs to, for its unsubscribe link.</summary>
public enum MailList
{
    GrowthUpdates = 1,
    MonthlyDigest = 2,
}

public sealed record UnsubscribeRequest(string UserId, MailList List);

/// <summary>
/// Signed unsubscribe tokens: the user and the list, protected with the app's data-protection keys (kept in the
/// database, so every instance can check a link any instance wrote). A changed token does not verify.
/// </summary>
public sealed class UnsubscribeLinks(IDataProtectionProvider protection)
{
    public const string PagePath = "/mail/unsubscribe";
    public const string OneClickPath = "/mail/unsubscribe/one-click";

    private readonly IDataProtector protector = protection.CreateProtector("Sponsorship.Mail.Unsubscribe.v1");

    public string Token(string userId, MailList list) =>
        WebEncoders.Base64UrlEncode(protector.Protect(Encoding.UTF8.GetBytes($"{(int)list}:{userId}")));

    public UnsubscribeRequest? Read(string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 1000)
        {
            return null;
        }

        try
        {
            var text = Encoding.UTF8.GetString(protector.Unprotect(WebEncoders.Base64UrlDecode(token)));
            var colon = text.IndexOf(':', StringComparison.Ordinal);
            return colon > 0 && int.TryParse(text[..colon], out var list) && Enum.IsDefined((MailList)list)
                ? new UnsubscribeRequest(text[(colon + 1)..], (MailList)list)
                : null;
        }
        catch (Exception e) when (e is CryptographicException or FormatException)
        {
            return null;
        }
    }

    public string OneClickUrl(string baseUrl, string userId, MailList list) =>
        $"{baseUrl.TrimEnd('/')}{OneClickPath}?t={Token(userId, list)}";

    public string PageUrl(string baseUrl, string userId, MailList list) =>
        $"{baseUrl.TrimEnd('/')}{PagePath}?t={Token(userId, list)}";
}
