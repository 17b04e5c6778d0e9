using Microsoft.Data.SqlClient;
using Npgsql;

namespace Sponsorship.Core.Data;

/// <summary>
/// The errors a server database raises when two transactions collide — PostgreSQL's serialization failure (40001) and
/// deadlock (40P01), SQL Server's deadlock victim (1205) and snapshot update conflict (3960) — and the one way the use
/// cases meet them: the whole transaction runs again from the start, in a fresh context, after a short random pause.
/// A rolled-back attempt committed nothing, and the idempotency keys and unique indexes make the run that does commit
/// count once. SQLite lets one writer in at a time and never raises them.
/// </summary>
public static class Contention
{
    public const int MaxAttempts = 8;

    private static long retries;

    /// <summary>Attempts run again in this process since it started (the concurrency tests print it).</summary>
    public static long RetriesTaken => Interlocked.Read(ref retries);

    /// <summary>Whether <paramref name="error"/> (or what it wraps) is a collision worth running the transaction again for.</summary>
    public static bool IsContention(Exception? error)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case PostgresException { SqlState: PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected }:
                case SqlException { Number: 1205 or 3960 }:
                    return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Runs <paramref name="attempt"/> (which opens its own context and transaction) until it completes without a
    /// collision, at most <see cref="MaxAttempts"/> times. <paramref name="alsoRetry"/> names other failures that mean
    /// "another writer got there first" for this operation (the ledger's chain tail taken).
    /// </summary>
    public static async Task<T> RetryAsync<T>(
        Func<Task<T>> attempt, CancellationToken cancellationToken, Func<Exception, bool>? alsoRetry = null)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        for (var number = 1; ; number++)
        {
            try
            {
                return await attempt();
            }
            catch (Exception e) when (number < MaxAttempts && (IsContention(e) || alsoRetry?.Invoke(e) == true))
            {
                Interlocked.Increment(ref retries);
                SponsorshipMetrics.ContentionRetries.Add(1);

                // Milliseconds, growing with each attempt, random so that the colliding writers do not meet again.
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1, 4 << number)), cancellationToken);
            }
        }
    }
}
