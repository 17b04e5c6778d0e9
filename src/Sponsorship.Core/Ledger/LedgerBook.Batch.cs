using System.Data.Common;
using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Sponsorship.Core.Data;

namespace Sponsorship.Core.Ledger;

public static partial class LedgerBook
{
    // Accounts per balance UPDATE: three parameters each, under every provider's limit.
    private const int BalanceChunk = 500;

    /// <summary>
    /// Posts thousands at once (a payout export, a bank statement's confirmations) under the rules of
    /// <see cref="PostAsync"/>: a key posted before is skipped, every posting balances, none may leave a protected account
    /// negative (then nothing is written), and each transaction is chained and hashed after the one before, in order.
    /// The writes are set-based — multi-row INSERTs of the transactions (their keys taken after the chain's tail, which
    /// the ledger's write lock holds still) and entries, one UPDATE per few hundred running balances — where posting
    /// one by one sent about five commands a posting. Runs inside the caller's transaction, which it saves first.
    /// Returns how many were posted.
    /// </summary>
    public static async Task<int> PostManyAsync(
        SponsorshipDbContext db, IReadOnlyList<LedgerPosting> postings, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(postings);
        foreach (var posting in postings)
        {
            EnsureBalanced(posting);
        }

        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("Many postings go in inside the transaction that holds the ledger's write lock.");
        }

        if (db.Database.IsSqlServer())
        {
            // Writing the chain's keys needs IDENTITY_INSERT there, which this project cannot test: post one by one.
            return await PostOneByOneAsync(db, postings, at, cancellationToken);
        }

        await LockAsync(db, cancellationToken);
        db.ChangeTracker.DetectChanges();
        await db.SaveChangesAsync(cancellationToken);

        var todo = await UnpostedAsync(db, postings, cancellationToken);
        if (todo.Count == 0)
        {
            return 0;
        }

        var accounts = await AccountsAsync(db, todo, cancellationToken);
        var balances = accounts.ToDictionary(a => a.Key, a => a.Value.BalanceFen, StringComparer.Ordinal);
        foreach (var posting in todo)
        {
            Refuse(posting, code => (accounts[code].Kind, balances[code]));
            foreach (var leg in posting.Legs)
            {
                balances[leg.Account] += leg.AmountFen;
            }
        }

        await CreateAccountsAsync(db, accounts, at, cancellationToken);
        at = WholeMilliseconds(at);
        var (previousId, previousHash) = await TailAsync(db, new Pending(), cancellationToken);
        var nextId = previousId ?? 0;
        var transactions = new List<LedgerTransaction>(todo.Count);
        var entries = new List<LedgerEntry>(todo.Count * 2);
        foreach (var posting in todo)
        {
            var transaction = new LedgerTransaction
            {
                Id = ++nextId,
                IdempotencyKey = posting.IdempotencyKey,
                Kind = posting.Kind,
                Reference = posting.Reference,
                PostedAt = at,
                AdoptionId = posting.AdoptionId,
                PreviousId = previousId,
                Hash = LedgerHash.Compute(previousHash, posting.IdempotencyKey, posting.Kind, posting.Reference, at, posting.AdoptionId,
                    posting.Legs.Select(l => (l.Account, l.AmountFen))),
            };
            transactions.Add(transaction);
            entries.AddRange(posting.Legs.Select(l => new LedgerEntry { TransactionId = transaction.Id, AccountId = accounts[l.Account].Id, AmountFen = l.AmountFen }));
            (previousId, previousHash) = (transaction.Id, transaction.Hash);
        }

        await BulkInsert.AppendWithKeysAsync(db, transactions, cancellationToken);
        if (ProviderSql.RestartIdentityAfterCopy(db.Database, db.Model.FindEntityType(typeof(LedgerTransaction))!) is { } restart)
        {
            await db.Database.ExecuteSqlRawAsync(restart, cancellationToken);
        }

        await BulkInsert.AppendAsync(db, entries, cancellationToken);
        await WriteBalancesAsync(db, accounts, balances, cancellationToken);
        Forget(db, balances);
        return todo.Count;
    }

    private static async Task<int> PostOneByOneAsync(
        SponsorshipDbContext db, IReadOnlyList<LedgerPosting> postings, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var posted = 0;
        for (var i = 0; i < postings.Count; i++)
        {
            posted += await PostAsync(db, postings[i], at, cancellationToken) ? 1 : 0;
            if ((i + 1) % LedgerWrites.SaveEvery == 0)
            {
                // The accounts' running balances are changed in place: SaveChanges must see them.
                db.ChangeTracker.DetectChanges();
                await db.SaveChangesAsync(cancellationToken);
            }
        }

        return posted;
    }

    /// <summary>The postings whose keys are not in the books yet, each key once, in their order.</summary>
    private static async Task<List<LedgerPosting>> UnpostedAsync(
        SponsorshipDbContext db, IReadOnlyList<LedgerPosting> postings, CancellationToken cancellationToken)
    {
        var posted = new HashSet<string>(StringComparer.Ordinal);
        foreach (var chunk in postings.Select(p => p.IdempotencyKey).Distinct(StringComparer.Ordinal).Chunk(PrepareChunk))
        {
            posted.UnionWith(await db.LedgerTransactions.Where(t => chunk.Contains(t.IdempotencyKey)).Select(t => t.IdempotencyKey).ToListAsync(cancellationToken));
        }

        return [.. postings.Where(p => posted.Add(p.IdempotencyKey))];
    }

    /// <summary>The accounts the legs name, as saved; one not saved yet has id 0 and balance 0.</summary>
    private static async Task<Dictionary<string, BatchAccount>> AccountsAsync(
        SponsorshipDbContext db, List<LedgerPosting> postings, CancellationToken cancellationToken)
    {
        var accounts = new Dictionary<string, BatchAccount>(StringComparer.Ordinal);
        var codes = postings.SelectMany(p => p.Legs).Select(l => l.Account).Distinct(StringComparer.Ordinal).ToList();
        foreach (var chunk in codes.Chunk(PrepareChunk))
        {
            foreach (var account in await db.LedgerAccounts.AsNoTracking().Where(a => chunk.Contains(a.Code))
                .Select(a => new BatchAccount(a.Id, a.Code, a.Kind, a.BalanceFen)).ToListAsync(cancellationToken))
            {
                accounts[account.Code] = account;
            }
        }

        foreach (var code in codes.Where(c => !accounts.ContainsKey(c)))
        {
            accounts[code] = new BatchAccount(0, code, LedgerAccounts.KindOf(code), 0);
        }

        return accounts;
    }

    /// <summary>Creates the accounts not saved yet (a household's first in-transit account) and learns their ids.</summary>
    private static async Task CreateAccountsAsync(
        SponsorshipDbContext db, Dictionary<string, BatchAccount> accounts, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var missing = accounts.Values.Where(a => a.Id == 0).Select(a => a.Code).ToList();
        if (missing.Count == 0)
        {
            return;
        }

        await BulkInsert.AppendAsync(db, [.. missing.Select(code => new LedgerAccount { Code = code, Kind = LedgerAccounts.KindOf(code), CreatedAt = at })], cancellationToken);
        foreach (var chunk in missing.Chunk(PrepareChunk))
        {
            foreach (var created in await db.LedgerAccounts.AsNoTracking().Where(a => chunk.Contains(a.Code))
                .Select(a => new { a.Id, a.Code }).ToListAsync(cancellationToken))
            {
                accounts[created.Code] = accounts[created.Code] with { Id = created.Id };
            }
        }
    }

    /// <summary>
    /// Sets the new running balances, each only where it still holds the balance read (the concurrency token's rule):
    /// fewer rows changed than asked means another writer moved one, and the whole command runs again.
    /// </summary>
    private static async Task WriteBalancesAsync(
        SponsorshipDbContext db, Dictionary<string, BatchAccount> accounts, Dictionary<string, long> balances, CancellationToken cancellationToken)
    {
        var changed = accounts.Values.Where(a => balances[a.Code] != a.BalanceFen).ToList();
        var transaction = db.Database.CurrentTransaction!.GetDbTransaction();
        var sql = db.GetService<ISqlGenerationHelper>();
        var entity = db.Model.FindEntityType(typeof(LedgerAccount))!;
        var table = sql.DelimitIdentifier(entity.GetTableName()!, entity.GetSchema());
        var id = sql.DelimitIdentifier(nameof(LedgerAccount.Id));
        var balance = sql.DelimitIdentifier(nameof(LedgerAccount.BalanceFen));
        foreach (var chunk in changed.Chunk(BalanceChunk))
        {
            await using var command = transaction.Connection!.CreateCommand();
            command.Transaction = transaction;
            command.CommandTimeout = db.Database.GetCommandTimeout() ?? command.CommandTimeout;
            var newCase = new StringBuilder();
            var oldCase = new StringBuilder();
            var ids = new StringBuilder();
            for (var i = 0; i < chunk.Length; i++)
            {
                var (idName, oldName, newName) = (Parameter(command, sql, "i", i, chunk[i].Id), Parameter(command, sql, "o", i, chunk[i].BalanceFen),
                    Parameter(command, sql, "n", i, balances[chunk[i].Code]));
                newCase.Append(" WHEN ").Append(idName).Append(" THEN ").Append(newName);
                oldCase.Append(" WHEN ").Append(idName).Append(" THEN ").Append(oldName);
                ids.Append(i == 0 ? "" : ", ").Append(idName);
            }

            command.CommandText = $"UPDATE {table} SET {balance} = CASE {id}{newCase} END WHERE {id} IN ({ids}) AND {balance} = CASE {id}{oldCase} END";
            var updated = await command.ExecuteNonQueryAsync(cancellationToken);
            if (updated != chunk.Length)
            {
                throw new DbUpdateConcurrencyException($"{chunk.Length - updated} ledger balances changed while many postings were written.");
            }
        }
    }

    private static string Parameter(DbCommand command, ISqlGenerationHelper sql, string prefix, int index, long value)
    {
        var name = prefix + index.ToString(CultureInfo.InvariantCulture);
        var parameter = command.CreateParameter();
        parameter.ParameterName = sql.GenerateParameterName(name);
        parameter.Value = value;
        command.Parameters.Add(parameter);
        return sql.GenerateParameterNamePlaceholder(name);
    }

    /// <summary>What this context tracked of the ledger now holds the balances written; its chain tail is read afresh.</summary>
    private static void Forget(SponsorshipDbContext db, Dictionary<string, long> balances)
    {
        if (PendingByContext.TryGetValue(db, out var pending))
        {
            pending.Tail = null;
        }

        foreach (var entry in db.ChangeTracker.Entries<LedgerAccount>())
        {
            if (balances.TryGetValue(entry.Entity.Code, out var balance))
            {
                entry.Entity.BalanceFen = balance;
                entry.Property(a => a.BalanceFen).OriginalValue = balance;
            }
        }
    }

    private sealed record BatchAccount(int Id, string Code, AccountKind Kind, long BalanceFen);
}
