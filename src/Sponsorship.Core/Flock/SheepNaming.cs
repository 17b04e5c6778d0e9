using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Data;
using Sponsorship.Core.Identity;
using Sponsorship.Core.PublicPages;

namespace Sponsorship.Core.Flock;

public enum SheepNamingError
{
    None = 0,
    NotAllowed,
    NotFound,
    TooLong,
    NotLatin,
}

/// <summary>The office gives a sheep its name in Latin letters (or clears it); the rule is <see cref="SheepLatinName"/>.</summary>
public sealed class SheepNaming(IDbContextFactory<SponsorshipDbContext> dbFactory, IPublicPageChanges? publicPages = null)
{
    private readonly IPublicPageChanges pages = publicPages ?? NoPublicPageCache.Instance;

    public async Task<SheepNamingError> SetLatinNameAsync(int sheepId, string? latinName, string adminUserId, CancellationToken cancellationToken = default)
    {
        var (name, error) = SheepLatinName.Clean(latinName);
        if (error != LatinNameError.None)
        {
            return error == LatinNameError.TooLong ? SheepNamingError.TooLong : SheepNamingError.NotLatin;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!await Administrators.IsAdministratorAsync(db, adminUserId, cancellationToken))
        {
            return SheepNamingError.NotAllowed;
        }

        var changed = await db.Sheep.Where(s => s.Id == sheepId)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.NameLatin, name), cancellationToken);
        if (changed == 0)
        {
            return SheepNamingError.NotFound;
        }

        // The name shows on its card and its profile.
        await pages.SheepChangedAsync([sheepId], SheepPageChange.Card, cancellationToken);
        return SheepNamingError.None;
    }
}
