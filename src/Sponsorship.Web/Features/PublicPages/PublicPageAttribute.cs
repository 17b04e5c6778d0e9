using System.Globalization;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.AspNetCore.ResponseCompression;

namespace Sponsorship.Web.Features.PublicPages;

/// <summary>
/// Marks a page anyone may read and whose content is the same for every anonymous visitor in one language: the shared
/// output cache keeps it and its HTML is compressed (see <see cref="PublicPageCache"/>). It is the page's output cache
/// policy: the key is the path, every query value, the language and the content encoding; a signed-in visitor's page is
/// never looked up or stored. <paramref name="tags"/> name what the page shows (<see cref="PublicPageTags"/>); a page
/// showing one sheep adds that sheep's tag while it renders.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class PublicPageAttribute(params string[] tags) : Attribute, IOutputCachePolicy
{
    public IReadOnlyList<string> Tags { get; } = tags;

    ValueTask IOutputCachePolicy.CacheRequestAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        var http = context.HttpContext;
        var shared = PublicPageCache.IsShared(http) && http.RequestServices.GetRequiredService<PublicPageCache>().Enabled;
        context.EnableOutputCaching = true;
        context.AllowCacheLookup = shared;
        context.AllowCacheStorage = shared;
        context.AllowLocking = true;
        context.ResponseExpirationTimeSpan = PublicPageCache.Expiration;
        context.CacheVaryByRules.QueryKeys = "*";
        context.CacheVaryByRules.VaryByValues["language"] = CultureInfo.CurrentUICulture.Name;
        context.CacheVaryByRules.VaryByValues["encoding"] =
            http.RequestServices.GetRequiredService<IResponseCompressionProvider>().GetCompressionProvider(http)?.EncodingName ?? "identity";
        context.Tags.Add(PublicPageTags.All);
        foreach (var tag in Tags)
        {
            context.Tags.Add(tag);
        }

        return ValueTask.CompletedTask;
    }

    ValueTask IOutputCachePolicy.ServeFromCacheAsync(OutputCacheContext context, CancellationToken cancellation) => ValueTask.CompletedTask;

    ValueTask IOutputCachePolicy.ServeResponseAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        // Only a plain success is shared: not a redirect (an old ear tag), not a 404, never a response that sets a cookie.
        var response = context.HttpContext.Response;
        if (response.StatusCode != StatusCodes.Status200OK || response.Headers.SetCookie.Count > 0)
        {
            context.AllowCacheStorage = false;
        }

        return ValueTask.CompletedTask;
    }
}
