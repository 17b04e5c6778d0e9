using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Data;
using Sponsorship.Core.Identity;

namespace Sponsorship.Core.Ledger;

/// <summary>One leg of a ledger transaction, with the transaction it belongs to and the account it moved.</summary>
public sealed record LedgerEntryRow(
    long TransactionId, DateTimeOffset PostedAt, string Kind, string Reference, string AccountCode, AccountKind AccountKind, long AmountFen);

/// <summary>What a ledger entries list can be ordered by.</summary>
public enum LedgerEntrySort
{
    Posted,
    Amount,
    Account,
}

/// <summary>
/// One page of the ledger's entries: 1-based <paramref name="Page"/> of <paramref name="Size"/> rows, ordered by
/// <paramref name="Sort"/>, only those whose account code or transaction reference contains <paramref name="Filter"/>.
/// </summary>
public sealed record LedgerEntryQuery(int Page = 1, int Size = 25, LedgerEntrySort Sort = LedgerEntrySort.Posted, bool Descending = true, string? Filter = null)
{
    public const int MaxSize = 200;
}

public sealed record LedgerEntryPage(IReadOnlyList<LedgerEntryRow> Rows, int Total);

/// <summary>The ledger's entries one by one, for administrators: paged on the page, all of the newest in the office's spreadsheet.</summary>
public sealed class LedgerEntries(IDbContextFactory<SponsorshipDbContext> dbFactory)
{
    /// <summary>The most entries one export holds: the newest, in the order they were posted.</summary>
    public const int MaxExported = 100_000;

    /// <summary>The newest <see cref="MaxExported"/> entries, oldest of them first; null unless the caller is an administrator.</summary>
    public async Task<IReadOnlyList<LedgerEntryRow>?> LatestAsync(string adminUserId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!await Administrators.IsAdministratorAsync(db, adminUserId, cancellationToken))
        {
            return null;
        }

        var rows = await Rows(db.LedgerEntries.AsNoTracking().OrderByDescending(e => e.Id).Take(MaxExported)).ToListAsync(cancellationToken);
        rows.Reverse();
        return rows;
    }

    /// <summary>One page, counted, ordered and filtered in the database; null unless the caller is an administrator.</summary>
    public async Task<LedgerEntryPage?> PageAsync(string adminUserId, LedgerEntryQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!await Administrators.IsAdministratorAsync(db, adminUserId, cancellationToken))
        {
            return null;
        }

        var entries = db.LedgerEntries.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(query.Filter))
        {
            var like = Programme.ConsoleSearch.Like(query.Filter.Trim());
            entries = entries.Where(e => EF.Functions.Like(e.Account.Code, like, "\\") || EF.Functions.Like(e.Transaction.Reference, like, "\\"));
        }

        var total = await entries.CountAsync(cancellationToken);
        var ordered = (query.Sort, query.Descending) switch
        {
            (LedgerEntrySort.Amount, false) => entries.OrderBy(e => e.AmountFen).ThenBy(e => e.Id),
            (LedgerEntrySort.Amount, true) => entries.OrderByDescending(e => e.AmountFen).ThenByDescending(e => e.Id),
            (LedgerEntrySort.Account, false) => entries.OrderBy(e => e.Account.Code).ThenBy(e => e.Id),
            (LedgerEntrySort.Account, true) => entries.OrderByDescending(e => e.Account.Code).ThenByDescending(e => e.Id),
            (_, false) => entries.OrderBy(e => e.Id),
            _ => entries.OrderByDescending(e => e.Id),
        };
        var size = Math.Clamp(query.Size, 1, LedgerEntryQuery.MaxSize);
        var skip = (Math.Max(1, query.Page) - 1) * size;
        return new LedgerEntryPage(await Rows(ordered.Skip(skip).Take(size)).ToListAsync(cancellationToken), total);
    }

    private static IQueryable<LedgerEntryRow> Rows(IQueryable<LedgerEntry> entries) =>
        entries.Select(e => new LedgerEntryRow(e.TransactionId, e.Transaction.PostedAt, e.Transaction.Kind, e.Transaction.Reference, e.Account.Code, e.Account.Kind, e.AmountFen));
}
