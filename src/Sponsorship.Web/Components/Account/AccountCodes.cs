using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace Sponsorship.Web.Components.Account;

/// <summary>The tokens in confirmation and reset links: base64url text that a pasted or mangled link may break.</summary>
internal static class AccountCodes
{
    /// <summary>The token inside the link's code, or "" when the code is not base64url (Identity then refuses "" as invalid).</summary>
    public static string Decode(string? code)
    {
        try
        {
            return Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(code ?? ""));
        }
        catch (FormatException)
        {
            return "";
        }
    }
}
