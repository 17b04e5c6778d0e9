using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Adoptions;
using Sponsorship.Core.Data;
using Sponsorship.Core.Ledger;
using Sponsorship.Core.Payouts;

namespace Sponsorship.Core.Organisations;

/// <summary>What one herder household received from the organisation's adoptions.</summary>
public sealed record HouseholdShare(int HouseholdId, string HeadName, string HeadNameLatin, string VillageName, string VillageNameLatin, long HerderFen, long PaidOutFen);

/// <summary>
/// The ledger's money trail summed over an organisation's adoptions: what was paid (captured), refunded, released to
/// the herders, their villages, the cooperative and the platform, what is still held for proof of care, and what payouts
/// have carried to the households' bank accounts (traced first in, first out as on each adoption's own trail).
/// </summary>
public sealed record MoneySummary(
    long PaidFen, long RefundedFen, long HerdersFen, long VillagesFen, long CooperativeFen, long PlatformFen, long StillDeferredFen,
    long PaidOutFen, int SheepCount, int HouseholdCount, int VillageCount, IReadOnlyList<HouseholdShare> Households);

/// <summary>
/// Sums the postings of an organisation's adoptions, over all time or a period (posting times in [from, to)). The same
/// figures serve the organisation's page and its statements of assistance, so the two always agree.
/// </summary>
public static class OrganisationMoney
{
    public static async Task<MoneySummary> SumAsync(
        SponsorshipDbContext db, int organisationId, DateTimeOffset? from = null, DateTimeOffset? to = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var adoptionIds = await db.Adoptions.AsNoTracking()
            .Where(a => a.OrganisationOrderId != null && db.OrganisationOrders.Any(o => o.Id == a.OrganisationOrderId && o.OrganisationId == organisationId))
            .Select(a => a.Id).ToListAsync(cancellationToken);
        var entries = db.LedgerEntries.AsNoTracking().Where(e => e.Transaction.AdoptionId != null && adoptionIds.Contains(e.Transaction.AdoptionId.Value));
        if (from is { } start)
        {
            entries = entries.Where(e => e.Transaction.PostedAt >= start);
        }

        if (to is { } end)
        {
            entries = entries.Where(e => e.Transaction.PostedAt < end);
        }

        var sums = await entries
            .GroupBy(e => new { e.Transaction.Kind, AccountKind = e.Account.Kind })
            .Select(g => new { g.Key.Kind, g.Key.AccountKind, Fen = g.Sum(e => e.AmountFen) })
            .ToListAsync(cancellationToken);
        long Sum(AccountKind account, params string[] kinds) =>
            sums.Where(s => s.AccountKind == account && (kinds.Length == 0 || kinds.Contains(s.Kind))).Sum(s => s.Fen);

        var paid = -Sum(AccountKind.PspClearing, LedgerKinds.Capture);
        // A refund counts once decided, as on each adoption's trail: it first moves to the refunds the provider has still
        // to confirm, and the confirmation moves it on to the clearing account, which adds nothing.
        var refunded = Sum(AccountKind.PspClearing, LedgerKinds.Refund) + Sum(AccountKind.SponsorCredit, LedgerKinds.Refund)
            + Sum(AccountKind.RefundsPending, LedgerKinds.Refund);

        // Who received herder money, per household (account code herder:{id}:payable).
        var herderCredits = await entries.Where(e => e.Account.Kind == AccountKind.HerderPayable)
            .GroupBy(e => e.Account.Code).Select(g => new { Code = g.Key, Fen = g.Sum(e => e.AmountFen) })
            .ToListAsync(cancellationToken);
        var byHousehold = herderCredits.ToDictionary(
            c => int.Parse(c.Code.AsSpan()["herder:".Length..c.Code.LastIndexOf(':')], CultureInfo.InvariantCulture), c => c.Fen);
        var paidOut = await PaidOutAsync(db, byHousehold.Keys, [.. adoptionIds], from, to, cancellationToken);

        // The sheep reached: adoptions with money captured in the period (all of them without one).
        var captured = await entries.Where(e => e.Transaction.Kind == LedgerKinds.Capture && e.Account.Kind == AccountKind.PspClearing)
            .Select(e => e.Transaction.AdoptionId!.Value).Distinct().ToListAsync(cancellationToken);
        var places = await db.Adoptions.AsNoTracking().Where(a => captured.Contains(a.Id))
            .Select(a => new { a.Sheep.HouseholdId, a.Sheep.Household.VillageId }).ToListAsync(cancellationToken);
        var households = await db.Households.AsNoTracking().Where(h => byHousehold.Keys.Contains(h.Id))
            .Select(h => new { h.Id, h.HeadName, h.HeadNameLatin, h.Village.Name, h.Village.NameLatin }).ToListAsync(cancellationToken);
        var shares = households
            .Select(h => new HouseholdShare(h.Id, h.HeadName, h.HeadNameLatin, h.Name, h.NameLatin, byHousehold[h.Id], paidOut.GetValueOrDefault(h.Id)))
            .OrderByDescending(h => h.HerderFen).ThenBy(h => h.HouseholdId).ToList();
        return new MoneySummary(
            paid, refunded, Sum(AccountKind.HerderPayable), Sum(AccountKind.VillageCollective), Sum(AccountKind.Cooperative),
            Sum(AccountKind.PlatformFees), Sum(AccountKind.AdoptionDeferred), paidOut.Values.Sum(),
            captured.Count, places.Select(p => p.HouseholdId).Distinct().Count(), places.Select(p => p.VillageId).Distinct().Count(), shares);
    }

    /// <summary>Per household: the fen of paid payouts (settled in the period) that came from these adoptions.</summary>
    private static async Task<Dictionary<int, long>> PaidOutAsync(
        SponsorshipDbContext db, IEnumerable<int> householdIds, HashSet<int> adoptionIds, DateTimeOffset? from, DateTimeOffset? to,
        CancellationToken cancellationToken)
    {
        var paid = new Dictionary<int, long>();
        foreach (var householdId in householdIds)
        {
            var (payouts, _) = await HerderEarnings.TraceAsync(db, householdId, cancellationToken);
            paid[householdId] = payouts
                .Where(p => p.Status == PayoutLineStatus.Paid && p.SettledAt is { } at && (from is null || at >= from) && (to is null || at < to))
                .SelectMany(p => p.Sources).Where(s => adoptionIds.Contains(s.AdoptionId)).Sum(s => s.AmountFen);
        }

        return paid;
    }

    /// <summary>The organisation's adoptions that still hold their sheep or ran their term (not cancelled ones).</summary>
    public static IQueryable<Adoption> AdoptionsOf(SponsorshipDbContext db, int organisationId)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.Adoptions.Where(a => a.OrganisationOrderId != null && a.Status != AdoptionStatus.Cancelled
            && db.OrganisationOrders.Any(o => o.Id == a.OrganisationOrderId && o.OrganisationId == organisationId));
    }
}
