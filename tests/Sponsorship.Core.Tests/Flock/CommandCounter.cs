using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Sponsorship.Core.Data;

namespace Sponsorship.Core.Tests.Flock;

/// <summary>A context factory over a test database that counts the SQL commands its contexts run (to catch N+1 queries).</summary>
public sealed class CommandCounter : DbCommandInterceptor, IDbContextFactory<SponsorshipDbContext>
{
    private readonly DbContextOptions<SponsorshipDbContext> options;
    private int count;

    public CommandCounter(TestDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        options = database.ContextOptions(this);
    }

    public int Count => count;

    public SponsorshipDbContext CreateDbContext() => new(options);

    public void Reset() => Interlocked.Exchange(ref count, 0);

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref count);
        return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref count);
        return base.ScalarExecutingAsync(command, eventData, result, cancellationToken);
    }
}
