using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.Localization;
using Sponsorship.Core.Identity;
using Sponsorship.Web.Components.Common;

namespace Sponsorship.Web.Features.Languages;

/// <summary>
/// The language the switch chose (remembered in a cookie for a year); before any choice, the one the browser asks for
/// (<c>Accept-Language</c>, so <c>en-US</c> reads English); zh-CN when neither names a language we have.
/// </summary>
public static class LanguageSetup
{
    public const string SwitchPath = "/language";

    public static WebApplicationBuilder AddLanguages(this WebApplicationBuilder builder)
    {
        builder.Services.AddLocalization();
        builder.Services.AddTransient<MudBlazor.MudLocalizer, MudBlazorWords>();

        // Chinese stays Chinese in the HTML (the default encoder writes every character as &#x…;).
        builder.Services.AddSingleton(HtmlEncoder.Create(UnicodeRanges.All));
        builder.Services.Configure<RequestLocalizationOptions>(options =>
        {
            var cultures = Cultures.Supported.Select(WithGlossaryDates).ToList();
            options.DefaultRequestCulture = new RequestCulture(Cultures.Default);
            options.SupportedCultures = cultures;
            options.SupportedUICultures = cultures;
            options.RequestCultureProviders = [new CookieRequestCultureProvider(), new AcceptLanguageHeaderRequestCultureProvider()];
        });
        return builder;
    }

    /// <summary>A supported language whose short date (<c>ToString("d")</c> on any page) is written as <see cref="Text.Date"/> writes it.</summary>
    private static CultureInfo WithGlossaryDates(string name)
    {
        var culture = new CultureInfo(name);
        culture.DateTimeFormat.ShortDatePattern = Cultures.IsChinese(culture) ? Text.ChineseDatePattern : Text.EnglishDatePattern;
        return culture;
    }

    public static WebApplication UseLanguages(this WebApplication app)
    {
        app.UseRequestLocalization();
        return app;
    }

    /// <summary><c>GET /language?culture=en&amp;returnUrl=/sheep</c> sets the cookie and goes back to the page.</summary>
    public static WebApplication MapLanguageSwitch(this WebApplication app)
    {
        app.MapGet(SwitchPath, (HttpContext context, string? culture, string? returnUrl) =>
        {
            var chosen = Cultures.Supported.Contains(culture ?? "") ? culture! : Cultures.Default;
            context.Response.Cookies.Append(
                CookieRequestCultureProvider.DefaultCookieName,
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(chosen)),
                new CookieOptions
                {
                    MaxAge = TimeSpan.FromDays(365),
                    IsEssential = true,
                    HttpOnly = false,
                    SameSite = SameSiteMode.Lax,
                });
            return Results.LocalRedirect(LocalPath(returnUrl));
        }).AllowAnonymous();
        return app;
    }

    /// <summary>
    /// A path on this site to go back to, or <c>/</c>: anything that a browser could read as another host (<c>//evil</c>,
    /// <c>/\evil</c>), or that carries control characters, is not one. It becomes a Location header, which carries ASCII
    /// only, so other characters (a village's name in Chinese) are percent-encoded.
    /// </summary>
    public static string LocalPath(string? url) =>
        url is { Length: > 0 } && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\')) && !url.Any(char.IsControl)
            ? EscapeNonAscii(url)
            : "/";

    private static string EscapeNonAscii(string url)
    {
        if (url.All(char.IsAscii))
        {
            return url;
        }

        var escaped = new StringBuilder(url.Length * 3);
        Span<byte> utf8 = stackalloc byte[4];
        foreach (var rune in url.EnumerateRunes())
        {
            if (rune.IsAscii)
            {
                escaped.Append((char)rune.Value);
                continue;
            }

            foreach (var b in utf8[..rune.EncodeToUtf8(utf8)])
            {
                escaped.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return escaped.ToString();
    }

    public static string SwitchUrl(string culture, string returnUrl) =>
        $"{SwitchPath}?culture={Uri.EscapeDataString(culture)}&returnUrl={Uri.EscapeDataString(returnUrl)}";
}
