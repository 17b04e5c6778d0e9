using System.Globalization;
using System.Net;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;
using Sponsorship.Web.Resources;

namespace Sponsorship.Web.Features.Security;

/// <summary>
/// Fixed windows per client IP address. Sign-in and registration POSTs are limited by path (they are Razor component
/// forms, and only their POSTs count); other endpoints opt in by policy name, e.g.
/// <c>.RequireRateLimiting(RateLimits.Verification)</c>. Behind a proxy the client address comes from
/// X-Forwarded-For (<c>ASPNETCORE_FORWARDEDHEADERS_ENABLED=true</c>, see infra/README.md).
/// </summary>
public static class RateLimits
{
    /// <summary>The policy name for certificate verification pages and endpoints.</summary>
    public const string Verification = "verification";

    private static readonly string[] SignInPaths = ["/Account/Login", "/Account/LoginWith2fa", "/Account/LoginWithRecoveryCode"];

    private static readonly string[] RegistrationPaths = ["/Account/Register", "/Account/ForgotPassword", "/Account/ResendEmailConfirmation"];

    internal static void Configure(RateLimiterOptions limiter, RateLimitOptions limits)
    {
        limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
        {
            if (!HttpMethods.IsPost(context.Request.Method))
            {
                return RateLimitPartition.GetNoLimiter("");
            }

            var path = context.Request.Path;
            if (SignInPaths.Any(p => path.Equals(p, StringComparison.OrdinalIgnoreCase)))
            {
                return Window("sign-in:" + ClientAddress(context), limits.SignIn);
            }

            return RegistrationPaths.Any(p => path.Equals(p, StringComparison.OrdinalIgnoreCase))
                ? Window("registration:" + ClientAddress(context), limits.Registration)
                : RateLimitPartition.GetNoLimiter("");
        });
        limiter.AddPolicy(Verification, context => Window(ClientAddress(context), limits.Verification));
        limiter.OnRejected = (rejected, cancellationToken) => WriteRejectionAsync(rejected.HttpContext, rejected.Lease, cancellationToken);
    }

    private static RateLimitPartition<string> Window(string key, RateLimitWindow window) =>
        RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = window.PermitLimit,
            Window = TimeSpan.FromSeconds(window.WindowSeconds),
            QueueLimit = 0,
        });

    private static string ClientAddress(HttpContext context) =>
        context.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    /// <summary>A small page in the reader's language (the language middleware has run) saying to wait, and how long.</summary>
    private static async ValueTask WriteRejectionAsync(HttpContext context, RateLimitLease lease, CancellationToken cancellationToken)
    {
        var seconds = lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? (int)Math.Ceiling(retryAfter.TotalSeconds) : 60;
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        context.Response.ContentType = "text/html; charset=utf-8";
        var l = context.RequestServices.GetRequiredService<IStringLocalizer<Strings>>();
        string E(string text) => WebUtility.HtmlEncode(text);
        var html = $"""
            <!DOCTYPE html>
            <html lang="{E(CultureInfo.CurrentUICulture.Name)}">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1.0" />
                <title>{E(l["RateLimit.Title"])}</title>
                <link rel="stylesheet" href="/css/app.css" />
            </head>
            <body>
                <main class="empty-state" data-testid="rate-limited">
                    <img src="/images/lost-sheep.svg" alt="" width="160" height="120" />
                    <h1>{E(l["RateLimit.Title"])}</h1>
                    <p>{E(string.Format(CultureInfo.CurrentCulture, l["RateLimit.Body"], seconds))}</p>
                    <p><a href="/">{E(l["RateLimit.Home"])}</a></p>
                </main>
            </body>
            </html>
            """;
        await context.Response.WriteAsync(html, cancellationToken);
    }
}
