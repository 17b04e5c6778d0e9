using System.Security.Cryptography;

namespace Sponsorship.Web.Features.Security;

/// <summary>
/// The security headers on every response (nosniff, referrer policy, frame-ancestors, CSP; HSTS in SecuritySetup). The
/// Content-Security-Policy allows scripts only from this origin plus the one inline script Blazor writes (the import
/// map), which carries a per-request nonce (<see cref="Nonce"/>).
/// MudBlazor sets inline styles, so styles allow 'unsafe-inline'; the circuit's WebSocket is named explicitly because
/// not every browser counts ws:/wss: on the same host as 'self'.
/// </summary>
public static class SecurityHeaders
{
    private const string NonceItem = "Sponsorship.CspNonce";
    private const string OwnPolicyItem = "Sponsorship.OwnCsp";

    /// <summary>This response sets its own Content-Security-Policy and frame rules; the app-wide ones stay off it.</summary>
    public static void KeepOwnPolicy(HttpContext context) => context.Items[OwnPolicyItem] = true;

    /// <summary>The nonce of this request's CSP, for an inline script the app writes itself (the import map).</summary>
    public static string? Nonce(HttpContext? context) => context?.Items[NonceItem] as string;

    public static string ContentSecurityPolicy(HttpRequest request, string nonce, SecurityOptions options)
    {
        var host = request.Host.Value;
        string Extra(IEnumerable<string> sources) => string.Concat(sources.Select(s => " " + s));
        return string.Join("; ",
            "default-src 'self'",
            $"script-src 'self' 'nonce-{nonce}'",
            "style-src 'self' 'unsafe-inline'",
            $"img-src 'self' data: blob:{Extra(options.ImageSources)}",
            "font-src 'self' data:",
            $"connect-src 'self' ws://{host} wss://{host}{Extra(options.ConnectSources)}",
            "media-src 'self' blob:",
            "object-src 'none'",
            "base-uri 'self'",
            $"form-action 'self'{Extra(options.FormActionSources)}",
            "frame-ancestors 'none'");
    }

    /// <summary>Herders take photos in the browser: the camera is allowed for this origin, nothing else is.</summary>
    public const string PermissionsPolicy = "camera=(self), microphone=(), geolocation=(), payment=(self), usb=()";

    /// <summary>
    /// Makes this request's nonce and writes the headers when the response starts: an error page re-executed by the
    /// exception handler clears the headers first, and still gets them.
    /// </summary>
    internal static void Apply(HttpContext context, SecurityOptions options)
    {
        // Hex, not base64: a '+' would be written into the page as an HTML entity and no longer match the header.
        var nonce = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        context.Items[NonceItem] = nonce;
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;

            // An endpoint with a stricter policy of its own (a caught mail shown in the admins' sandboxed frame) keeps it.
            // (Blazor itself writes "frame-ancestors 'self'" on its pages, so an existing header alone says nothing.)
            if (!context.Items.ContainsKey(OwnPolicyItem))
            {
                headers.ContentSecurityPolicy = ContentSecurityPolicy(context.Request, nonce, options);
                headers.XFrameOptions = "DENY";
            }

            headers.XContentTypeOptions = "nosniff";
            if (string.IsNullOrEmpty(headers["Referrer-Policy"]))
            {
                headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
            }

            headers["Permissions-Policy"] = PermissionsPolicy;
            return Task.CompletedTask;
        });
    }
}
