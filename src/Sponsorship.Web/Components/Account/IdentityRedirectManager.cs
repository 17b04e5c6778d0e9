using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;
using Sponsorship.Core.Identity;
using Sponsorship.Web.Features.Languages;
using Sponsorship.Web.Resources;

namespace Sponsorship.Web.Components.Account;

internal sealed class IdentityRedirectManager(NavigationManager navigationManager, IStringLocalizer<Strings> l)
{
    public const string StatusCookieName = "Identity.StatusMessage";

    private static readonly CookieBuilder StatusCookieBuilder = new()
    {
        SameSite = SameSiteMode.Strict,
        HttpOnly = true,
        IsEssential = true,
        MaxAge = TimeSpan.FromSeconds(5),
    };

    /// <summary>
    /// Goes to <paramref name="uri"/> if it is on this site, else to the start page: a return address comes from the query
    /// string, so another host (<c>http://evil</c>, <c>//evil</c>, <c>/\evil</c>) must not be followed, and junk (spaces,
    /// <c>&lt;</c>, Chinese) must not throw, as the template's check did (500).
    /// </summary>
    public void RedirectTo(string? uri)
    {
        uri ??= "";
        var path = uri.StartsWith(navigationManager.BaseUri, StringComparison.OrdinalIgnoreCase) ? "/" + uri[navigationManager.BaseUri.Length..]
            : uri.StartsWith('/') ? uri
            : Uri.IsWellFormedUriString(uri, UriKind.Relative) ? "/" + uri
            : "/";
        navigationManager.NavigateTo(LanguageSetup.LocalPath(path));
    }

    public void RedirectTo(string uri, Dictionary<string, object?> queryParameters)
    {
        var uriWithoutQuery = navigationManager.ToAbsoluteUri(uri).GetLeftPart(UriPartial.Path);
        var newUri = navigationManager.GetUriWithQueryParameters(uriWithoutQuery, queryParameters);
        RedirectTo(newUri);
    }

    public void RedirectToWithStatus(string uri, string message, HttpContext context)
    {
        context.Response.Cookies.Append(StatusCookieName, message, StatusCookieBuilder.Build(context));
        RedirectTo(uri);
    }

    private string CurrentPath => navigationManager.ToAbsoluteUri(navigationManager.Uri).GetLeftPart(UriPartial.Path);

    public void RedirectToCurrentPage() => RedirectTo(CurrentPath);

    public void RedirectToCurrentPageWithStatus(string message, HttpContext context)
        => RedirectToWithStatus(CurrentPath, message, context);

    public void RedirectToInvalidUser(UserManager<ApplicationUser> userManager, HttpContext context)
        => RedirectToWithStatus("Account/InvalidUser", $"Error: {l["InvalidUser.Status"]}", context);
}
