using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Sponsorship.Core.Tests;

/// <summary>What a race's contenders returned, and how many of them reached a write.</summary>
/// <param name="Results">Each contender's result, in contender order.</param>
/// <param name="ReachedWrite">Contenders that got as far as their first write (the rest returned before writing).</param>
public sealed record RaceResult<T>(IReadOnlyList<T> Results, int ReachedWrite);

/// <summary>
/// Contenders that really race. Each runs on its own thread-pool thread with its own contexts (the code under test makes
/// them from the factory, as parallel requests would), they start together, and each is held at its first write until
/// every contender has reached its own first write or finished: so all of them have read before any of them writes.
/// A read-then-write version of the code under test then lets several through; a conditional update or a unique index
/// lets one.
/// </summary>
/// <remarks>
/// The hold is done by <see cref="Interceptor"/>, which <see cref="TestDatabase"/> adds to every context and which does
/// nothing outside a race. A write is an INSERT, UPDATE or DELETE, or, on SQLite, the start of a transaction: SQLite
/// begins with <c>BEGIN IMMEDIATE</c>, which takes the database's one write lock, so what such a contender reads after
/// it is already serialised by the database (holding it there is the only way to let the others read first without a
/// deadlock). On a server database a transaction takes no lock when it begins, so contenders are held at their first
/// real write and read inside their transactions concurrently.
/// </remarks>
public sealed class Race
{
    /// <summary>How long a contender waits for the others before the race is declared stuck.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    private static readonly AsyncLocal<Contender?> Current = new();

    private readonly int contenders;
    private readonly TaskCompletionSource started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource writesOpen = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock sync = new();
    private int ready;
    private int reachedWrite;
    private int finishedWithoutWriting;

    private Race(int contenders) => this.contenders = contenders;

    /// <summary>The interceptor that holds contenders at their first write; a no-op for code that is not in a race.</summary>
    public static IInterceptor Interceptor { get; } = new WriteGate();

    /// <summary>Runs <paramref name="contend"/> <paramref name="contenders"/> times at once, each on its own thread.</summary>
    public static async Task<RaceResult<T>> RunAsync<T>(int contenders, Func<int, Task<T>> contend)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(contenders, 2);
        ArgumentNullException.ThrowIfNull(contend);

        // Contenders blocked inside SQLite's busy wait hold a thread each; enough threads that the holder of the lock is
        // never waiting for the pool to grow.
        ThreadPool.GetMinThreads(out var workers, out var io);
        if (workers < contenders + 4)
        {
            ThreadPool.SetMinThreads(contenders + 4, io);
        }

        var race = new Race(contenders);
        var runs = Enumerable.Range(0, contenders).Select(i => Task.Run(async () =>
        {
            var contender = new Contender(race);
            Current.Value = contender;
            try
            {
                race.Ready();
                await race.started.Task.WaitAsync(Patience);
                return await contend(i);
            }
            finally
            {
                race.Finished(contender);
            }
        })).ToList();
        var results = await Task.WhenAll(runs);
        return new RaceResult<T>(results, race.reachedWrite);
    }

    private void Ready()
    {
        if (Interlocked.Increment(ref ready) == contenders)
        {
            started.TrySetResult();
        }
    }

    private async ValueTask HoldAsync(Contender contender, CancellationToken cancellationToken)
    {
        lock (sync)
        {
            if (contender.ReachedWrite)
            {
                return;
            }

            contender.ReachedWrite = true;
            reachedWrite++;
            OpenWhenAllHaveRead();
        }

        try
        {
            await writesOpen.Task.WaitAsync(Patience, cancellationToken);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException(
                $"Only {reachedWrite} of {contenders} contenders reached a write ({finishedWithoutWriting} finished without one) within {Patience}.");
        }
    }

    private void Finished(Contender contender)
    {
        lock (sync)
        {
            if (!contender.ReachedWrite)
            {
                finishedWithoutWriting++;
                OpenWhenAllHaveRead();
            }
        }
    }

    private void OpenWhenAllHaveRead()
    {
        if (reachedWrite + finishedWithoutWriting == contenders)
        {
            writesOpen.TrySetResult();
        }
    }

    private sealed class Contender(Race race)
    {
        public Race Race { get; } = race;

        public bool ReachedWrite { get; set; }
    }

    private sealed class WriteGate : DbCommandInterceptor, IDbTransactionInterceptor
    {
        // A table lock counts as a write: on a server database the ledger's writers take one before they read, and a
        // contender let past the gate holding it would keep the others from ever reaching theirs.
        private static readonly string[] Writes = ["INSERT", "UPDATE", "DELETE", "MERGE", "LOCK TABLE", "EXEC sp_getapplock"];

        public override async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            await HoldIfWriteAsync(command, cancellationToken);
            return result;
        }

        public override async ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            await HoldIfWriteAsync(command, cancellationToken);
            return result;
        }

        public override async ValueTask<InterceptionResult<object>> ScalarExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
        {
            await HoldIfWriteAsync(command, cancellationToken);
            return result;
        }

        public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
        {
            HoldIfWriteAsync(command, default).AsTask().GetAwaiter().GetResult();
            return result;
        }

        public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
        {
            HoldIfWriteAsync(command, default).AsTask().GetAwaiter().GetResult();
            return result;
        }

        public async ValueTask<InterceptionResult<DbTransaction>> TransactionStartingAsync(
            DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result,
            CancellationToken cancellationToken = default)
        {
            if (Current.Value is { } contender && eventData.Context?.Database.IsSqlite() == true)
            {
                await contender.Race.HoldAsync(contender, cancellationToken);
            }

            return result;
        }

        public InterceptionResult<DbTransaction> TransactionStarting(
            DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result)
        {
            if (Current.Value is { } contender && eventData.Context?.Database.IsSqlite() == true)
            {
                contender.Race.HoldAsync(contender, default).AsTask().GetAwaiter().GetResult();
            }

            return result;
        }

        private static async ValueTask HoldIfWriteAsync(DbCommand command, CancellationToken cancellationToken)
        {
            if (Current.Value is { } contender && !contender.ReachedWrite && IsWrite(command.CommandText))
            {
                await contender.Race.HoldAsync(contender, cancellationToken);
            }
        }

        /// <summary>Whether the command's first statement (after EF's comment lines) writes.</summary>
        private static bool IsWrite(string sql)
        {
            foreach (var line in sql.AsSpan().EnumerateLines())
            {
                var text = line.Trim();
                if (text.IsEmpty || text.StartsWith("--", StringComparison.Ordinal))
                {
                    continue;
                }

                foreach (var write in Writes)
                {
                    if (text.StartsWith(write, StringComparison.OrdinalIgnoreCase))
                    {
                        return true;
                    }
                }

                return false;
            }

            return false;
        }
    }
}
