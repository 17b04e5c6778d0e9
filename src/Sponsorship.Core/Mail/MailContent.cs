using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Adoptions;
using Sponsorship.Core.Data;
using Sponsorship.Core.Flock;

namespace Sponsorship.Core.Mail;

public sealed record AdoptionMailFacts(
    int AdoptionId, int SheepId, string SheepName, string SheepNameLatin, string EarTag, Breed Breed, Sex Sex, DateOnly BirthDate,
    string HeadName, string HeadNameLatin, string VillageName, string VillageNameLatin,
    string PlanZh, string PlanEn, int TermMonths, long PriceFen, AdoptionStatus Status,
    DateTimeOffset? StartAt, DateTimeOffset? EndAt, string NameOnCertificate, string BuyerName,
    string? GiftRecipientName, DateOnly? GiftRevealOn, EndOfTermOptions EndOfTermChoice, DeathPolicy DeathPolicy,
    DateTimeOffset? ReplacementDueAt, string? ReplacedSheepName, string SponsorUserId);

public sealed record MailLog(long Id, LogKind Kind, DateTimeOffset At, decimal? QuantityKg, string? Vet, MovedTo Pasture, RemovalReason? RemovalReason, string Notes, int Photos);

public sealed record WeightPoint(DateTimeOffset At, decimal Kg);

/// <summary>What a sponsor's mail says about the sheep: the logs to report, the weights for the chart, the newest photo.</summary>
public sealed record SheepNews(IReadOnlyList<MailLog> Logs, IReadOnlyList<WeightPoint> Weights, string? PhotoKey, DateTimeOffset? LastUpdateAt);

public sealed record PayoutMailFacts(long AmountFen, string BatchReference, string LineReference, string MaskedAccount, PayoutLineState Status, DateOnly PeriodEnd, string HeadName, string HeadNameLatin, string? FailureReason);

public enum PayoutLineState
{
    Pending,
    Paid,
    Failed,
}

/// <summary>
/// The facts the mail templates show, read when the mail is rendered (so it says what is true when it goes). A dispatcher
/// hands it a whole claim first (<see cref="PrefetchAsync"/>): the adoptions and their sheep's news are then read in a
/// few queries for the claim instead of a few for every mail, and the renders that follow (on all cores) read from
/// memory.
/// </summary>
public sealed class MailContent(IDbContextFactory<SponsorshipDbContext> dbFactory)
{
    private const int NewsLogs = 50;
    private const int ChartWeighings = 24;

    private readonly ConcurrentDictionary<int, AdoptionMailFacts?> adoptions = new();
    private readonly ConcurrentDictionary<int, SheepHistory> histories = new();

    /// <summary>A sheep's approved history as one claim read it: the logs with their review time, weighings, photo.</summary>
    private sealed record SheepHistory(IReadOnlyList<(MailLog Log, DateTimeOffset? ReviewedAt)> Logs, IReadOnlyList<WeightPoint> Weights, string? PhotoKey, DateTimeOffset? LastUpdateAt);

    /// <summary>
    /// Reads what the claimed mails about adoptions need: their facts, and for their sheep the approved logs since the
    /// earliest <c>Since</c> of the claim, the recent weighings and the newest photo. Four queries for the whole claim.
    /// </summary>
    public async Task PrefetchAsync(IReadOnlyCollection<MailPayload> payloads, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(payloads);
        var adoptionIds = payloads.OfType<AdoptionMailPayload>().Select(p => p.AdoptionId).Distinct().ToList();
        if (adoptionIds.Count == 0)
        {
            return;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var facts = await Facts(db, db.Adoptions.AsNoTracking().Where(a => adoptionIds.Contains(a.Id))).ToListAsync(cancellationToken);
        foreach (var id in adoptionIds)
        {
            adoptions[id] = facts.Find(f => f.AdoptionId == id);
        }

        var sheepIds = facts.Select(f => f.SheepId).Distinct().ToList();
        var since = payloads.OfType<GrowthUpdatePayload>().Select(g => g.Since).Where(s => s is not null).Min();
        var approved = db.AnimalLogs.AsNoTracking().Where(l => sheepIds.Contains(l.SheepId) && l.Review == ReviewStatus.Approved);
        var logs = since is { } from
            ? await approved.Where(l => l.ReviewedAt >= from)
                .Select(l => new { l.SheepId, Log = new MailLog(l.Id, l.Kind, l.At, l.QuantityKg, l.Vet, new MovedTo(l.NamedPasture!.Name, l.NamedPasture.NameLatin, l.Pasture), l.RemovalReason, l.Notes, l.Photos.Count), l.ReviewedAt })
                .ToListAsync(cancellationToken)
            : [];
        var weighings = await approved.Where(l => l.Kind == LogKind.Weighing && l.QuantityKg != null)
            .Select(l => new { l.SheepId, l.At, Kg = l.QuantityKg!.Value })
            .ToListAsync(cancellationToken);
        var photos = await db.SheepPhotos.AsNoTracking()
            .Where(p => sheepIds.Contains(p.SheepId) && db.AnimalLogs.Any(l => l.Id == p.LogId && l.Review == ReviewStatus.Approved))
            .GroupBy(p => p.SheepId)
            .Select(g => new { SheepId = g.Key, Id = g.Max(p => p.Id) })
            .Join(db.SheepPhotos, newest => newest.Id, p => p.Id, (newest, p) => new { newest.SheepId, p.LargeKey })
            .ToListAsync(cancellationToken);
        var last = await approved.GroupBy(l => l.SheepId).Select(g => new { SheepId = g.Key, At = g.Max(l => l.At) }).ToListAsync(cancellationToken);
        var logsOf = logs.ToLookup(l => l.SheepId);
        var weighingsOf = weighings.ToLookup(w => w.SheepId);
        var photoOf = photos.ToDictionary(p => p.SheepId, p => p.LargeKey);
        var lastOf = last.ToDictionary(l => l.SheepId, l => l.At);
        foreach (var sheepId in sheepIds)
        {
            var weights = weighingsOf[sheepId].OrderByDescending(w => w.At).Take(ChartWeighings).Select(w => new WeightPoint(w.At, w.Kg)).Reverse().ToList();
            histories[sheepId] = new SheepHistory(
                [.. logsOf[sheepId].Select(l => (l.Log, l.ReviewedAt))],
                weights,
                photoOf.GetValueOrDefault(sheepId),
                lastOf.TryGetValue(sheepId, out var at) ? at : null);
        }
    }

    /// <summary>
    /// A moment as the database compares it: SQLite keeps a time to 100 µs and PostgreSQL to 1 µs, while a payload's
    /// <c>Since</c> keeps every tick. A log reviewed at the very moment its update was queued must count in memory as it
    /// does in SQL, so both sides are cut to 100 µs.
    /// </summary>
    private static long Stored(DateTimeOffset at) => at.UtcTicks / 1_000;

    public async Task<AdoptionMailFacts?> AdoptionAsync(int adoptionId, CancellationToken cancellationToken = default)
    {
        if (adoptions.TryGetValue(adoptionId, out var prefetched))
        {
            return prefetched;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await Facts(db, db.Adoptions.AsNoTracking().Where(a => a.Id == adoptionId)).SingleOrDefaultAsync(cancellationToken);
    }

    private static IQueryable<AdoptionMailFacts> Facts(SponsorshipDbContext db, IQueryable<Adoption> chosen) =>
        chosen.Select(a => new AdoptionMailFacts(
                a.Id, a.SheepId, a.Sheep.Name, a.Sheep.NameLatin,
                a.Sheep.Tags.AsQueryable().Where(IdTag.IsCurrentEarTag).Select(t => t.Value).FirstOrDefault() ?? "",
                a.Sheep.Breed, a.Sheep.Sex, a.Sheep.BirthDate,
                a.Sheep.Household.HeadName, a.Sheep.Household.HeadNameLatin, a.Sheep.Household.Village.Name, a.Sheep.Household.Village.NameLatin,
                a.Plan.NameZh, a.Plan.NameEn, a.TermMonths, a.PriceFen, a.Status, a.StartAt, a.EndAt, a.NameOnCertificate,
                db.OrganisationOrders.Where(o => o.Id == a.OrganisationOrderId).Select(o => o.Organisation.Name).FirstOrDefault()
                    ?? db.Users.Where(u => u.Id == a.BuyerUserId).Select(u => u.DisplayName).FirstOrDefault() ?? "",
                a.GiftRecipientName, a.GiftRevealOn, a.EndOfTermChoice, a.DeathPolicy, a.ReplacementDueAt,
                db.Sheep.Where(s => s.Id == a.ReplacedSheepId).Select(s => s.Name).FirstOrDefault(),
                a.SponsorUserId));

    /// <summary>
    /// The approved logs of a sheep since <paramref name="since"/> (or the one milestone log), its approved weighings for
    /// the chart and its newest approved photo.
    /// </summary>
    public async Task<SheepNews> NewsAsync(int sheepId, DateTimeOffset? since, string? onlyLogKey, long? onlyLogId = null, CancellationToken cancellationToken = default)
    {
        if (onlyLogKey is null && onlyLogId is null && histories.TryGetValue(sheepId, out var history))
        {
            var news = since is { } after
                ? history.Logs.Where(l => l.ReviewedAt is { } reviewed && Stored(reviewed) >= Stored(after))
                    .Select(l => l.Log).OrderBy(l => l.At).ThenBy(l => l.Id).Take(NewsLogs).ToList()
                : [];
            return new SheepNews(news, history.Weights, history.PhotoKey, history.LastUpdateAt);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var approved = db.AnimalLogs.AsNoTracking().Where(l => l.SheepId == sheepId && l.Review == ReviewStatus.Approved);
        var chosen = onlyLogKey is not null ? approved.Where(l => l.IdempotencyKey == onlyLogKey)
            : onlyLogId is not null ? approved.Where(l => l.Id == onlyLogId)
            : since is { } from ? approved.Where(l => l.ReviewedAt >= from)
            : approved.Where(l => false);
        var logs = await chosen
            .OrderBy(l => l.At).ThenBy(l => l.Id)
            .Take(NewsLogs)
            .Select(l => new MailLog(l.Id, l.Kind, l.At, l.QuantityKg, l.Vet, new MovedTo(l.NamedPasture!.Name, l.NamedPasture.NameLatin, l.Pasture), l.RemovalReason, l.Notes, l.Photos.Count))
            .ToListAsync(cancellationToken);
        return await KnownAsync(db, sheepId, approved, logs, cancellationToken);
    }

    /// <summary>
    /// What was known of a sheep when <paramref name="before"/> came (a month's digest: the month's end): the weighings,
    /// newest photo and last update of the records dated before it, whatever was recorded or approved since. A digest
    /// rendered days later, after a newer weighing, still speaks of its own month.
    /// </summary>
    public async Task<SheepNews> NewsBeforeAsync(int sheepId, DateTimeOffset before, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var approved = db.AnimalLogs.AsNoTracking().Where(l => l.SheepId == sheepId && l.Review == ReviewStatus.Approved && l.At < before);
        return await KnownAsync(db, sheepId, approved, [], cancellationToken);
    }

    /// <summary>The chart's weighings, the newest photo and the last update among <paramref name="approved"/>.</summary>
    private static async Task<SheepNews> KnownAsync(
        SponsorshipDbContext db, int sheepId, IQueryable<AnimalLog> approved, IReadOnlyList<MailLog> logs, CancellationToken cancellationToken)
    {
        var weights = await approved.Where(l => l.Kind == LogKind.Weighing && l.QuantityKg != null)
            .OrderByDescending(l => l.At).Take(ChartWeighings)
            .Select(l => new WeightPoint(l.At, l.QuantityKg!.Value))
            .ToListAsync(cancellationToken);
        weights.Reverse();
        var photo = await db.SheepPhotos.AsNoTracking()
            .Where(p => p.SheepId == sheepId && approved.Any(l => l.Id == p.LogId))
            .OrderByDescending(p => p.Id)
            .Select(p => p.LargeKey)
            .FirstOrDefaultAsync(cancellationToken);
        var last = await approved.OrderByDescending(l => l.At).Select(l => (DateTimeOffset?)l.At).FirstOrDefaultAsync(cancellationToken);
        return new SheepNews(logs, weights, photo, last);
    }

    public async Task<PayoutMailFacts?> PayoutAsync(int payoutLineId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var line = await db.PayoutLines.AsNoTracking()
            .Where(l => l.Id == payoutLineId)
            .Select(l => new
            {
                l.AmountFen, Batch = l.Batch.Reference, l.Reference, l.PayoutAccountLast4, HouseholdLast4 = l.Household.PayoutAccountLast4,
                l.Status, l.Batch.PeriodEnd, l.Household.HeadName, l.Household.HeadNameLatin, l.FailureReason,
            })
            .SingleOrDefaultAsync(cancellationToken);
        if (line is null)
        {
            return null;
        }

        var state = line.Status switch
        {
            Payouts.PayoutLineStatus.Paid => PayoutLineState.Paid,
            Payouts.PayoutLineStatus.Failed => PayoutLineState.Failed,
            _ => PayoutLineState.Pending,
        };
        var last4 = line.PayoutAccountLast4.Length > 0 ? line.PayoutAccountLast4 : line.HouseholdLast4;
        return new PayoutMailFacts(line.AmountFen, line.Batch, line.Reference, Privacy.AccountNumberProtector.Mask(last4), state, line.PeriodEnd, line.HeadName, line.HeadNameLatin, line.FailureReason);
    }
}
