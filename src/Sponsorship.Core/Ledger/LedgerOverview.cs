using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Data;
using Sponsorship.Core.Identity;
using Sponsorship.Core.Jobs;

namespace Sponsorship.Core.Ledger;

/// <summary>How many accounts of a kind there are and what they hold together.</summary>
public sealed record AccountKindTotal(AccountKind Kind, int Accounts, long BalanceFen);

public sealed record RecentEntry(string Account, long AmountFen);

public sealed record RecentTransaction(long Id, DateTimeOffset PostedAt, string IdempotencyKey, string Hash, IReadOnlyList<RecentEntry> Entries);

/// <summary>
/// The administrators' ledger page: balances by kind of account, the latest transactions, the last integrity report
/// (and the last full one when that is older), and whether a full check is running.
/// </summary>
public sealed record LedgerOverviewView(
    IReadOnlyList<AccountKindTotal> Kinds, IReadOnlyList<RecentTransaction> Recent, LedgerCheck? LastCheck, LedgerCheck? LastFullCheck,
    DateTimeOffset? FullCheckRunningSince);

/// <summary>The ledger as administrators read it, and their "start a full check" (run in the background by the job runner).</summary>
public sealed class LedgerOverview(IDbContextFactory<SponsorshipDbContext> dbFactory, JobOverview jobs)
{
    public const int RecentCount = 30;

    /// <summary>Null unless <paramref name="userId"/> is an administrator.</summary>
    public async Task<LedgerOverviewView?> ForAdminAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!await Administrators.IsAdministratorAsync(db, userId, cancellationToken))
        {
            return null;
        }

        var kinds = (await db.LedgerAccounts.AsNoTracking().GroupBy(a => a.Kind)
                .Select(g => new { g.Key, Count = g.Count(), Sum = g.Sum(a => a.BalanceFen) }).ToListAsync(cancellationToken))
            .OrderBy(k => k.Key).Select(k => new AccountKindTotal(k.Key, k.Count, k.Sum)).ToList();
        var recent = await db.LedgerTransactions.AsNoTracking().OrderByDescending(t => t.Id).Take(RecentCount)
            .Select(t => new RecentTransaction(t.Id, t.PostedAt, t.IdempotencyKey, t.Hash,
                t.Entries.OrderBy(e => e.Id).Select(e => new RecentEntry(e.Account.Code, e.AmountFen)).ToList()))
            .ToListAsync(cancellationToken);
        var last = await db.LedgerChecks.AsNoTracking().OrderByDescending(c => c.FinishedAt).ThenByDescending(c => c.Id).FirstOrDefaultAsync(cancellationToken);
        var lastFull = last is { Full: true } ? last
            : await db.LedgerChecks.AsNoTracking().Where(c => c.Full).OrderByDescending(c => c.FinishedAt).ThenByDescending(c => c.Id).FirstOrDefaultAsync(cancellationToken);
        var running = await db.JobRuns.AsNoTracking().Where(r => r.Job == LedgerFullCheckJob.JobName && r.FinishedAt == null)
            .OrderByDescending(r => r.StartedAt).Select(r => (DateTimeOffset?)r.StartedAt).FirstOrDefaultAsync(cancellationToken);
        return new LedgerOverviewView(kinds, recent, last, lastFull, running);
    }

    /// <summary>Queues a full integrity check for the job runner; false (nothing queued) unless the user is an administrator.</summary>
    public Task<bool> StartFullCheckAsync(string userId, CancellationToken cancellationToken = default) =>
        jobs.RequestRunAsync(LedgerFullCheckJob.JobName, userId, cancellationToken);
}
