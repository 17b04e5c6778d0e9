using Microsoft.AspNetCore.OutputCaching;
using Sponsorship.Core.PublicPages;

namespace Sponsorship.Web.Features.PublicPages;

/// <summary>
/// The one place that knows which cached pages show what: a change named by a use case evicts those pages from the
/// shared output cache (in memory, or the shared store of several instances when one is configured).
/// </summary>
public sealed class OutputCachePageChanges(IOutputCacheStore store) : IPublicPageChanges
{
    public async Task SheepChangedAsync(IReadOnlyCollection<int> sheepIds, SheepPageChange change, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sheepIds);
        if (change == SheepPageChange.None || sheepIds.Count == 0)
        {
            return;
        }

        foreach (var id in sheepIds.Distinct())
        {
            await store.EvictByTagAsync(PublicPageTags.Sheep(id), cancellationToken);
        }

        if (change.HasFlag(SheepPageChange.Card))
        {
            await store.EvictByTagAsync(PublicPageTags.Catalogue, cancellationToken);
        }

        if (change.HasFlag(SheepPageChange.Figures))
        {
            await store.EvictByTagAsync(PublicPageTags.Figures, cancellationToken);
        }
    }
}
