using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Data;

namespace Sponsorship.Core.Programme;

public sealed record ProgrammeCounts(int Villages, int Households, int Sheep, int Accounts);

/// <summary>Headline counts for the administrators' start page.</summary>
public sealed class ProgrammeSummary(IDbContextFactory<SponsorshipDbContext> dbFactory)
{
    public async Task<ProgrammeCounts> CountAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return new ProgrammeCounts(
            await db.Villages.CountAsync(v => v.ArchivedAt == null, cancellationToken),
            await db.Households.CountAsync(h => h.ArchivedAt == null, cancellationToken),
            await db.Sheep.CountAsync(s => s.ArchivedAt == null, cancellationToken),
            await db.Users.CountAsync(cancellationToken));
    }
}
