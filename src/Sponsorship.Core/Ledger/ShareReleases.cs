using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Adoptions;
using Sponsorship.Core.Data;
using Sponsorship.Core.Payments;

namespace Sponsorship.Core.Ledger;

/// <summary>Where a refund goes: back through the payment provider, or to the sponsor's credit for a next adoption.</summary>
public enum RefundTo
{
    PaymentProvider = 1,
    SponsorCredit = 2,
}

/// <summary>
/// Moves a captured payment's money out of <c>adoption:{id}:deferred</c> as proof of care arrives. All amounts come
/// from the adoption's snapshot rule (<see cref="ShareSplit"/>), per captured payment (a renewal's term is released on
/// its own):
/// <list type="bullet">
/// <item>activation (<see cref="LedgerKeys.Activation"/>): the village, cooperative and platform shares in full, and
/// the herder's activation tranche. Those three are service fees earned when the adoption starts; only the herder's share
/// is held back for proof of care, so all that stays deferred is herder money (what herders see as "pending").</item>
/// <item>care (<see cref="LedgerKeys.Care"/>): the herder's care tranche, after the first approved weighing and approved
/// photo at least <see cref="SplitRule.CareMinDays"/> into the term (<see cref="CareReleaseJob"/>).</item>
/// <item>final (<see cref="LedgerKeys.Final"/>): whatever is still deferred goes to the herder — at the end of the term,
/// at once when the sponsor donates the remainder, or after a pro-rata refund (the expired part was earned).</item>
/// <item>refund (<see cref="LedgerKeys.Refund"/>): the unexpired part of the payment, capped at what is still deferred
/// (shares already released stay with those who earned them), to the sponsor's credit, or back through the payment's
/// provider: then it waits in <c>psp:refunds_pending</c> with a queued <see cref="Refund"/> until the provider
/// confirms it (<see cref="Refunds.SettleAsync"/>).</item>
/// </list>
/// Each method adds postings to the caller's context (nothing is saved) and is idempotent by key; each later stage posts
/// the activation first when it is missing.
/// </summary>
public static class ShareReleases
{
    /// <summary>At capture, in the capture's transaction: fees in full and the herder's activation tranche.</summary>
    public static async Task<bool> ReleaseActivationAsync(
        SponsorshipDbContext db, Adoption adoption, Payment payment, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(adoption);
        ArgumentNullException.ThrowIfNull(payment);
        var rule = await RuleAsync(db, adoption, cancellationToken);
        var (householdId, villageId) = await WhereAsync(db, adoption, cancellationToken);
        var split = ShareSplit.Split(payment.AmountFen, rule);
        var tranches = ShareSplit.Tranches(payment.AmountFen, rule);
        var deferred = LedgerAccounts.AdoptionDeferred(adoption.Id);
        var legs = new List<LedgerLeg>
        {
            new(deferred, -(split.VillageFen + split.CooperativeFen + split.PlatformFen + tranches.ActivationFen)),
            new(LedgerAccounts.HerderPayable(householdId), tranches.ActivationFen),
            new(LedgerAccounts.VillageCollective(villageId), split.VillageFen),
            new(LedgerAccounts.Cooperative, split.CooperativeFen),
            new(LedgerAccounts.PlatformFees, split.PlatformFen),
        };
        legs.RemoveAll(l => l.AmountFen == 0);
        return legs.Count >= 2 && await LedgerBook.PostAsync(db, new LedgerPosting(
            LedgerKeys.Activation(payment.Id), LedgerKinds.Release, Reference(payment), legs, adoption.Id), now, cancellationToken);
    }

    /// <summary>The herder's care tranche (the caller has checked the proof of care; see <see cref="CareReleaseJob"/>).</summary>
    public static async Task<bool> ReleaseCareAsync(
        SponsorshipDbContext db, Adoption adoption, Payment payment, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(adoption);
        ArgumentNullException.ThrowIfNull(payment);
        await ReleaseActivationAsync(db, adoption, payment, now, cancellationToken);
        if (await ExistsAsync(db, LedgerKeys.Final(payment.Id), cancellationToken) || await ExistsAsync(db, LedgerKeys.Refund(payment.Id), cancellationToken))
        {
            return false;
        }

        var rule = await RuleAsync(db, adoption, cancellationToken);
        var amount = Math.Min(ShareSplit.Tranches(payment.AmountFen, rule).CareFen, await RemainingAsync(db, adoption, payment, cancellationToken));
        return await ToHerderAsync(db, adoption, payment, LedgerKeys.Care(payment.Id), amount, now, cancellationToken);
    }

    /// <summary>The end of the payment's term: the rest of the herder's share.</summary>
    public static Task<bool> ReleaseEndAsync(
        SponsorshipDbContext db, Adoption adoption, Payment payment, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        ReleaseFinalAsync(db, adoption, payment, now, cancellationToken);

    /// <summary>
    /// The adoption's term is over: every captured payment whose own term has ended releases the rest of its share to the
    /// herder (a renewal's payment is its own term). Returns how many payments released something (0 on a replay).
    /// </summary>
    public static async Task<int> ReleaseEndedTermsAsync(
        SponsorshipDbContext db, Adoption adoption, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var posted = 0;
        foreach (var payment in await CapturedPaymentsAsync(db, adoption, cancellationToken))
        {
            if (payment.TermEnd is { } end && end <= now)
            {
                posted += await ReleaseFinalAsync(db, adoption, payment, now, cancellationToken) ? 1 : 0;
            }
        }

        return posted;
    }

    /// <summary>
    /// The sheep died and the sponsor chose to donate the remainder: everything still deferred for every captured payment
    /// of the adoption goes to the herder at once.
    /// </summary>
    public static async Task<int> DonateRemainderAsync(
        SponsorshipDbContext db, Adoption adoption, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var posted = 0;
        foreach (var payment in await CapturedPaymentsAsync(db, adoption, cancellationToken))
        {
            posted += await ReleaseFinalAsync(db, adoption, payment, now, cancellationToken) ? 1 : 0;
        }

        return posted;
    }

    /// <summary>
    /// The sheep died (or the adoption is cancelled) at <paramref name="endedAt"/> and the sponsor is owed the unexpired
    /// part: for each captured payment, its amount × (term left ÷ term) rounded down to the fen, capped at what is still
    /// deferred, goes to <paramref name="to"/> (through the provider: a refund queued for that payment, pending until
    /// confirmed); the rest still deferred (the part already cared for) goes to the herder.
    /// Returns the fen refunded (0 on a replay).
    /// </summary>
    public static async Task<long> RefundRemainderAsync(
        SponsorshipDbContext db, Adoption adoption, DateTimeOffset endedAt, DateTimeOffset now, RefundTo to = RefundTo.PaymentProvider,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(adoption);
        long refunded = 0;
        foreach (var payment in await CapturedPaymentsAsync(db, adoption, cancellationToken))
        {
            if (await ExistsAsync(db, LedgerKeys.Refund(payment.Id), cancellationToken) || await ExistsAsync(db, LedgerKeys.Final(payment.Id), cancellationToken))
            {
                continue;
            }

            await ReleaseActivationAsync(db, adoption, payment, now, cancellationToken);
            var amount = Math.Min(ProRata(payment, endedAt), await RemainingAsync(db, adoption, payment, cancellationToken));
            var destination = to == RefundTo.SponsorCredit ? LedgerAccounts.SponsorCredit(adoption.SponsorUserId) : LedgerAccounts.RefundsPending;
            if (amount > 0 && await LedgerBook.PostAsync(db, new LedgerPosting(LedgerKeys.Refund(payment.Id), LedgerKinds.Refund, Reference(payment),
                    [new(LedgerAccounts.AdoptionDeferred(adoption.Id), -amount), new(destination, amount)], adoption.Id), now, cancellationToken))
            {
                refunded += amount;
                if (to == RefundTo.PaymentProvider)
                {
                    await Refunds.QueueAsync(db, payment, amount, RefundReason.SheepDied, null, now, cancellationToken);
                }
            }

            await ReleaseFinalAsync(db, adoption, payment, now, cancellationToken);
        }

        return refunded;
    }

    /// <summary>The payment's amount × the unexpired part of its term, rounded down to the fen.</summary>
    public static long ProRata(Payment payment, DateTimeOffset endedAt)
    {
        ArgumentNullException.ThrowIfNull(payment);
        if (payment.TermStart is not { } start || payment.TermEnd is not { } end || end <= start)
        {
            return 0;
        }

        var left = Math.Clamp((end - Max(endedAt, start)).Ticks, 0, (end - start).Ticks);
        return (long)((Int128)payment.AmountFen * left / (end - start).Ticks);
    }

    /// <summary>What is still deferred of this payment (its amount less what its releases and refund took out).</summary>
    public static async Task<long> RemainingAsync(SponsorshipDbContext db, Adoption adoption, Payment payment, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(adoption);
        ArgumentNullException.ThrowIfNull(payment);
        var deferred = LedgerAccounts.AdoptionDeferred(adoption.Id);
        var all = LedgerKeys.OutOfDeferred(payment.Id);
        var saved = await db.LedgerEntries.Where(e => all.Contains(e.Transaction.IdempotencyKey) && e.Account.Code == deferred)
            .SumAsync(e => e.AmountFen, cancellationToken);
        var pending = db.LedgerTransactions.Local.Where(t => db.Entry(t).State == EntityState.Added && all.Contains(t.IdempotencyKey))
            .SelectMany(t => t.Entries).Where(e => e.Account.Code == deferred).Sum(e => e.AmountFen);
        return payment.AmountFen + saved + pending;
    }

    private static async Task<bool> ReleaseFinalAsync(
        SponsorshipDbContext db, Adoption adoption, Payment payment, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(adoption);
        ArgumentNullException.ThrowIfNull(payment);
        await ReleaseActivationAsync(db, adoption, payment, now, cancellationToken);
        if (await ExistsAsync(db, LedgerKeys.Final(payment.Id), cancellationToken))
        {
            return false;
        }

        var remaining = await RemainingAsync(db, adoption, payment, cancellationToken);
        return await ToHerderAsync(db, adoption, payment, LedgerKeys.Final(payment.Id), remaining, now, cancellationToken);
    }

    private static async Task<bool> ToHerderAsync(
        SponsorshipDbContext db, Adoption adoption, Payment payment, string key, long amount, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (amount <= 0)
        {
            return false;
        }

        var (householdId, _) = await WhereAsync(db, adoption, cancellationToken);
        return await LedgerBook.PostAsync(db, new LedgerPosting(key, LedgerKinds.Release, Reference(payment),
            [new(LedgerAccounts.AdoptionDeferred(adoption.Id), -amount), new(LedgerAccounts.HerderPayable(householdId), amount)], adoption.Id),
            now, cancellationToken);
    }

    private static string Reference(Payment payment) => $"payment:{payment.Id}";

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private static Task<bool> ExistsAsync(SponsorshipDbContext db, string key, CancellationToken cancellationToken) =>
        LedgerBook.IsPostedAsync(db, key, cancellationToken);

    private static async Task<List<Payment>> CapturedPaymentsAsync(SponsorshipDbContext db, Adoption adoption, CancellationToken cancellationToken) =>
        await db.Payments.Where(p => p.AdoptionId == adoption.Id && p.CapturedAt != null && p.Status == PaymentStatus.Captured)
            .OrderBy(p => p.Id).ToListAsync(cancellationToken);

    private static async Task<SplitRule> RuleAsync(SponsorshipDbContext db, Adoption adoption, CancellationToken cancellationToken) =>
        await db.SplitRules.FindAsync([adoption.SplitRuleId], cancellationToken)
        ?? throw new InvalidOperationException($"Adoption {adoption.Id} names split rule {adoption.SplitRuleId}, which does not exist.");

    private static async Task<(int HouseholdId, int VillageId)> WhereAsync(SponsorshipDbContext db, Adoption adoption, CancellationToken cancellationToken)
    {
        var place = await db.Sheep.Where(s => s.Id == adoption.SheepId)
            .Select(s => new { s.HouseholdId, s.Household.VillageId }).FirstOrDefaultAsync(cancellationToken)
            ?? throw new InvalidOperationException($"Adoption {adoption.Id} names sheep {adoption.SheepId}, which does not exist.");
        return (place.HouseholdId, place.VillageId);
    }
}
