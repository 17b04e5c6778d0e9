using System.IO.Compression;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Sponsorship.Core.PublicPages;

namespace Sponsorship.Web.Features.PublicPages;

/// <summary>
/// Public pages served near static speed: the shared output cache (any <c>IOutputCacheStore</c>: in memory by default,
/// a shared store when several instances run) keeps what anonymous visitors see, evicted by the use cases' changes
/// (<see cref="OutputCachePageChanges"/>) and after <see cref="Expiration"/> at the latest (ages and "N days ago" move with
/// the calendar). Only those pages are compressed: they carry no secret (no antiforgery token, nothing personal), so a
/// compressed response cannot leak one (BREACH); a signed-in visitor's pages are neither shared nor compressed.
/// <c>PublicPages:Cache=false</c> turns the cache off (to measure the pages themselves); compression stays.
/// </summary>
public sealed class PublicPageCache(bool enabled)
{
    public const string Section = "PublicPages";

    /// <summary>The longest a cached page lives without an eviction.</summary>
    public static readonly TimeSpan Expiration = TimeSpan.FromMinutes(10);

    public bool Enabled { get; } = enabled;

    /// <summary>A GET or HEAD of a <see cref="PublicPageAttribute"/> page by someone not signed in: the same for everyone.</summary>
    public static bool IsShared(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return (HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method))
            && context.GetEndpoint()?.Metadata.GetMetadata<PublicPageAttribute>() is not null
            && context.User.Identity?.IsAuthenticated != true
            && !context.Request.Headers.ContainsKey(HeaderNames.Authorization);
    }
}

public static class PublicPageSetup
{
    public static WebApplicationBuilder AddPublicPages(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton(new PublicPageCache(builder.Configuration.GetValue(PublicPageCache.Section + ":Cache", true)));
        builder.Services.AddOutputCache();
        builder.Services.AddSingleton<IPublicPageChanges, OutputCachePageChanges>();
        builder.Services.AddResponseCompression(options =>
        {
            options.EnableForHttps = true;
            options.Providers.Add<BrotliCompressionProvider>();
            options.Providers.Add<GzipCompressionProvider>();
        });
        // Fastest: a page missing from the cache (or every page with the cache off) is compressed on its request; the
        // better levels cost tens of milliseconds of CPU a page (measured: 40 req/s instead of hundreds on this machine).
        builder.Services.Configure<BrotliCompressionProviderOptions>(o => o.Level = CompressionLevel.Fastest);
        builder.Services.Configure<GzipCompressionProviderOptions>(o => o.Level = CompressionLevel.Fastest);
        builder.Services.Replace(ServiceDescriptor.Singleton<IResponseCompressionProvider, SharedAndLightPagesOnly>());
        // Static files exactly as the build compressed them (rebuild to see an edited style). Running from the build
        // output, the framework otherwise checks each file's time on disk against the build's record (which drops
        // fractions of a second), takes every file of ours for edited, and recompresses it as gzip while still answering
        // "br": browsers then load no stylesheet, picture or script of ours (net::ERR_CONTENT_DECODING_FAILED).
        builder.Configuration["ReloadStaticAssetsAtRuntime"] ??= "false";
        return builder;
    }

    /// <summary>After the language (part of the key) and the rate limits (a cached answer is still counted).</summary>
    public static WebApplication UsePublicPages(this WebApplication app)
    {
        app.UseOutputCache();
        app.UseResponseCompression();
        return app;
    }

    /// <summary>
    /// Public pages declare no interactive render mode (the app configures one for its other pages): otherwise every
    /// response carries persisted component state for a circuit it never starts, and making that state creates an
    /// antiforgery token and its cookie — a per-visitor secret that would keep the page out of the shared cache and out of
    /// compression. The framework's metadata type for the configured modes is internal: it is replaced by an empty one of
    /// the same type (with none at all the framework would persist for every mode). The public-page tests check that no
    /// cookie and no persisted state leave these pages.
    /// </summary>
    public static RazorComponentsEndpointConventionBuilder WithStaticPublicPages(this RazorComponentsEndpointConventionBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Finally(endpoint =>
        {
            if (!endpoint.Metadata.OfType<PublicPageAttribute>().Any())
            {
                return;
            }

            foreach (var configured in endpoint.Metadata.Where(m => m.GetType().Name == "ConfiguredRenderModesMetadata").ToList())
            {
                var none = Activator.CreateInstance(configured.GetType(), [Array.Empty<IComponentRenderMode>()])
                    ?? throw new InvalidOperationException("The framework's render-mode metadata changed shape.");
                endpoint.Metadata[endpoint.Metadata.IndexOf(configured)] = none;
            }
        });
        return builder;
    }

    /// <summary>The framework's choice of encoding, for shared pages and light pages only.</summary>
    private sealed class SharedAndLightPagesOnly(IServiceProvider services, IOptions<ResponseCompressionOptions> options) : IResponseCompressionProvider
    {
        private readonly ResponseCompressionProvider inner = new(services, options);

        public ICompressionProvider? GetCompressionProvider(HttpContext context) => inner.GetCompressionProvider(context);

        public bool ShouldCompressResponse(HttpContext context) =>
            (PublicPageCache.IsShared(context) || LightPages.IsCompressible(context)) && inner.ShouldCompressResponse(context);

        public bool CheckRequestAcceptsCompression(HttpContext context) => inner.CheckRequestAcceptsCompression(context);
    }
}
