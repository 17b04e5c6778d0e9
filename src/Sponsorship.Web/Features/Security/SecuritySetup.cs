using Microsoft.Extensions.Options;

namespace Sponsorship.Web.Features.Security;

public static class SecuritySetup
{
    /// <summary>Security headers, HSTS (one year, Production), and the rate limits on account forms.</summary>
    public static WebApplicationBuilder AddSecurity(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<SecurityOptions>(builder.Configuration.GetSection(SecurityOptions.Section));
        builder.Services.Configure<RateLimitOptions>(builder.Configuration.GetSection(RateLimitOptions.Section));
        builder.Services.AddHsts(hsts => hsts.MaxAge = TimeSpan.FromDays(365));
        builder.Services.AddRateLimiter(_ => { });
        builder.Services.AddOptions<Microsoft.AspNetCore.RateLimiting.RateLimiterOptions>()
            .Configure<IOptions<RateLimitOptions>>((limiter, limits) => RateLimits.Configure(limiter, limits.Value));
        return builder;
    }

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
