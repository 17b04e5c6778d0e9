using Microsoft.AspNetCore.HostFiltering;
using Microsoft.Extensions.Options;
using Sponsorship.Web.Features.Operations;

namespace Sponsorship.Web.Features.Security;

public static class SecuritySetup
{
    /// <summary>Security headers, HSTS (one year, Production), and the rate limits on account forms.</summary>
    public static WebApplicationBuilder AddSecurity(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<SecurityOptions>(builder.Configuration.GetSection(SecurityOptions.Section));
        builder.Services.Configure<RateLimitOptions>(builder.Configuration.GetSection(RateLimitOptions.Section));
        builder.Services.AddHsts(hsts => hsts.MaxAge = TimeSpan.FromDays(365));

        // Outside Development a request must name the public host (or loopback, for the container's health probe);
        // anything else gets 400 before it reaches a page. An operator's own AllowedHosts list is kept.
        if (!DevelopmentConveniences.Allowed(builder.Environment))
        {
            builder.Services.AddOptions<HostFilteringOptions>().PostConfigure<IOptions<AppOptions>>((hosts, app) =>
            {
                if (hosts.AllowedHosts.Count == 0 || hosts.AllowedHosts.Contains("*"))
                {
                    hosts.AllowedHosts = AllowedHosts(app.Value.PublicBaseUrl);
                }
            });
        }
        builder.Services.AddMemoryCache();
        builder.Services.AddSingleton<SignInGuard>();
        builder.Services.AddRateLimiter(_ => { });
        builder.Services.AddOptions<Microsoft.AspNetCore.RateLimiting.RateLimiterOptions>()
            .Configure<IOptions<RateLimitOptions>>((limiter, limits) => RateLimits.Configure(limiter, limits.Value));
        return builder;
    }

    /// <summary>The host of the public base URL and the loopback names.</summary>
    public static List<string> AllowedHosts(string publicBaseUrl) =>
        [.. (Uri.TryCreate(publicBaseUrl, UriKind.Absolute, out var uri) ? [uri.Host] : Array.Empty<string>()).Concat(["localhost", "127.0.0.1", "[::1]"])];

    /// <summary>Headers first (so error pages carry them too), HSTS outside Development.</summary>
    public static WebApplication UseSecurityHeaders(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts();
        }

        var options = app.Services.GetRequiredService<IOptions<SecurityOptions>>().Value;
        app.Use((context, next) =>
        {
            SecurityHeaders.Apply(context, options);
            return next(context);
        });
        return app;
    }

    /// <summary>After the language middleware, so a refusal is written in the reader's language.</summary>
    public static WebApplication UseRateLimits(this WebApplication app)
    {
        app.UseRateLimiter();
        return app;
    }
}
