using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Data;

namespace Sponsorship.Core.Flock;

/// <summary>The programme's named pastures, for the herder's move form.</summary>
public sealed class PastureList(IDbContextFactory<SponsorshipDbContext> dbFactory)
{
    public async Task<IReadOnlyList<NamedPasture>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.NamedPastures.AsNoTracking().OrderBy(p => p.Id).ToListAsync(cancellationToken);
    }
}
