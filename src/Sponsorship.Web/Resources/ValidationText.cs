using System.Globalization;
using System.Resources;

namespace Sponsorship.Web.Resources;

/// <summary>
/// Data-annotation messages in the reader's language. Blazor's DataAnnotationsValidator does not use
/// IStringLocalizer, but attributes accept a type with static string properties
/// (<c>ErrorMessageResourceType = typeof(ValidationText), ErrorMessageResourceName = nameof(ValidationText.Required)</c>).
/// </summary>
public static class ValidationText
{
    private static readonly ResourceManager Resources = new(typeof(Strings).FullName!, typeof(Strings).Assembly);

    public static string Required => Get("Validation.Required");

    public static string Email => Get("Validation.Email");

    public static string PasswordLength => Get("Validation.PasswordLength");

    public static string PasswordsDiffer => Get("Validation.PasswordsDiffer");

    public static string CodeFormat => Get("Validation.CodeFormat");

    public static string Phone => Get("Validation.Phone");

    /// <summary>For <c>StringLength</c>: {1} is the maximum length.</summary>
    public static string TooLong => Get("Validation.TooLong");

    /// <summary>The registration form's privacy consent box was not ticked.</summary>
    public static string PrivacyConsent => Get("Validation.PrivacyConsent");

    /// <summary>The consent page's box was not ticked.</summary>
    public static string PrivacyConsentAgain => Get("Validation.PrivacyConsentAgain");

    private static string Get(string key) => Resources.GetString(key, CultureInfo.CurrentUICulture) ?? key;
}
