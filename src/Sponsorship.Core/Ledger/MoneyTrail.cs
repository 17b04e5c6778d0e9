using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Data;
using Sponsorship.Core.Payouts;

namespace Sponsorship.Core.Ledger;

/// <summary>One posting that moved this adoption's money: when, what stage, and how much went where.</summary>
public sealed record TrailStep(DateTimeOffset At, string Kind, string Stage, long HerderFen, long VillageFen, long CooperativeFen, long PlatformFen, long RefundedFen);

/// <summary>A payout that carried part of this adoption's herder share to the household.</summary>
public sealed record TrailPayout(string BatchReference, long AmountFen, PayoutLineStatus Status, DateTimeOffset? ExportedAt, DateTimeOffset? SettledAt);

public sealed record MoneyTrailView(
    int AdoptionId, long PriceFen, long PaidFen, int RuleVersion, SplitRule Rule, SplitParts Split, long StillDeferredFen,
    string HouseholdName, string HouseholdNameLatin,
    IReadOnlyList<TrailStep> Steps, IReadOnlyList<TrailPayout> Payouts);

/// <summary>
/// A sponsor's view of where their money went: the price, the split, every release so far, and which payout batch paid
/// the herder and when (traced first-in, first-out as in <see cref="HerderEarnings"/>). Only for the adoption's sponsor
/// (or its buyer); anybody else gets null (the page answers 404).
/// </summary>
public sealed class MoneyTrail(IDbContextFactory<SponsorshipDbContext> dbFactory)
{
    /// <summary>The trail of the signed-in sponsor's own adoption; null for anybody else's (or one that does not exist).</summary>
    public async Task<MoneyTrailView?> ForSponsorAsync(int adoptionId, string userId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await ForAdoptionAsync(db, adoptionId, userId, cancellationToken);
    }

    public static async Task<MoneyTrailView?> ForAdoptionAsync(SponsorshipDbContext db, int adoptionId, string sponsorUserId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var adoption = await db.Adoptions.AsNoTracking()
            .Where(a => a.Id == adoptionId && (a.SponsorUserId == sponsorUserId || a.BuyerUserId == sponsorUserId))
            .Select(a => new { a.Id, a.PriceFen, a.SplitRule, a.Sheep.HouseholdId, a.Sheep.Household.HeadName, a.Sheep.Household.HeadNameLatin })
            .FirstOrDefaultAsync(cancellationToken);
        if (adoption is null)
        {
            return null;
        }

        var deferred = LedgerAccounts.AdoptionDeferred(adoptionId);
        var entries = await db.LedgerEntries.AsNoTracking().Where(e => e.Transaction.AdoptionId == adoptionId)
            .OrderBy(e => e.TransactionId)
            .Select(e => new { e.TransactionId, e.Transaction.PostedAt, TransactionKind = e.Transaction.Kind, e.Transaction.IdempotencyKey, e.Account.Code, e.Account.Kind, e.AmountFen })
            .ToListAsync(cancellationToken);
        var paid = -entries.Where(e => e.Code == LedgerAccounts.PspClearing && LedgerKeys.IsCapture(e.IdempotencyKey)).Sum(e => e.AmountFen);
        var keys = entries.Select(e => e.IdempotencyKey).ToHashSet(StringComparer.Ordinal);
        var steps = entries.Where(e => !LedgerKeys.IsCapture(e.IdempotencyKey))
            .GroupBy(e => e.TransactionId)
            .Where(g => g.Any(e => e.Code == deferred))
            .Select(g =>
            {
                var first = g.First();
                long Sum(AccountKind kind) => g.Where(e => e.Kind == kind).Sum(e => e.AmountFen);
                // A refund through the provider is "on its way back" until the provider confirms it (its settled posting).
                var pending = g.Any(e => e.Kind == AccountKind.RefundsPending) && !keys.Contains(Payments.Refunds.SettledKeyOf(first.IdempotencyKey));
                return new TrailStep(first.PostedAt, first.TransactionKind,
                    first.TransactionKind == LedgerKinds.Release ? LedgerKeys.ReleaseStage(first.IdempotencyKey)
                        : pending ? "refund-pending" : first.TransactionKind,
                    Sum(AccountKind.HerderPayable), Sum(AccountKind.VillageCollective), Sum(AccountKind.Cooperative), Sum(AccountKind.PlatformFees),
                    Sum(AccountKind.PspClearing) + Sum(AccountKind.SponsorCredit) + Sum(AccountKind.RefundsPending));
            }).ToList();
        var stillDeferred = await LedgerBook.BalanceAsync(db, deferred, cancellationToken);

        var households = entries.Where(e => e.Kind == AccountKind.HerderPayable && e.AmountFen > 0)
            .Select(e => int.Parse(e.Code.AsSpan()["herder:".Length..e.Code.LastIndexOf(':')], System.Globalization.CultureInfo.InvariantCulture))
            .Append(adoption.HouseholdId).Distinct();
        var payouts = new List<TrailPayout>();
        foreach (var householdId in households)
        {
            var (lines, _) = await HerderEarnings.TraceAsync(db, householdId, cancellationToken);
            payouts.AddRange(lines.SelectMany(l => l.Sources.Where(s => s.AdoptionId == adoptionId)
                .Select(s => new TrailPayout(l.BatchReference, s.AmountFen, l.Status, l.ExportedAt, l.SettledAt))));
        }

        return new MoneyTrailView(adoption.Id, adoption.PriceFen, paid, adoption.SplitRule.Version, adoption.SplitRule,
            ShareSplit.Split(adoption.PriceFen, adoption.SplitRule), stillDeferred, adoption.HeadName, adoption.HeadNameLatin, steps, payouts);
    }
}
