using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Data;
using Sponsorship.Core.Identity;
using Sponsorship.Core.PublicPages;

namespace Sponsorship.Core.Flock;

public enum SheepStatus
{
    Living = 0,
    Archived = 1,
    All = 2,
}

/// <summary>
/// <see cref="Tag"/> matches any tag the sheep has ever worn, in full or in part (a retired tag still finds it), or
/// part of its name.
/// </summary>
public sealed record SheepSearch(string? Tag = null, int? HouseholdId = null, SheepStatus Status = SheepStatus.Living);

public sealed record RegisterSheep(
    int Id, string EarTag, string Name, string NameLatin, Sex Sex, Breed Breed, DateOnly BirthDate,
    int HouseholdId, string HeadName, string HeadNameLatin, string VillageName, string VillageNameLatin,
    DateTimeOffset? ArchivedAt, RemovalReason? RemovalReason);

public sealed record RegisterPage(IReadOnlyList<RegisterSheep> Items, int Total);

public sealed record TagHistory(int Id, IdTagType Type, string Value, DateTimeOffset ValidFrom, DateTimeOffset? ValidTo)
{
    public bool Current => ValidTo is null;
}

public sealed record SheepDetail(RegisterSheep Sheep, string Notes, IReadOnlyList<TagHistory> Tags, int Logs);

public enum RetagError
{
    None = 0,
    NotAllowed,
    NotFound,
    SheepArchived,
    InvalidTag,
    SameTag,
    TagTaken,
}

public sealed record RetagResult(RetagError Error, EarTagError TagError = EarTagError.None)
{
    public bool Succeeded => Error == RetagError.None;
}

/// <summary>
/// The administrators' sheep register: a paged search over every sheep (living, archived or both) by any tag it ever
/// wore, its household and status; one sheep's record with its tag history; and re-tagging.
/// </summary>
public sealed class SheepRegister(IDbContextFactory<SponsorshipDbContext> dbFactory, TimeProvider clock, IPublicPageChanges? publicPages = null)
{
    private readonly IPublicPageChanges pages = publicPages ?? NoPublicPageCache.Instance;

    public const int MaxPageSize = 100;

    public async Task<RegisterPage> SearchAsync(SheepSearch search, int skip, int take, CancellationToken cancellationToken = default)
    {
        skip = Math.Max(0, skip);
        take = Math.Clamp(take, 1, MaxPageSize);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);

        var query = db.Sheep.AsNoTracking();
        query = search.Status switch
        {
            SheepStatus.Living => query.Where(s => s.ArchivedAt == null),
            SheepStatus.Archived => query.Where(s => s.ArchivedAt != null),
            _ => query,
        };

        if (search.HouseholdId is { } householdId)
        {
            query = query.Where(s => s.HouseholdId == householdId);
        }

        var term = search.Tag?.Trim() ?? "";
        if (term.Length > 0)
        {
            // A whole tag uses the unique (Type, Value) index; a part of one scans tags, as a search box must.
            query = term.Length == EarTag.Length && term.All(char.IsAsciiDigit)
                ? query.Where(s => s.Tags.Any(t => t.Value == term))
                : query.Where(s => s.Tags.Any(t => t.Value.Contains(term)) || s.Name.Contains(term));
        }

        var total = await query.CountAsync(cancellationToken);
        var items = await Project(query.OrderBy(s => s.Id).Skip(skip).Take(take)).ToListAsync(cancellationToken);
        return new RegisterPage(items, total);
    }

    public async Task<SheepDetail?> DetailAsync(int sheepId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var sheep = await Project(db.Sheep.AsNoTracking().Where(s => s.Id == sheepId)).SingleOrDefaultAsync(cancellationToken);
        if (sheep is null)
        {
            return null;
        }

        var notes = await db.Sheep.Where(s => s.Id == sheepId).Select(s => s.Notes).SingleAsync(cancellationToken);
        var tags = await db.IdTags.AsNoTracking()
            .Where(t => t.SheepId == sheepId)
            .OrderBy(t => t.ValidTo == null).ThenBy(t => t.ValidFrom).ThenBy(t => t.Id)
            .Select(t => new TagHistory(t.Id, t.Type, t.Value, t.ValidFrom, t.ValidTo))
            .ToListAsync(cancellationToken);
        var logs = await db.AnimalLogs.CountAsync(l => l.SheepId == sheepId, cancellationToken);
        return new SheepDetail(sheep, notes, tags, logs);
    }

    /// <summary>
    /// A lost national ear tag replaced by a new one: the current tag is closed (ValidTo = now) and the new one opened,
    /// in one save. The old value stays on record, so it still finds the sheep. The unique (Type, Value) index is the
    /// final guard against a tag given to two sheep at once.
    /// </summary>
    public Task<RetagResult> RetagAsync(int sheepId, string newTag, string adminUserId, CancellationToken cancellationToken = default) =>
        Contention.RetryAsync(() => RetagOnceAsync(sheepId, newTag, adminUserId, cancellationToken), cancellationToken);

    private async Task<RetagResult> RetagOnceAsync(int sheepId, string newTag, string adminUserId, CancellationToken cancellationToken)
    {
        if (!await Administrators.IsAdministratorAsync(dbFactory, adminUserId, cancellationToken))
        {
            return new RetagResult(RetagError.NotAllowed);
        }

        if (!EarTag.TryParse(newTag, out var tag, out var tagError))
        {
            return new RetagResult(RetagError.InvalidTag, tagError);
        }

        var value = tag.Value.Value;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var sheep = await db.Sheep.Include(s => s.Tags).SingleOrDefaultAsync(s => s.Id == sheepId, cancellationToken);
        if (sheep is null)
        {
            return new RetagResult(RetagError.NotFound);
        }

        if (sheep.ArchivedAt is not null)
        {
            return new RetagResult(RetagError.SheepArchived);
        }

        var current = sheep.Tags.AsQueryable().Where(IdTag.IsCurrentEarTag).ToList();
        if (current.Any(t => t.Value == value))
        {
            return new RetagResult(RetagError.SameTag);
        }

        if (await db.IdTags.AnyAsync(t => t.Type == IdTagType.NationalEarTag && t.Value == value, cancellationToken))
        {
            return new RetagResult(RetagError.TagTaken);
        }

        var now = clock.GetUtcNow();
        foreach (var old in current)
        {
            old.ValidTo = now;
        }

        sheep.Tags.Add(new IdTag { Type = IdTagType.NationalEarTag, Value = value, ValidFrom = now });
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (!Contention.IsContention(e))
        {
            await transaction.RollbackAsync(cancellationToken);
            await using var check = await dbFactory.CreateDbContextAsync(cancellationToken);
            if (await check.IdTags.AnyAsync(t => t.Type == IdTagType.NationalEarTag && t.Value == value, cancellationToken))
            {
                return new RetagResult(RetagError.TagTaken);
            }

            throw;
        }

        // The card and the profile show the current tag; the old tag's address now leads to the new one.
        await pages.SheepChangedAsync([sheepId], SheepPageChange.Card, cancellationToken);
        return new RetagResult(RetagError.None);
    }

    private static IQueryable<RegisterSheep> Project(IQueryable<Sheep> query) =>
        query.Select(s => new RegisterSheep(
            s.Id,
            s.Tags.AsQueryable().Where(IdTag.IsCurrentEarTag).Select(t => t.Value).FirstOrDefault() ?? "",
            s.Name, s.NameLatin, s.Sex, s.Breed, s.BirthDate,
            s.HouseholdId, s.Household.HeadName, s.Household.HeadNameLatin, s.Household.Village.Name, s.Household.Village.NameLatin,
            s.ArchivedAt, s.RemovalReason));
}
