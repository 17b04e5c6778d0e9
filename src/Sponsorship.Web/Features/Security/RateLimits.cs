using System.Globalization;
using System.Net;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;
using Sponsorship.Web.Resources;

namespace Sponsorship.Web.Features.Security;

/// <summary>
/// Fixed windows per client IP address. The sign-in and registration pages opt in by endpoint metadata
/// (<c>[EnableRateLimiting(RateLimits.SignIn)]</c> on the component), so every spelling the router accepts for them —
/// <c>/account/login</c>, <c>/Account/Login/</c> — is limited alike; only their POSTs count. Other endpoints opt in by
/// policy name, e.g. <c>.RequireRateLimiting(RateLimits.Verification)</c>. Behind a proxy the client address comes from
/// X-Forwarded-For (<c>ASPNETCORE_FORWARDEDHEADERS_ENABLED=true</c>, see infra/README.md).
/// </summary>
public static class RateLimits
{
    /// <summary>The policy name for certificate verification pages and endpoints.</summary>
    public const string Verification = "verification";

    /// <summary>The policy of the sign-in pages (password, two-factor code, recovery code).</summary>
    public const string SignIn = "sign-in";

    /// <summary>The policy of the pages that create an account or send account mail.</summary>
    public const string Registration = "registration";

    internal static void Configure(RateLimiterOptions limiter, RateLimitOptions limits)
    {
        limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        limiter.AddPolicy(SignIn, context => PostsOnly(context, "sign-in:", limits.SignIn));
        limiter.AddPolicy(Registration, context => PostsOnly(context, "registration:", limits.Registration));
        limiter.AddPolicy(Verification, context => Window(ClientAddress(context), limits.Verification));
        limiter.OnRejected = (rejected, cancellationToken) => WriteRejectionAsync(rejected.HttpContext, rejected.Lease, cancellationToken);
    }

    /// <summary>The client's address as the rate limits and the sign-in guard see it.</summary>
    public static string ClientAddress(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
    }

    private static RateLimitPartition<string> PostsOnly(HttpContext context, string prefix, RateLimitWindow window) =>
        HttpMethods.IsPost(context.Request.Method) ? Window(prefix + ClientAddress(context), window) : RateLimitPartition.GetNoLimiter("");

    private static RateLimitPartition<string> Window(string key, RateLimitWindow window) =>
        RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = window.PermitLimit,
            Window = TimeSpan.FromSeconds(window.WindowSeconds),
            QueueLimit = 0,
        });

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
