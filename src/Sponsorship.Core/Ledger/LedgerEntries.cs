using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Data;
using Sponsorship.Core.Identity;

namespace Sponsorship.Core.Ledger;

/// <summary>One leg of a ledger transaction, with the transaction it belongs to and the account it moved.</summary>
public sealed record LedgerEntryRow(
    long TransactionId, DateTimeOffset PostedAt, string Kind, string Reference, string AccountCode, AccountKind AccountKind, long AmountFen);

/// <summary>The ledger's entries one by one, for administrators: the office's spreadsheet of what moved where.</summary>
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

        var rows = await db.LedgerEntries.AsNoTracking().OrderByDescending(e => e.Id).Take(MaxExported)
            .Select(e => new LedgerEntryRow(e.TransactionId, e.Transaction.PostedAt, e.Transaction.Kind, e.Transaction.Reference, e.Account.Code, e.Account.Kind, e.AmountFen))
            .ToListAsync(cancellationToken);
        rows.Reverse();
        return rows;
    }
}
