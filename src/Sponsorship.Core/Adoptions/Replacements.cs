using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Certificates;
using Sponsorship.Core.Data;
using Sponsorship.Core.Jobs;
using Sponsorship.Core.Flock;
using Sponsorship.Core.Mail;
using Sponsorship.Core.Programme;

namespace Sponsorship.Core.Adoptions;

public enum ReplacementError
{
    None = 0,

    /// <summary>No such adoption, or not this sponsor's.</summary>
    NotFound,

    /// <summary>The adoption is not waiting for a replacement (none due, or already chosen).</summary>
    NotAwaiting,

    /// <summary>The chosen sheep does not exist or has left the flock.</summary>
    SheepUnavailable,

    /// <summary>Another sponsor holds the chosen sheep (perhaps a moment ago).</summary>
    SheepTaken,
}

public sealed record ReplacementResult(ReplacementError Error, int SheepId = 0)
{
    public bool Succeeded => Error == ReplacementError.None;
}

public sealed record ReplacementCandidate(
    int Id, string Name, string EarTag, Breed Breed, Sex Sex, DateOnly BirthDate, string HouseholdHead, string HouseholdHeadLatin,
    string VillageName, string VillageNameLatin, string NameLatin = "");

public sealed record ReplacementChoice(
    int AdoptionId, string OldSheepName, string OldSheepNameLatin, Breed Breed, DateTimeOffset DueAt, IReadOnlyList<ReplacementCandidate> Candidates);

/// <summary>
/// After a death under the replacement policy the sponsor picks another sheep within 14 days; afterwards
/// <see cref="ReplacementDeadlines"/> picks one. The adoption moves to the new sheep (the unique filtered index refuses a
/// sheep someone else holds), the old certificate is revoked and a new one issued, and the sponsor is told.
/// </summary>
public sealed class Replacements(IDbContextFactory<SponsorshipDbContext> dbFactory, ProgrammeCalendar calendar)
{
    public const int MaxCandidates = 12;

    /// <summary>The sheep a sponsor may choose from: free and alive, the dead sheep's breed first; null when not theirs or not due.</summary>
    public async Task<ReplacementChoice?> ChoicesAsync(int adoptionId, string sponsorUserId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var adoption = await db.Adoptions.AsNoTracking()
            .Where(a => a.Id == adoptionId && a.SponsorUserId == sponsorUserId && a.Status == AdoptionStatus.Active && a.ReplacementDueAt != null)
            .Select(a => new { a.Id, a.Sheep.Name, a.Sheep.NameLatin, a.Sheep.Breed, a.Sheep.HouseholdId, a.ReplacementDueAt })
            .SingleOrDefaultAsync(cancellationToken);
        if (adoption is null)
        {
            return null;
        }

        var candidates = await FreeSheep(db, adoption.Breed, adoption.HouseholdId).Take(MaxCandidates)
            .Select(s => new ReplacementCandidate(
                s.Id, s.Name,
                s.Tags.AsQueryable().Where(IdTag.IsCurrentEarTag).Select(t => t.Value).FirstOrDefault() ?? "",
                s.Breed, s.Sex, s.BirthDate, s.Household.HeadName, s.Household.HeadNameLatin, s.Household.Village.Name, s.Household.Village.NameLatin,
                s.NameLatin))
            .ToListAsync(cancellationToken);
        return new ReplacementChoice(adoption.Id, adoption.Name, adoption.NameLatin, adoption.Breed, adoption.ReplacementDueAt!.Value, candidates);
    }

    public async Task<ReplacementResult> ChooseAsync(int adoptionId, string sponsorUserId, int newSheepId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var owned = await db.Adoptions.AnyAsync(a => a.Id == adoptionId && a.SponsorUserId == sponsorUserId, cancellationToken);
        return owned
            ? await MoveAsync(dbFactory, adoptionId, newSheepId, calendar, cancellationToken)
            : new ReplacementResult(ReplacementError.NotFound);
    }

    /// <summary>
    /// Living sheep nobody holds and no herder has reported dead: the breed first, then the same household, then the
    /// oldest record.
    /// </summary>
    internal static IQueryable<Sheep> FreeSheep(SponsorshipDbContext db, Breed breed, int householdId) =>
        SheepHolds.Free(db)
            .OrderBy(s => s.Breed == breed ? 0 : 1).ThenBy(s => s.HouseholdId == householdId ? 0 : 1).ThenBy(s => s.Id);

    /// <summary>Moves the adoption to the new sheep in one transaction.</summary>
    internal static Task<ReplacementResult> MoveAsync(
        IDbContextFactory<SponsorshipDbContext> dbFactory, int adoptionId, int newSheepId, ProgrammeCalendar calendar, CancellationToken cancellationToken) =>
        Contention.RetryAsync(() => MoveOnceAsync(dbFactory, adoptionId, newSheepId, calendar, cancellationToken), cancellationToken);

    private static async Task<ReplacementResult> MoveOnceAsync(
        IDbContextFactory<SponsorshipDbContext> dbFactory, int adoptionId, int newSheepId, ProgrammeCalendar calendar, CancellationToken cancellationToken)
    {
        var now = calendar.Now;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var adoption = await db.Adoptions.Include(a => a.Sponsor).SingleOrDefaultAsync(a => a.Id == adoptionId, cancellationToken);
        if (adoption is null)
        {
            return new ReplacementResult(ReplacementError.NotFound);
        }

        if (adoption.Status != AdoptionStatus.Active || adoption.ReplacementDueAt is null)
        {
            return new ReplacementResult(ReplacementError.NotAwaiting);
        }

        switch (await SheepHolds.StandingAsync(db, newSheepId, adoption.Id, cancellationToken))
        {
            case SheepStanding.Held:
                return new ReplacementResult(ReplacementError.SheepTaken);
            case not SheepStanding.Free:
                return new ReplacementResult(ReplacementError.SheepUnavailable);
        }

        adoption.ReplacedSheepId = adoption.SheepId;
        adoption.SheepId = newSheepId;
        adoption.ReplacementDueAt = null;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (!Contention.IsContention(e))
        {
            // The unique filtered index: someone else holds that sheep.
            return new ReplacementResult(ReplacementError.SheepTaken);
        }

        // The old certificate named the dead sheep: revoked (saved first, so issuing does not mark it superseded), then a new one.
        await CertificateIssuer.RevokeAsync(db, adoption.Id, now, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await CertificateIssuer.IssueAsync(db, adoption, now, calendar, cancellationToken);
        Outbox.Queue(db, new ReplacementAssignedPayload(adoption.Id), adoption.Sponsor, now, $"replacement:{adoption.Id}:{newSheepId}");
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new ReplacementResult(ReplacementError.None, newSheepId);
    }
}

/// <summary>When the 14 days pass without a choice, the first free sheep of the same breed (else any) is assigned.</summary>
public sealed class ReplacementDeadlines(IDbContextFactory<SponsorshipDbContext> dbFactory, ProgrammeCalendar calendar) : IScheduledJob
{
    public string Name => "replacement-deadlines";

    public JobSchedule Schedule => JobSchedule.Hourly;

    async Task<string> IScheduledJob.RunAsync(CancellationToken cancellationToken) =>
        $"assigned {await RunAsync(cancellationToken)}";

    public async Task<int> RunAsync(CancellationToken cancellationToken = default)
    {
        var now = calendar.Now;
        List<int> overdue;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            overdue = await db.Adoptions.Where(a => a.Status == AdoptionStatus.Active && a.ReplacementDueAt <= now)
                .OrderBy(a => a.ReplacementDueAt).ThenBy(a => a.Id).Select(a => a.Id).Take(200).ToListAsync(cancellationToken);
        }

        var assigned = 0;
        foreach (var adoptionId in overdue)
        {
            // A candidate may be taken between the look and the move: try the next few.
            for (var attempt = 0; attempt < 5; attempt++)
            {
                int? sheepId;
                await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
                {
                    var dead = await db.Adoptions.Where(a => a.Id == adoptionId).Select(a => new { a.Sheep.Breed, a.Sheep.HouseholdId })
                        .SingleAsync(cancellationToken);
                    sheepId = await Replacements.FreeSheep(db, dead.Breed, dead.HouseholdId).Skip(attempt).Select(s => (int?)s.Id)
                        .FirstOrDefaultAsync(cancellationToken);
                }

                if (sheepId is null)
                {
                    break;
                }

                var result = await Replacements.MoveAsync(dbFactory, adoptionId, sheepId.Value, calendar, cancellationToken);
                if (result.Error != ReplacementError.SheepTaken)
                {
                    assigned += result.Succeeded ? 1 : 0;
                    break;
                }
            }
        }

        return assigned;
    }
}
