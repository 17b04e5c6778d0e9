namespace Sponsorship.Core.PublicPages;

/// <summary>What about a sheep changed that anonymous visitors see on the public pages.</summary>
[Flags]
public enum SheepPageChange
{
    None = 0,

    /// <summary>Its own pages: the profile (an approved log, a weight, an adoption taking or freeing it) and its certificates' verification.</summary>
    Profile = 1,

    /// <summary>What its catalogue card shows (a photo, its ear tag, a new or removed sheep): the catalogue as well as its profile.</summary>
    Card = 2,

    /// <summary>The programme's figures (<c>/impact</c>): money captured or refunded for its adoption.</summary>
    Figures = 4,
}

/// <summary>
/// Tells the shared page cache what changed, so it evicts exactly the pages that show it (the web layer keeps the map
/// from a change to its pages). Use cases call it after their transaction has committed: evicting earlier would let a
/// reader put the old state back into the cache before the commit.
/// </summary>
public interface IPublicPageChanges
{
    Task SheepChangedAsync(IReadOnlyCollection<int> sheepIds, SheepPageChange change, CancellationToken cancellationToken = default);
}

/// <summary>For use cases built without a page cache (tests, benchmarks, jobs outside the web host): nothing to evict.</summary>
public sealed class NoPublicPageCache : IPublicPageChanges
{
    public static readonly NoPublicPageCache Instance = new();

    public Task SheepChangedAsync(IReadOnlyCollection<int> sheepIds, SheepPageChange change, CancellationToken cancellationToken = default) =>
        Task.CompletedTask;
}
