using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Data;
using Sponsorship.Core.Identity;
using Sponsorship.Core.Mail;
using Sponsorship.Core.PublicPages;

namespace Sponsorship.Core.Flock;

/// <summary>
/// A log waiting for review, with what the reviewer compares it to: the sheep's weight approved before it (for a
/// weighing) and its newest approved photo.
/// </summary>
public sealed record ReviewItem(
    long Id, int SheepId, string EarTag, string SheepName, string SheepNameLatin, string HeadName, string HeadNameLatin, string VillageName, string VillageNameLatin,
    LogKind Kind, DateTimeOffset At, DateTimeOffset RecordedAt, decimal? QuantityKg, string? Vet, MovedTo Pasture,
    RemovalReason? RemovalReason, string Notes, IReadOnlyList<long> PhotoIds,
    decimal? PreviousKg = null, DateTimeOffset? PreviousWeighedAt = null, long? PreviousPhotoId = null)
{
    /// <summary>A change of more than a fifth since the last approved weighing: a slip of the finger, or a sheep to look at.</summary>
    public const decimal UnusualChange = 0.2m;

    public decimal? ChangeKg => Kind == LogKind.Weighing && QuantityKg is { } now && PreviousKg is { } before ? now - before : null;

    public bool ChangeIsUnusual => ChangeKg is { } change && PreviousKg is > 0 && Math.Abs(change) > PreviousKg * UnusualChange;
}

public sealed record ReviewQueuePage(IReadOnlyList<ReviewItem> Items, int Total);

public enum ReviewError
{
    None = 0,

    /// <summary>The reviewer is not an administrator.</summary>
    NotAllowed,
    NothingChosen,
}

/// <summary>
/// How a review went: <see cref="Changed"/> logs moved from pending to the decision; <see cref="Skipped"/> were unknown
/// or already reviewed (approving twice changes nothing).
/// </summary>
public sealed record ReviewResult(ReviewError Error, int Changed = 0, int Skipped = 0)
{
    public bool Succeeded => Error == ReviewError.None;
}

/// <summary>
/// The review queue: herders' logs wait here until an administrator approves them (then sponsors see them) or rejects
/// them. Only a pending log can be reviewed, and each decision is a conditional update, so two administrators
/// deciding the same log at once cannot overwrite each other: the first decision stands.
/// </summary>
public sealed class LogReview(IDbContextFactory<SponsorshipDbContext> dbFactory, TimeProvider clock, IPublicPageChanges? publicPages = null)
{
    private readonly IPublicPageChanges pages = publicPages ?? NoPublicPageCache.Instance;

    public const int MaxPageSize = 100;

    /// <summary>Pending logs, newest first, with the sheep, its household and the photo ids.</summary>
    public async Task<ReviewQueuePage> PendingAsync(int skip, int take, CancellationToken cancellationToken = default)
    {
        skip = Math.Max(0, skip);
        take = Math.Clamp(take, 1, MaxPageSize);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var pending = db.AnimalLogs.AsNoTracking().Where(l => l.Review == ReviewStatus.Pending);
        var total = await pending.CountAsync(cancellationToken);
        var items = await pending
            .OrderByDescending(l => l.RecordedAt).ThenByDescending(l => l.Id)
            .Skip(skip).Take(take)
            .Select(l => new ReviewItem(
                l.Id, l.SheepId,
                l.Sheep.Tags.AsQueryable().Where(IdTag.IsCurrentEarTag).Select(t => t.Value).FirstOrDefault() ?? "",
                l.Sheep.Name, l.Sheep.NameLatin, l.Sheep.Household.HeadName, l.Sheep.Household.HeadNameLatin,
                l.Sheep.Household.Village.Name, l.Sheep.Household.Village.NameLatin,
                l.Kind, l.At, l.RecordedAt, l.QuantityKg, l.Vet, new MovedTo(l.NamedPasture!.Name, l.NamedPasture.NameLatin, l.Pasture), l.RemovalReason, l.Notes,
                l.Photos.OrderBy(p => p.Id).Select(p => p.Id).ToList()))
            .ToListAsync(cancellationToken);
        return new ReviewQueuePage(await WithWhatCameBeforeAsync(db, items, cancellationToken), total);
    }

    /// <summary>The page's items with their sheep's approved weight before each weighing and newest approved photo: two queries for the page.</summary>
    private static async Task<List<ReviewItem>> WithWhatCameBeforeAsync(SponsorshipDbContext db, List<ReviewItem> items, CancellationToken cancellationToken)
    {
        var sheepIds = items.Select(i => i.SheepId).Distinct().ToList();
        var weighings = (await db.AnimalLogs.AsNoTracking()
            .Where(w => sheepIds.Contains(w.SheepId) && w.Kind == LogKind.Weighing && w.Review == ReviewStatus.Approved && w.QuantityKg != null)
            .Select(w => new { w.SheepId, w.At, Kg = w.QuantityKg!.Value })
            .ToListAsync(cancellationToken)).ToLookup(w => w.SheepId);
        var photos = await db.SheepPhotos.AsNoTracking()
            .Where(p => sheepIds.Contains(p.SheepId) && db.AnimalLogs.Any(l => l.Id == p.LogId && l.Review == ReviewStatus.Approved))
            .GroupBy(p => p.SheepId)
            .Select(g => new { SheepId = g.Key, Id = g.Max(p => p.Id) })
            .ToDictionaryAsync(p => p.SheepId, p => p.Id, cancellationToken);
        return
        [
            .. items.Select(item =>
            {
                var before = item.Kind == LogKind.Weighing ? weighings[item.SheepId].Where(w => w.At < item.At).MaxBy(w => w.At) : null;
                return item with
                {
                    PreviousKg = before?.Kg,
                    PreviousWeighedAt = before?.At,
                    PreviousPhotoId = photos.TryGetValue(item.SheepId, out var photo) ? photo : null,
                };
            }),
        ];
    }

    public async Task<int> PendingCountAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.AnimalLogs.CountAsync(l => l.Review == ReviewStatus.Pending, cancellationToken);
    }

    public Task<ReviewResult> ApproveAsync(IReadOnlyCollection<long> logIds, string reviewerUserId, CancellationToken cancellationToken = default) =>
        DecideAsync(logIds, ReviewStatus.Approved, reviewerUserId, cancellationToken);

    public Task<ReviewResult> RejectAsync(IReadOnlyCollection<long> logIds, string reviewerUserId, CancellationToken cancellationToken = default) =>
        DecideAsync(logIds, ReviewStatus.Rejected, reviewerUserId, cancellationToken);

    private Task<ReviewResult> DecideAsync(IReadOnlyCollection<long> logIds, ReviewStatus decision, string reviewerUserId, CancellationToken cancellationToken) =>
        Contention.RetryAsync(() => DecideOnceAsync(logIds, decision, reviewerUserId, cancellationToken), cancellationToken);

    private async Task<ReviewResult> DecideOnceAsync(IReadOnlyCollection<long> logIds, ReviewStatus decision, string reviewerUserId, CancellationToken cancellationToken)
    {
        var ids = logIds.Distinct().ToList();
        if (ids.Count == 0)
        {
            return new ReviewResult(ReviewError.NothingChosen);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!await Administrators.IsAdministratorAsync(db, reviewerUserId, cancellationToken))
        {
            return new ReviewResult(ReviewError.NotAllowed);
        }

        var now = clock.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var changed = new List<long>();
        var shown = new List<(int SheepId, SheepPageChange Change)>();
        foreach (var id in ids)
        {
            // Only a pending log changes; the row count says whether this decision was the one that counted.
            var rows = await db.AnimalLogs
                .Where(l => l.Id == id && l.Review == ReviewStatus.Pending)
                .ExecuteUpdateAsync(
                    set => set.SetProperty(l => l.Review, decision).SetProperty(l => l.ReviewedAt, now).SetProperty(l => l.ReviewedByUserId, reviewerUserId),
                    cancellationToken);
            if (rows == 1)
            {
                changed.Add(id);
            }
        }

        if (decision == ReviewStatus.Approved && changed.Count > 0)
        {
            // A confirmed death settles the sheep's adoption (its notice, replacement, refund or donation) first, so the
            // growth updates below see the death notice already queued and do not send a second one.
            await Adoptions.SheepDeaths.ApplyAsync(db, changed, now, cancellationToken);

            // Sponsors of these sheep hear about what was approved: queued here, so it commits with the approval.
            var approved = await db.AnimalLogs.AsNoTracking()
                .Where(l => changed.Contains(l.Id))
                .Select(l => new ApprovedLog(l.SheepId, l.Kind, l.IdempotencyKey))
                .ToListAsync(cancellationToken);
            await SponsorUpdates.QueueAsync(db, approved, now, cancellationToken);

            // What visitors now see: a photo, a death or a lamb changes the catalogue too; a death settles money.
            shown = [.. (await db.AnimalLogs.AsNoTracking().Where(l => changed.Contains(l.Id))
                    .Select(l => new { l.SheepId, l.Kind, HasPhotos = l.Photos.Any() }).ToListAsync(cancellationToken))
                .Select(l => (l.SheepId, PublicChange(l.Kind, l.HasPhotos)))];
        }
        else if (changed.Count > 0)
        {
            // A rejected death report frees the sheep again: its profile offers it once more.
            shown = [.. (await db.AnimalLogs.AsNoTracking().Where(l => changed.Contains(l.Id) && l.Kind == LogKind.Death)
                .Select(l => l.SheepId).ToListAsync(cancellationToken)).Select(id => (id, SheepPageChange.Profile))];
        }

        // A bulk update bypasses SaveChanges, so the audit trail is written here, in the same transaction.
        db.AuditEntries.AddRange(changed.Select(id => new AuditEntry
        {
            At = now,
            UserId = reviewerUserId,
            Entity = nameof(AnimalLog),
            Key = id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Action = AuditAction.Modified,
            ChangedFields = $"{nameof(AnimalLog.Review)},{nameof(AnimalLog.ReviewedAt)},{nameof(AnimalLog.ReviewedByUserId)}",
        }));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        foreach (var group in shown.GroupBy(s => s.Change))
        {
            await pages.SheepChangedAsync([.. group.Select(s => s.SheepId).Distinct()], group.Key, cancellationToken);
        }

        return new ReviewResult(ReviewError.None, changed.Count, ids.Count - changed.Count);
    }

    /// <summary>The public pages an approved log changes.</summary>
    internal static SheepPageChange PublicChange(LogKind kind, bool hasPhotos) => kind switch
    {
        LogKind.Death => SheepPageChange.Card | SheepPageChange.Figures,
        LogKind.Birth => SheepPageChange.Card,
        _ when hasPhotos => SheepPageChange.Card,
        _ => SheepPageChange.Profile,
    };
}
