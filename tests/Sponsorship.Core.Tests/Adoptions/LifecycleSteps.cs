using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Adoptions;
using Sponsorship.Core.Certificates;
using Sponsorship.Core.Flock;
using Sponsorship.Core.Ledger;
using Sponsorship.Core.Mail;
using Sponsorship.Core.Payments;

namespace Sponsorship.Core.Tests.Adoptions;

/// <summary>Steps the lifecycle tests share, over <see cref="AdoptionDatabase"/>: moving a term in time, a confirmed death.</summary>
public static class LifecycleSteps
{
    public const string BaseUrl = "https://sheep.example";

    public static GiftReveals GiftReveals(this AdoptionDatabase database) =>
        new(database.DbFactory, Microsoft.Extensions.Options.Options.Create(new AdoptionLinkOptions { PublicBaseUrl = BaseUrl + "/" }), database.Calendar);

    public static GiftClaims GiftClaims(this AdoptionDatabase database) => new(database.DbFactory, database.Calendar);

    public static Renewals Renewals(this AdoptionDatabase database) => new(
        database.DbFactory, [database.Sandbox, new BankTransferPayments(), database.Stripe],
        Microsoft.Extensions.Options.Options.Create(database.Options), database.Clock);

    public static Replacements Replacements(this AdoptionDatabase database) => new(database.DbFactory, database.Calendar);

    public static LogReview LogReview(this AdoptionDatabase database) => new(database.DbFactory, database.Clock);

    /// <summary>Moves the adoption's (only) term so it started and ends at the given instants.</summary>
    public static async Task SetTermAsync(this AdoptionDatabase database, int adoptionId, DateTimeOffset start, DateTimeOffset end)
    {
        await using var db = await database.CreateDbContextAsync();
        await db.Adoptions.Where(a => a.Id == adoptionId)
            .ExecuteUpdateAsync(set => set.SetProperty(a => a.StartAt, start).SetProperty(a => a.EndAt, end));
        await db.Payments.Where(p => p.AdoptionId == adoptionId && p.Status == PaymentStatus.Captured)
            .ExecuteUpdateAsync(set => set.SetProperty(p => p.TermStart, start).SetProperty(p => p.TermEnd, end));
    }

    /// <summary>The herder records the death (the log waits, the sheep stays) and an admin confirms it (the sheep is archived).</summary>
    public static async Task<long> ConfirmDeathAsync(this AdoptionDatabase database, int adoptionId, DateTimeOffset? diedAt = null)
    {
        var logId = await RecordDeathAsync(database, adoptionId, diedAt);
        var review = await database.LogReview().ApproveAsync([logId], database.AdminId);
        Assert.Equal(1, review.Changed);
        return logId;
    }

    public static async Task<long> RecordDeathAsync(this AdoptionDatabase database, int adoptionId, DateTimeOffset? diedAt = null)
    {
        await using var db = await database.CreateDbContextAsync();
        var sheepId = await db.Adoptions.Where(a => a.Id == adoptionId).Select(a => a.SheepId).SingleAsync();
        return await database.ReportDeathAsync(sheepId, diedAt);
    }

    /// <summary>A herder reports this sheep dead; the report waits for an administrator.</summary>
    public static async Task<long> ReportDeathAsync(this AdoptionDatabase database, int sheepId, DateTimeOffset? diedAt = null)
    {
        await using var db = await database.CreateDbContextAsync();
        var at = diedAt ?? database.Clock.GetUtcNow();
        var log = new AnimalLog
        {
            SheepId = sheepId,
            Kind = LogKind.Death,
            At = at,
            RecordedAt = database.Clock.GetUtcNow(),
            IdempotencyKey = Guid.NewGuid().ToString("N"),
            Notes = "Found after the blizzard",
            RemovalReason = RemovalReason.NaturalDeath,
            Review = ReviewStatus.Pending,
        };
        db.AnimalLogs.Add(log);
        await db.SaveChangesAsync();
        return log.Id;
    }

    public static async Task<Adoption> AdoptionAsync(this AdoptionDatabase database, int adoptionId)
    {
        await using var db = await database.CreateDbContextAsync();
        return await db.Adoptions.AsNoTracking().SingleAsync(a => a.Id == adoptionId);
    }

    public static async Task<List<CertificateStatus>> CertificatesAsync(this AdoptionDatabase database, int adoptionId)
    {
        await using var db = await database.CreateDbContextAsync();
        return await db.Certificates.Where(c => c.AdoptionId == adoptionId).OrderBy(c => c.Id).Select(c => c.Status).ToListAsync();
    }

    public static async Task<long> BalanceAsync(this AdoptionDatabase database, string account)
    {
        await using var db = await database.CreateDbContextAsync();
        return await db.LedgerAccounts.Where(a => a.Code == account).Select(a => a.BalanceFen).SingleOrDefaultAsync();
    }

    public static async Task<List<OutboxMail>> MailsAsync(this AdoptionDatabase database, string kind, int adoptionId)
    {
        await using var db = await database.CreateDbContextAsync();
        var mails = await db.OutboxMails.AsNoTracking().Where(m => m.Kind == kind).ToListAsync();
        return [.. mails.Where(m => MailPayload.Read(m) is AdoptionMailPayload about && about.AdoptionId == adoptionId)];
    }

    public static async Task<int> LedgerTransactionsAsync(this AdoptionDatabase database, string key)
    {
        await using var db = await database.CreateDbContextAsync();
        return await db.LedgerTransactions.CountAsync(t => t.IdempotencyKey == key);
    }

    public static string Deferred(int adoptionId) => LedgerAccounts.AdoptionDeferred(adoptionId);
}
