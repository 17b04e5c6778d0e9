using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Data;
using Sponsorship.Core.Ledger;
using Sponsorship.Core.Programme;

namespace Sponsorship.Core.Impact;

/// <summary>The programme's published figures (the Taibus Banner report), shown beside what the ledger says.</summary>
public static class PublishedFigures
{
    public const int SheepAdopted = 1_096;
    public const long SalesFen = 197_350_000;
    public const int Households = 100;
    public const long ExtraIncomePerHouseholdFen = 300_000;
}

/// <summary>One month of the chart: sales captured and money paid out to herders.</summary>
public sealed record ImpactMonth(int Year, int Month, long SalesFen, long PaidToHerdersFen);

public sealed record ImpactFigures(
    int SheepAdopted, long SalesFen, long ReleasedToHerdersFen, long PaidToHerdersFen, int HouseholdsBenefiting,
    long AverageExtraIncomeFen, long VillageCollectivesFen, IReadOnlyList<ImpactMonth> Months, DateTimeOffset ComputedAt);

/// <summary>
/// The public impact figures, all from the ledger: sales are captures less refunds; "paid to herders" is what banks
/// confirmed (in transit → world); households benefiting are those credited any share; the average is the herders'
/// released share per benefiting household. Running balances and per-kind sums only — no scan of every entry.
/// </summary>
public sealed class ImpactReport(IDbContextFactory<SponsorshipDbContext> dbFactory, ProgrammeCalendar calendar)
{
    public async Task<ImpactFigures> ComputeAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var clearing = LedgerAccounts.PspClearing;
        var captures = await db.LedgerEntries.AsNoTracking()
            .Where(e => e.Account.Code == clearing && e.Transaction.Kind != LedgerKinds.VisitCapture
                && (e.Transaction.IdempotencyKey.StartsWith(LedgerKeys.CapturePrefix) || e.Transaction.Kind == LedgerKinds.Refund))
            .Select(e => new { e.Transaction.PostedAt, e.Transaction.AdoptionId, e.AmountFen }).ToListAsync(cancellationToken);
        var credits = await db.LedgerEntries.AsNoTracking()
            .Where(e => e.Account.Code.StartsWith("sponsor:") && e.Transaction.Kind == LedgerKinds.Refund)
            .SumAsync(e => e.AmountFen, cancellationToken);
        var paidOut = await db.LedgerEntries.AsNoTracking()
            .Where(e => e.Account.Kind == AccountKind.World && (e.Transaction.Kind == LedgerKinds.PayoutConfirm || e.Transaction.Kind == LedgerKinds.Correction))
            .Select(e => new { e.Transaction.PostedAt, e.AmountFen }).ToListAsync(cancellationToken);
        var released = await db.LedgerEntries.AsNoTracking()
            .Where(e => e.Account.Kind == AccountKind.HerderPayable && e.Transaction.Kind == LedgerKinds.Release)
            .GroupBy(e => e.AccountId).Select(g => g.Sum(e => e.AmountFen)).ToListAsync(cancellationToken);
        var villages = await db.LedgerAccounts.AsNoTracking().Where(a => a.Kind == AccountKind.VillageCollective).SumAsync(a => a.BalanceFen, cancellationToken);

        var sales = -captures.Sum(c => c.AmountFen) - credits;
        var households = released.Count(r => r > 0);
        var months = captures.Select(c => (Key: Month(c.PostedAt), Sales: -c.AmountFen, Paid: 0L))
            .Concat(paidOut.Select(p => (Key: Month(p.PostedAt), Sales: 0L, Paid: p.AmountFen)))
            .GroupBy(x => x.Key).OrderBy(g => g.Key)
            .Select(g => new ImpactMonth(g.Key.Year, g.Key.Month, g.Sum(x => x.Sales), g.Sum(x => x.Paid))).ToList();
        return new ImpactFigures(
            captures.Where(c => c.AmountFen < 0 && c.AdoptionId != null).Select(c => c.AdoptionId).Distinct().Count(),
            sales, released.Sum(), paidOut.Sum(p => p.AmountFen), households, households == 0 ? 0 : released.Sum() / households, villages, months,
            calendar.Now);
    }

    /// <summary>The month on the programme's calendar.</summary>
    private (int Year, int Month) Month(DateTimeOffset at)
    {
        var day = calendar.DayOf(at);
        return (day.Year, day.Month);
    }
}
