using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Data;

namespace Sponsorship.Core.Ledger;

/// <summary>One leg of a posting: fen added to (positive) or taken from (negative) an account.</summary>
public sealed record LedgerLeg(string Account, long AmountFen);

/// <summary>A balanced movement to record; <paramref name="IdempotencyKey"/> names the command that makes it.</summary>
public sealed record LedgerPosting(
    string IdempotencyKey, string Kind, string Reference, IReadOnlyList<LedgerLeg> Legs, int? AdoptionId = null);

/// <summary>The account codes of DESIGN.md §4 "Money".</summary>
public static class LedgerAccounts
{
    public const string PspClearing = "psp:clearing";
    public const string Bank = "bank:main";
    public const string PlatformFees = "platform:fees";
    public const string Cooperative = "cooperative:logistics";
    public const string World = "world";

    public static string AdoptionDeferred(int adoptionId) => $"adoption:{adoptionId}:deferred";
    public static string HerderPayable(int householdId) => $"herder:{householdId}:payable";
    public static string HerderInTransit(int householdId) => $"herder:{householdId}:in_transit";
    public static string VillageCollective(int villageId) => $"village:{villageId}:collective";
    public static string SponsorCredit(string userId) => $"sponsor:{userId}:credit";

    public static AccountKind KindOf(string code) => code switch
    {
        PspClearing => AccountKind.PspClearing,
        Bank => AccountKind.Bank,
        PlatformFees => AccountKind.PlatformFees,
        Cooperative => AccountKind.Cooperative,
        World => AccountKind.World,
        _ when code.StartsWith("adoption:", StringComparison.Ordinal) => AccountKind.AdoptionDeferred,
        _ when code.EndsWith(":payable", StringComparison.Ordinal) => AccountKind.HerderPayable,
        _ when code.EndsWith(":in_transit", StringComparison.Ordinal) => AccountKind.HerderInTransit,
        _ when code.StartsWith("village:", StringComparison.Ordinal) => AccountKind.VillageCollective,
        _ when code.StartsWith("sponsor:", StringComparison.Ordinal) => AccountKind.SponsorCredit,
        _ => throw new ArgumentException($"Unknown ledger account '{code}'.", nameof(code)),
    };
}

/// <summary>
/// The one way money is recorded. A posting is added to the caller's context, so it commits together with the change
/// that caused it (a captured payment, a released share) or not at all.
/// </summary>
public static class LedgerBook
{
    /// <summary>
    /// Adds the posting unless one with the same idempotency key exists (then returns false and changes nothing).
    /// Throws when the legs do not sum to zero.
    /// </summary>
    public static async Task<bool> PostAsync(
        SponsorshipDbContext db, LedgerPosting posting, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(posting);
        if (posting.Legs.Count < 2 || posting.Legs.Sum(l => l.AmountFen) != 0)
        {
            throw new InvalidOperationException($"Ledger posting '{posting.IdempotencyKey}' does not balance.");
        }

        if (await db.LedgerTransactions.AnyAsync(t => t.IdempotencyKey == posting.IdempotencyKey, cancellationToken)
            || db.LedgerTransactions.Local.Any(t => t.IdempotencyKey == posting.IdempotencyKey))
        {
            return false;
        }

        var transaction = new LedgerTransaction
        {
            IdempotencyKey = posting.IdempotencyKey,
            Kind = posting.Kind,
            Reference = posting.Reference,
            PostedAt = at,
            AdoptionId = posting.AdoptionId,
        };
        foreach (var leg in posting.Legs)
        {
            var account = await AccountAsync(db, leg.Account, at, cancellationToken);
            account.BalanceFen += leg.AmountFen;
            transaction.Entries.Add(new LedgerEntry { Account = account, AmountFen = leg.AmountFen });
        }

        db.LedgerTransactions.Add(transaction);
        return true;
    }

    private static async Task<LedgerAccount> AccountAsync(
        SponsorshipDbContext db, string code, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var account = db.LedgerAccounts.Local.FirstOrDefault(a => a.Code == code)
            ?? await db.LedgerAccounts.FirstOrDefaultAsync(a => a.Code == code, cancellationToken);
        if (account is null)
        {
            account = new LedgerAccount { Code = code, Kind = LedgerAccounts.KindOf(code), CreatedAt = at };
            db.LedgerAccounts.Add(account);
        }

        return account;
    }
}
