using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Sponsorship.Core.Data;
using Sponsorship.Core.Jobs;
using Sponsorship.Core.Payments;

namespace Sponsorship.Core.Adoptions;

public enum RenewalError
{
    None = 0,

    /// <summary>No such adoption, or not this sponsor's.</summary>
    NotFound,

    /// <summary>Not running, not yet in the last 30 days, or the sheep is no longer alive.</summary>
    NotRenewable,

    ProviderUnavailable,
    KeyMissing,

    /// <summary>The idempotency key was used before for another payment.</summary>
    KeyReused,
}

public sealed record RenewalResult(RenewalError Error, string PaymentReference = "", string RedirectUrl = "")
{
    public bool Succeeded => Error == RenewalError.None;
}

/// <summary>
/// Renewing an adoption for the same sheep: one more term at the price the adoption was made at, paid like the first
/// one. The capture (<see cref="AdoptionActivation"/>) extends the term and re-issues the certificate.
/// </summary>
public sealed class Renewals(
    IDbContextFactory<SponsorshipDbContext> dbFactory, IEnumerable<IPaymentProvider> providers, IOptions<PaymentOptions> options,
    TimeProvider clock)
{
    /// <summary>How long before the end a sponsor may renew (and is reminded).</summary>
    public static readonly TimeSpan Window = TimeSpan.FromDays(30);

    /// <summary>Renewable now: running, in its last 30 days, and the sheep is alive.</summary>
    public static bool CanRenew(AdoptionStatus status, DateTimeOffset? endAt, bool sheepAlive, DateTimeOffset now) =>
        status == AdoptionStatus.Active && sheepAlive && endAt is { } end && now < end && now >= end - Window;

    public Task<RenewalResult> StartAsync(
        int adoptionId, string sponsorUserId, string provider, string idempotencyKey, string returnUrl,
        CancellationToken cancellationToken = default) =>
        Contention.RetryAsync(() => StartOnceAsync(adoptionId, sponsorUserId, provider, idempotencyKey, returnUrl, cancellationToken), cancellationToken);

    private async Task<RenewalResult> StartOnceAsync(
        int adoptionId, string sponsorUserId, string provider, string idempotencyKey, string returnUrl,
        CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(idempotencyKey) || idempotencyKey.Length > 64)
        {
            return new RenewalResult(RenewalError.KeyMissing);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var adoption = await db.Adoptions.AsNoTracking().Where(a => a.Id == adoptionId && a.SponsorUserId == sponsorUserId)
            .Select(a => new { a.Id, a.Status, a.EndAt, a.PriceFen, Alive = a.Sheep.ArchivedAt == null, a.Plan.NameEn })
            .SingleOrDefaultAsync(cancellationToken);
        if (adoption is null)
        {
            return new RenewalResult(RenewalError.NotFound);
        }

        var earlier = await db.Payments.AsNoTracking().SingleOrDefaultAsync(p => p.IdempotencyKey == idempotencyKey, cancellationToken);
        if (earlier is not null)
        {
            return earlier.AdoptionId == adoptionId && earlier.Purpose == PaymentPurpose.Renewal
                ? await StartPaymentAsync(earlier, adoption.NameEn, returnUrl, cancellationToken)
                : new RenewalResult(RenewalError.KeyReused);
        }

        if (!CanRenew(adoption.Status, adoption.EndAt, adoption.Alive, clock.GetUtcNow()))
        {
            return new RenewalResult(RenewalError.NotRenewable);
        }

        if (!options.Value.EnabledProviders.Contains(provider) || providers.All(p => p.Name != provider))
        {
            return new RenewalResult(RenewalError.ProviderUnavailable);
        }

        // A renewal already waiting to be paid the same way is continued, not doubled (two captures would add two terms).
        var waiting = await db.Payments.AsNoTracking()
            .Where(p => p.AdoptionId == adoptionId && p.Purpose == PaymentPurpose.Renewal && p.Status == PaymentStatus.Pending && p.Provider == provider)
            .OrderByDescending(p => p.Id).FirstOrDefaultAsync(cancellationToken);
        if (waiting is not null)
        {
            return await StartPaymentAsync(waiting, adoption.NameEn, returnUrl, cancellationToken);
        }

        var payment = new Payment
        {
            AdoptionId = adoptionId,
            Purpose = PaymentPurpose.Renewal,
            Provider = provider,
            ProviderReference = PaymentReferences.New(),
            AmountFen = adoption.PriceFen,
            Currency = "CNY",
            Status = PaymentStatus.Pending,
            CreatedAt = clock.GetUtcNow(),
            IdempotencyKey = idempotencyKey,
        };
        db.Payments.Add(payment);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (!Contention.IsContention(e))
        {
            // The same request a moment ago (a double click): answer with the payment it made.
            await using var again = await dbFactory.CreateDbContextAsync(cancellationToken);
            var winner = await again.Payments.AsNoTracking().SingleOrDefaultAsync(p => p.IdempotencyKey == idempotencyKey, cancellationToken);
            return winner is { Purpose: PaymentPurpose.Renewal } && winner.AdoptionId == adoptionId
                ? await StartPaymentAsync(winner, adoption.NameEn, returnUrl, cancellationToken)
                : new RenewalResult(RenewalError.KeyReused);
        }

        return await StartPaymentAsync(payment, adoption.NameEn, returnUrl, cancellationToken);
    }

    private async Task<RenewalResult> StartPaymentAsync(Payment payment, string planName, string returnUrl, CancellationToken cancellationToken)
    {
        var start = await providers.Single(p => p.Name == payment.Provider).StartAsync(
            new PaymentStartRequest(payment.ProviderReference, payment.AmountFen, payment.Currency, $"{planName} (renewal)", "", returnUrl),
            cancellationToken);
        return new RenewalResult(RenewalError.None, payment.ProviderReference, start.RedirectUrl);
    }
}

/// <summary>Once a day: adoptions entering their last 30 days get one renewal reminder (again after each renewal).</summary>
public sealed class RenewalReminders(IDbContextFactory<SponsorshipDbContext> dbFactory, TimeProvider clock) : IScheduledJob
{
    public string Name => "renewal-reminders";

    public JobSchedule Schedule => JobSchedule.Daily;

    async Task<string> IScheduledJob.RunAsync(CancellationToken cancellationToken) =>
        $"reminded {await RunAsync(cancellationToken)}";

    public async Task<int> RunAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        var horizon = now + Renewals.Window;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var due = await db.Adoptions
            .Where(a => a.Status == AdoptionStatus.Active && a.RenewalReminderQueuedAt == null && a.EndAt != null && a.EndAt <= horizon
                && a.EndAt > now && a.Sheep.ArchivedAt == null)
            .Where(Adoption.HasPersonalSponsor)
            .Include(a => a.Sponsor)
            .OrderBy(a => a.Id).Take(500).ToListAsync(cancellationToken);
        foreach (var adoption in due)
        {
            adoption.RenewalReminderQueuedAt = now;
            Mail.Outbox.Queue(
                db, new Mail.RenewalReminderPayload(adoption.Id), adoption.Sponsor, now,
                $"renewal-reminder:{adoption.Id}:{adoption.EndAt!.Value.UtcDateTime:yyyyMMdd}");
        }

        await db.SaveChangesAsync(cancellationToken);
        return due.Count;
    }
}
