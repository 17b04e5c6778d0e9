using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Adoptions;
using Sponsorship.Core.Data;
using Sponsorship.Core.Flock;

namespace Sponsorship.Core.Mail;

public sealed record AdoptionMailFacts(
    int AdoptionId, int SheepId, string SheepName, string EarTag, Breed Breed, Sex Sex, DateOnly BirthDate,
    string HeadName, string HeadNameLatin, string VillageName, string VillageNameLatin,
    string PlanZh, string PlanEn, int TermMonths, long PriceFen, AdoptionStatus Status,
    DateTimeOffset? StartAt, DateTimeOffset? EndAt, string NameOnCertificate, string BuyerName,
    string? GiftRecipientName, DateOnly? GiftRevealOn, EndOfTermOptions EndOfTermChoice, DeathPolicy DeathPolicy,
    DateTimeOffset? ReplacementDueAt, string? ReplacedSheepName, string SponsorUserId);

public sealed record MailLog(long Id, LogKind Kind, DateTimeOffset At, decimal? QuantityKg, string? Vet, string? Pasture, RemovalReason? RemovalReason, string Notes, int Photos);

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

/// <summary>The facts the mail templates show, read when the mail is rendered (so it says what is true when it goes).</summary>
public sealed class MailContent(IDbContextFactory<SponsorshipDbContext> dbFactory)
{
    public async Task<AdoptionMailFacts?> AdoptionAsync(int adoptionId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Adoptions.AsNoTracking()
            .Where(a => a.Id == adoptionId)
            .Select(a => new AdoptionMailFacts(
                a.Id, a.SheepId, a.Sheep.Name,
                a.Sheep.Tags.AsQueryable().Where(IdTag.IsCurrentEarTag).Select(t => t.Value).FirstOrDefault() ?? "",
                a.Sheep.Breed, a.Sheep.Sex, a.Sheep.BirthDate,
                a.Sheep.Household.HeadName, a.Sheep.Household.HeadNameLatin, a.Sheep.Household.Village.Name, a.Sheep.Household.Village.NameLatin,
                a.Plan.NameZh, a.Plan.NameEn, a.TermMonths, a.PriceFen, a.Status, a.StartAt, a.EndAt, a.NameOnCertificate,
                db.OrganisationOrders.Where(o => o.Id == a.OrganisationOrderId).Select(o => o.Organisation.Name).FirstOrDefault()
                    ?? db.Users.Where(u => u.Id == a.BuyerUserId).Select(u => u.DisplayName).FirstOrDefault() ?? "",
                a.GiftRecipientName, a.GiftRevealOn, a.EndOfTermChoice, a.DeathPolicy, a.ReplacementDueAt,
                db.Sheep.Where(s => s.Id == a.ReplacedSheepId).Select(s => s.Name).FirstOrDefault(),
                a.SponsorUserId))
            .SingleOrDefaultAsync(cancellationToken);
    }

    /// <summary>
    /// The approved logs of a sheep since <paramref name="since"/> (or the one milestone log), its approved weighings for
    /// the chart and its newest approved photo.
    /// </summary>
    public async Task<SheepNews> NewsAsync(int sheepId, DateTimeOffset? since, string? onlyLogKey, long? onlyLogId = null, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var approved = db.AnimalLogs.AsNoTracking().Where(l => l.SheepId == sheepId && l.Review == ReviewStatus.Approved);
        var chosen = onlyLogKey is not null ? approved.Where(l => l.IdempotencyKey == onlyLogKey)
            : onlyLogId is not null ? approved.Where(l => l.Id == onlyLogId)
            : since is { } from ? approved.Where(l => l.ReviewedAt >= from)
            : approved.Where(l => false);
        var logs = await chosen
            .OrderBy(l => l.At).ThenBy(l => l.Id)
            .Take(50)
            .Select(l => new MailLog(l.Id, l.Kind, l.At, l.QuantityKg, l.Vet, l.Pasture, l.RemovalReason, l.Notes, l.Photos.Count))
            .ToListAsync(cancellationToken);
        var weights = await approved.Where(l => l.Kind == LogKind.Weighing && l.QuantityKg != null)
            .OrderByDescending(l => l.At).Take(24)
            .Select(l => new WeightPoint(l.At, l.QuantityKg!.Value))
            .ToListAsync(cancellationToken);
        weights.Reverse();
        var photo = await db.SheepPhotos.AsNoTracking()
            .Where(p => p.SheepId == sheepId && db.AnimalLogs.Any(l => l.Id == p.LogId && l.Review == ReviewStatus.Approved))
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
