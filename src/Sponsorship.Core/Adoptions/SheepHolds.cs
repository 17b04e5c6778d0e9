using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Data;
using Sponsorship.Core.Flock;

namespace Sponsorship.Core.Adoptions;

/// <summary>Whether a sheep can be newly adopted, and if not, why.</summary>
public enum SheepStanding
{
    Free = 0,
    NotFound,

    /// <summary>It has died, been sold or otherwise left the flock.</summary>
    LeftFlock,

    /// <summary>Its herder reported it dead or gone and an administrator has still to decide.</summary>
    RemovalPending,

    /// <summary>An adoption holds it (<see cref="Adoption.HoldsSheep"/>): someone is paying for it or has adopted it.</summary>
    Held,
}

/// <summary>
/// The one rule for which sheep can be newly adopted, read by checkout, the checkout's choices, payment notices, organisation
/// orders and replacements alike: a sheep in the flock that no adoption holds and no herder has reported dead or gone
/// while the report waits. The unique filtered index on adoptions still settles races between two takers.
/// </summary>
public static class SheepHolds
{
    /// <summary>Every sheep that can be newly adopted.</summary>
    public static IQueryable<Sheep> Free(SponsorshipDbContext db)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.Sheep.Where(s => s.ArchivedAt == null
            && !db.AnimalLogs.Where(AnimalLog.PendingRemoval).Any(l => l.SheepId == s.Id)
            && !db.Adoptions.Where(Adoption.HoldsSheep).Any(a => a.SheepId == s.Id));
    }

    /// <summary>The standing of one sheep; <paramref name="exceptAdoptionId"/> names an adoption whose own hold does not count.</summary>
    public static async Task<SheepStanding> StandingAsync(
        SponsorshipDbContext db, int sheepId, int? exceptAdoptionId = null, CancellationToken cancellationToken = default) =>
        (await StandingsAsync(db, [sheepId], exceptAdoptionId is { } id ? [id] : [], cancellationToken))[sheepId];

    /// <summary>The standing of each of these sheep; holds by <paramref name="exceptAdoptionIds"/> do not count.</summary>
    public static async Task<Dictionary<int, SheepStanding>> StandingsAsync(
        SponsorshipDbContext db, IReadOnlyCollection<int> sheepIds, IReadOnlyCollection<int> exceptAdoptionIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(sheepIds);
        ArgumentNullException.ThrowIfNull(exceptAdoptionIds);
        var found = await db.Sheep.AsNoTracking().Where(s => sheepIds.Contains(s.Id))
            .Select(s => new
            {
                s.Id,
                InFlock = s.ArchivedAt == null,
                RemovalPending = db.AnimalLogs.Where(AnimalLog.PendingRemoval).Any(l => l.SheepId == s.Id),
                Held = db.Adoptions.Where(Adoption.HoldsSheep).Any(a => a.SheepId == s.Id && !exceptAdoptionIds.Contains(a.Id)),
            })
            .ToDictionaryAsync(s => s.Id, cancellationToken);
        return sheepIds.Distinct().ToDictionary(id => id, id => found.GetValueOrDefault(id) switch
        {
            null => SheepStanding.NotFound,
            { InFlock: false } => SheepStanding.LeftFlock,
            { RemovalPending: true } => SheepStanding.RemovalPending,
            { Held: true } => SheepStanding.Held,
            _ => SheepStanding.Free,
        });
    }
}
