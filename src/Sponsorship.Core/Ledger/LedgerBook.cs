using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Data;

namespace Sponsorship.Core.Ledger;

/// <summary>One leg of a posting: fen added to (positive) or taken from (negative) an account.</summary>
public sealed record LedgerLeg(string Account, long AmountFen);

/// <summary>A balanced movement to record; <paramref name="IdempotencyKey"/> names the command that makes it.</summary>
public sealed record LedgerPosting(
    string IdempotencyKey, string Kind, string Reference, IReadOnlyList<LedgerLeg> Legs, int? AdoptionId = null);

/// <summary>The ledger's account codes: one per clearing, bank and fee account, one per adoption, household, village and sponsor.</summary>
public static class LedgerAccounts
{
    public const string PspClearing = "psp:clearing";
    public const string Bank = "bank:main";
    public const string PlatformFees = "platform:fees";
    public const string Cooperative = "cooperative:logistics";
    public const string World = "world";

    /// <summary>Refunds asked of a payment provider and not yet confirmed by it: money on its way back to sponsors.</summary>
    public const string RefundsPending = "psp:refunds_pending";

    public static string AdoptionDeferred(int adoptionId) => $"adoption:{adoptionId}:deferred";
    public static string HerderPayable(int householdId) => $"herder:{householdId}:payable";
    public static string HerderInTransit(int householdId) => $"herder:{householdId}:in_transit";
    public static string VillageCollective(int villageId) => $"village:{villageId}:collective";
    public static string SponsorCredit(string userId) => $"sponsor:{userId}:credit";
    public static string VisitHeld(int visitBookingId) => $"visit:{visitBookingId}:held";

    public static AccountKind KindOf(string code) => code switch
    {
        PspClearing => AccountKind.PspClearing,
        Bank => AccountKind.Bank,
        PlatformFees => AccountKind.PlatformFees,
        Cooperative => AccountKind.Cooperative,
        World => AccountKind.World,
        RefundsPending => AccountKind.RefundsPending,
        _ when code.StartsWith("adoption:", StringComparison.Ordinal) => AccountKind.AdoptionDeferred,
        _ when code.StartsWith("visit:", StringComparison.Ordinal) => AccountKind.VisitHeld,
        _ when code.EndsWith(":payable", StringComparison.Ordinal) => AccountKind.HerderPayable,
        _ when code.EndsWith(":in_transit", StringComparison.Ordinal) => AccountKind.HerderInTransit,
        _ when code.StartsWith("village:", StringComparison.Ordinal) => AccountKind.VillageCollective,
        _ when code.StartsWith("sponsor:", StringComparison.Ordinal) => AccountKind.SponsorCredit,
        _ => throw new ArgumentException($"Unknown ledger account '{code}'.", nameof(code)),
    };
}

/// <summary>A posting the ledger refuses: it would leave a protected account (payable, in transit, credit, deferred) negative.</summary>
public sealed class LedgerRefusedException(string key, string account, long balanceAfter)
    : InvalidOperationException($"Ledger posting '{key}' would leave {account} at {balanceAfter} fen.")
{
    public string Key { get; } = key;
    public string Account { get; } = account;
    public long BalanceAfterFen { get; } = balanceAfter;
}

/// <summary>
/// The one way money is recorded. A posting is added to the caller's context, so it commits together with the change
/// that caused it (a captured payment, a released share) or not at all.
/// </summary>
/// <remarks>
/// <para>Tamper evidence: each transaction names the one before it (<see cref="LedgerTransaction.PreviousId"/>) and its
/// <see cref="LedgerTransaction.Hash"/> is SHA-256 over the previous hash and its own canonical content, entries
/// included (<see cref="LedgerHash"/>). <see cref="LedgerIntegrity"/> recomputes the chain.</para>
/// <para>Concurrency: the chain makes ledger writes a single file. Writers are serialised where that is cheap and
/// caught where it is not: post inside <c>db.Database.BeginTransactionAsync()</c> — on SQLite that is
/// <c>BEGIN IMMEDIATE</c>, and on PostgreSQL and SQL Server the first posting takes the ledger's write lock for the rest
/// of the transaction (<see cref="LockAsync"/>), so the tail read here is the tail when the write commits. Without a
/// transaction two writers can read the same tail; the unique index on <c>PreviousId</c> (and the concurrency token on the running
/// balances) then fails the second <c>SaveChanges</c> with a <see cref="DbUpdateException"/>, and the caller runs its
/// whole operation again in a fresh context (<see cref="LedgerWrites.RunAsync"/>): being idempotent by key, a retried
/// command never posts twice.</para>
/// </remarks>
public static partial class LedgerBook
{
    // What this context has added and not yet saved: found here without scanning the change tracker (a batch posts 100,000).
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<SponsorshipDbContext, Pending> PendingByContext = [];

    // Keys and account codes per query when posting many: well under every provider's parameter limits.
    private const int PrepareChunk = 500;

    /// <summary>Accounts whose balance may never go below zero.</summary>
    public static bool IsProtected(AccountKind kind) =>
        kind is AccountKind.HerderPayable or AccountKind.HerderInTransit or AccountKind.SponsorCredit or AccountKind.AdoptionDeferred
            or AccountKind.RefundsPending or AccountKind.VisitHeld;

    /// <summary>
    /// Adds the posting unless one with the same idempotency key exists (then returns false and changes nothing).
    /// Throws when the legs do not sum to zero, and <see cref="LedgerRefusedException"/> (changing nothing) when it
    /// would leave a payable, in-transit, credit or deferred account negative.
    /// </summary>
    public static async Task<bool> PostAsync(
        SponsorshipDbContext db, LedgerPosting posting, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(posting);

        // db.Entry() below would otherwise detect changes across the whole chain of unsaved transactions each time
        // (measured: a 10,000-line payout export went quadratic); the entities it looks at are added explicitly.
        var autoDetect = db.ChangeTracker.AutoDetectChangesEnabled;
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            return await PostCoreAsync(db, posting, at, cancellationToken);
        }
        finally
        {
            db.ChangeTracker.AutoDetectChangesEnabled = autoDetect;
        }
    }

    private static async Task<bool> PostCoreAsync(
        SponsorshipDbContext db, LedgerPosting posting, DateTimeOffset at, CancellationToken cancellationToken)
    {
        EnsureBalanced(posting);
        var pending = PendingByContext.GetValue(db, _ => new Pending());
        await LockAsync(db, cancellationToken);
        if (pending.IsAdded(db, posting.IdempotencyKey)
            || await db.LedgerTransactions.AnyAsync(t => t.IdempotencyKey == posting.IdempotencyKey, cancellationToken))
        {
            return false;
        }

        // Check every account first, so a refused posting leaves the context as it was.
        var accounts = new Dictionary<string, LedgerAccount>(StringComparer.Ordinal);
        foreach (var code in posting.Legs.Select(l => l.Account).Distinct())
        {
            accounts[code] = await AccountAsync(db, pending, code, at, cancellationToken);
        }

        Refuse(posting, code => (accounts[code].Kind, accounts[code].BalanceFen));

        at = WholeMilliseconds(at);
        var (previous, previousHash) = await TailAsync(db, pending, cancellationToken);
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
            var account = accounts[leg.Account];
            account.BalanceFen += leg.AmountFen;
            transaction.Entries.Add(new LedgerEntry { Account = account, AmountFen = leg.AmountFen });
        }

        transaction.Hash = LedgerHash.Compute(previousHash, transaction.IdempotencyKey, transaction.Kind, transaction.Reference,
            transaction.PostedAt, transaction.AdoptionId, posting.Legs.Select(l => (l.Account, l.AmountFen)));
        db.LedgerTransactions.Add(transaction);
        if (previous is not null)
        {
            // The previous one may not be saved yet: its key is then a temporary value that EF fixes up on save.
            db.Entry(transaction).Property(t => t.PreviousId).CurrentValue = previous.Value;
        }

        pending.Tail = transaction;
        pending.Keys[transaction.IdempotencyKey] = transaction;
        return true;
    }

    /// <summary>
    /// Posts the original's entries negated, under the key <see cref="LedgerKeys.Reversal"/>. Returns false when the original
    /// does not exist or is already reversed. A reversal is refused like any posting when it would leave a protected
    /// account negative (a share already paid out cannot be reversed).
    /// </summary>
    public static async Task<bool> ReverseAsync(
        SponsorshipDbContext db, string originalKey, string reason, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var original = await db.LedgerTransactions.AsNoTracking()
            .Where(t => t.IdempotencyKey == originalKey)
            .Select(t => new { t.AdoptionId, Legs = t.Entries.OrderBy(e => e.Id).Select(e => new { e.Account.Code, e.AmountFen }).ToList() })
            .FirstOrDefaultAsync(cancellationToken);
        if (original is null)
        {
            return false;
        }

        return await PostAsync(db, new LedgerPosting(
            LedgerKeys.Reversal(originalKey), LedgerKinds.Reversal, Truncate(reason, 128),
            [.. original.Legs.Select(l => new LedgerLeg(l.Code, -l.AmountFen))], original.AdoptionId), at, cancellationToken);
    }

    /// <summary>
    /// Takes the ledger's write lock for the context's current transaction, once (no transaction, or SQLite: nothing to
    /// do). A serializable transaction that will post calls it first, before it reads anything: its snapshot is then
    /// taken after the previous writer committed.
    /// </summary>
    public static async Task LockAsync(SponsorshipDbContext db, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var pending = PendingByContext.GetValue(db, _ => new Pending());
        if (db.Database.CurrentTransaction is not { } transaction || ReferenceEquals(pending.LockedFor, transaction)
            || ProviderSql.LedgerWriteLock(db.Database) is not { } sql)
        {
            return;
        }

        await db.Database.ExecuteSqlRawAsync(sql, cancellationToken);
        pending.LockedFor = transaction;
    }

    /// <summary>Whether a transaction with this key is saved or added to this context.</summary>
    public static async Task<bool> IsPostedAsync(SponsorshipDbContext db, string key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        return (PendingByContext.TryGetValue(db, out var pending) && pending.IsAdded(db, key))
            || await db.LedgerTransactions.AnyAsync(t => t.IdempotencyKey == key, cancellationToken);
    }

    /// <summary>The balance of an account by code (0 when it does not exist yet), from the running balance.</summary>
    public static async Task<long> BalanceAsync(SponsorshipDbContext db, string code, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var local = db.LedgerAccounts.Local.FirstOrDefault(a => a.Code == code);
        return local?.BalanceFen
            ?? await db.LedgerAccounts.Where(a => a.Code == code).Select(a => a.BalanceFen).FirstOrDefaultAsync(cancellationToken);
    }

    private static void EnsureBalanced(LedgerPosting posting)
    {
        if (posting.Legs.Count < 2 || posting.Legs.Sum(l => l.AmountFen) != 0)
        {
            throw new InvalidOperationException($"Ledger posting '{posting.IdempotencyKey}' does not balance.");
        }
    }

    /// <summary>Throws <see cref="LedgerRefusedException"/> when the posting would leave a protected account negative.</summary>
    private static void Refuse(LedgerPosting posting, Func<string, (AccountKind Kind, long BalanceFen)> account)
    {
        foreach (var (code, delta) in posting.Legs.GroupBy(l => l.Account).Select(g => (g.Key, g.Sum(l => l.AmountFen))))
        {
            var (kind, balance) = account(code);
            if (delta < 0 && IsProtected(kind) && balance + delta < 0)
            {
                throw new LedgerRefusedException(posting.IdempotencyKey, code, balance + delta);
            }
        }
    }

    // Whole milliseconds: SQLite's DateTimeOffset-as-binary keeps 100 µs, so the hash must cover what is stored.
    private static DateTimeOffset WholeMilliseconds(DateTimeOffset at) =>
        new(at.Ticks - (at.Ticks % TimeSpan.TicksPerMillisecond), at.Offset);

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];

    private static async Task<(long? Id, string Hash)> TailAsync(SponsorshipDbContext db, Pending pending, CancellationToken cancellationToken)
    {
        if (pending.Tail is { } tail && db.Entry(tail).State == EntityState.Added)
        {
            return (db.Entry(tail).Property(t => t.Id).CurrentValue, tail.Hash);
        }

        var last = await db.LedgerTransactions.AsNoTracking().OrderByDescending(t => t.Id)
            .Select(t => new { t.Id, t.Hash }).FirstOrDefaultAsync(cancellationToken);
        return last is null ? (null, LedgerHash.Genesis) : (last.Id, last.Hash);
    }

    private static async Task<LedgerAccount> AccountAsync(
        SponsorshipDbContext db, Pending pending, string code, DateTimeOffset at, CancellationToken cancellationToken)
    {
        if (pending.Accounts.TryGetValue(code, out var known) && db.Entry(known).State != EntityState.Detached)
        {
            return known;
        }

        var account = await db.LedgerAccounts.FirstOrDefaultAsync(a => a.Code == code, cancellationToken);
        if (account is null)
        {
            account = new LedgerAccount { Code = code, Kind = LedgerAccounts.KindOf(code), CreatedAt = at };
            db.LedgerAccounts.Add(account);
        }

        pending.Accounts[code] = account;
        return account;
    }

    /// <summary>
    /// The tail of the chain, the accounts and the keys this context has touched. The tail is trusted only while its
    /// entity is still tracked (after a save it is the saved last transaction as long as this context is the writer —
    /// which the transaction around the work guarantees on SQLite, and the unique PreviousId checks elsewhere).
    /// </summary>
    private sealed class Pending
    {
        public LedgerTransaction? Tail { get; set; }
        public Dictionary<string, LedgerAccount> Accounts { get; } = new(StringComparer.Ordinal);
        public Dictionary<string, LedgerTransaction> Keys { get; } = new(StringComparer.Ordinal);

        /// <summary>The database transaction that holds the ledger's write lock.</summary>
        public object? LockedFor { get; set; }

        public bool IsAdded(SponsorshipDbContext db, string key) =>
            Keys.TryGetValue(key, out var t) && db.Entry(t).State is EntityState.Added or EntityState.Unchanged;
    }
}

/// <summary>The kinds of ledger transaction (the capture is posted by checkout with kind <see cref="Capture"/>).</summary>
public static class LedgerKinds
{
    public const string Capture = "capture";
    public const string Release = "release";
    public const string Refund = "refund";
    public const string PayoutExport = "payout-export";
    public const string PayoutConfirm = "payout-confirm";
    public const string PayoutFail = "payout-fail";
    public const string Correction = "correction";
    public const string Reversal = "reversal";

    /// <summary>
    /// Both legs of refunding money that never became an adoption (a flagged payment): recorded as received and as
    /// going back, so it never counts as sales.
    /// </summary>
    public const string UnmatchedRefund = "unmatched-refund";

    /// <summary>
    /// A visit's payment received (its key is the payment's capture key, so the settlement check matches it): held for
    /// the visit, never counted as adoption sales.
    /// </summary>
    public const string VisitCapture = "visit-capture";
}

/// <summary>The canonical content a transaction's hash covers, and the hash itself.</summary>
public static class LedgerHash
{
    /// <summary>The "previous hash" of the first transaction.</summary>
    public static readonly string Genesis = new('0', 64);

    public static string Compute(
        string previousHash, string key, string kind, string reference, DateTimeOffset postedAt, int? adoptionId,
        IEnumerable<(string Account, long AmountFen)> legs)
    {
        ArgumentNullException.ThrowIfNull(legs);
        var text = new System.Text.StringBuilder()
            .Append(previousHash).Append('\n')
            .Append(key).Append('\n')
            .Append(kind).Append('\n')
            .Append(reference).Append('\n')
            .Append(postedAt.UtcTicks.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append('\n')
            .Append(adoptionId?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-").Append('\n');
        foreach (var (account, amount) in legs)
        {
            text.Append(account).Append('=').Append(amount.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append('\n');
        }

        return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text.ToString())));
    }
}

/// <summary>Runs an operation that posts to the ledger, in a fresh context and transaction, again when a concurrent writer won.</summary>
public static class LedgerWrites
{
    /// <summary>
    /// A command posting thousands of transactions saves every this many inside its one database transaction: each
    /// unsaved transaction names the one before it by a temporary key, and EF orders a long chain of such inserts slowly.
    /// </summary>
    public const int SaveEvery = 500;

    /// <summary>
    /// Runs <paramref name="work"/> in a new context inside a transaction, saves and commits. When another writer took
    /// the chain's tail or changed a balance first (a <see cref="DbUpdateException"/>), everything is thrown away and the
    /// work runs again from the start; it must therefore read what it needs itself and post with idempotency keys.
    /// </summary>
    public static Task<T> RunAsync<T>(
        IDbContextFactory<SponsorshipDbContext> dbFactory, Func<SponsorshipDbContext, Task<T>> work, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dbFactory);
        ArgumentNullException.ThrowIfNull(work);
        return Contention.RetryAsync(
            async () =>
            {
                await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
                await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
                await LedgerBook.LockAsync(db, cancellationToken);
                var result = await work(db);
                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                return result;
            },
            cancellationToken,
            alsoRetry: e => e is DbUpdateException);
    }
}
