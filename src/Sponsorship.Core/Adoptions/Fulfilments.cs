using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Data;
using Sponsorship.Core.Flock;
using Sponsorship.Core.Identity;

namespace Sponsorship.Core.Adoptions;

public sealed record FulfilmentItem(
    int AdoptionId, string SheepName, string SheepNameLatin, string EarTag, string HouseholdHead, string HouseholdHeadLatin, string SponsorName,
    string SponsorEmail, EndOfTermOptions Choice, string DeliveryAddress, DateTimeOffset? EndedAt);

/// <summary>What the cooperative office still owes sponsors at the end of their terms: meat boxes, wool, breeding.</summary>
public sealed class Fulfilments(IDbContextFactory<SponsorshipDbContext> dbFactory)
{
    public async Task<IReadOnlyList<FulfilmentItem>?> DueAsync(string adminUserId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!await Administrators.IsAdministratorAsync(db, adminUserId, cancellationToken))
        {
            return null;
        }

        return await db.Adoptions.AsNoTracking().Where(a => a.Fulfilment == FulfilmentStatus.Due)
            .OrderBy(a => a.ClosedAt).ThenBy(a => a.Id)
            .Select(a => new FulfilmentItem(
                a.Id, a.Sheep.Name, a.Sheep.NameLatin,
                a.Sheep.Tags.AsQueryable().Where(IdTag.IsCurrentEarTag).Select(t => t.Value).FirstOrDefault() ?? "",
                a.Sheep.Household.HeadName, a.Sheep.Household.HeadNameLatin, a.Sponsor.DisplayName, a.Sponsor.Email ?? "",
                a.EndOfTermChoice, a.DeliveryAddress, a.ClosedAt))
            .ToListAsync(cancellationToken);
    }

    /// <summary>Marks a due item fulfilled; false when it was not due (already fulfilled, unknown, or not an admin).</summary>
    public async Task<bool> MarkFulfilledAsync(int adoptionId, string adminUserId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!await Administrators.IsAdministratorAsync(db, adminUserId, cancellationToken))
        {
            return false;
        }

        var adoption = await db.Adoptions.SingleOrDefaultAsync(a => a.Id == adoptionId && a.Fulfilment == FulfilmentStatus.Due, cancellationToken);
        if (adoption is null)
        {
            return false;
        }

        // Through SaveChanges, so the audit trail records who marked it.
        adoption.Fulfilment = FulfilmentStatus.Fulfilled;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateConcurrencyException)
        {
            return false;
        }
    }
}
