using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;
using Sponsorship.Core.Adoptions;
using Sponsorship.Core.Certificates;
using Sponsorship.Core.Data;
using Sponsorship.Core.Ledger;
using Sponsorship.Core.Payments;
using Sponsorship.Core.Tests.Adoptions;
using Sponsorship.Testing;

namespace Sponsorship.Core.Tests.Data;

/// <summary>
/// A real serialization failure on PostgreSQL, forced at a chosen moment: the use case's transaction runs again and its
/// work counts once. These need the server (tests/run.sh runs them in its PostgreSQL pass; on SQLite, which lets one
/// writer in at a time, the collision cannot happen).
/// </summary>
[Trait("Server", "PostgreSql")]
public class ContentionTests(AdoptionDatabase database) : IClassFixture<AdoptionDatabase>
{
    [Fact]
    public async Task A_capture_that_meets_a_serialization_failure_runs_again_and_is_applied_once()
    {
        RequirePostgreSql();
        var placed = await database.Checkout.PlaceAsync(database.Request(database.TakeFreeSheep()), database.SponsorA, "/my");
        var (body, signature) = database.Sandbox.Event("payment.captured", placed.PaymentReference, database.PlanPrice, "CNY");
        var notice = database.Sandbox.ReadWebhook(body, _ => signature).Notice!;
        var collision = new UpdatePaymentBehindTheTransaction(database.ConnectionString, placed.PaymentReference);
        var events = new PaymentEvents(new OptionsFactory(database.ContextOptions(collision)), database.Calendar);
        var retriesBefore = Contention.RetriesTaken;

        var result = await events.HandleAsync(notice, body);

        Assert.Equal(1, collision.Collisions);
        Assert.Equal("40001", collision.FirstError);
        Assert.True(Contention.RetriesTaken > retriesBefore);
        Assert.Equal(NoticeHandling.Applied, result.Handling);
        Assert.Equal(PaymentEvents.ActivatedOutcome, result.Outcome);
        await using var db = await database.CreateDbContextAsync();
        Assert.Equal(1, await db.ProviderEvents.CountAsync(e => e.EventId == notice.EventId));
        Assert.Equal(PaymentStatus.Captured, await db.Payments.Where(p => p.ProviderReference == placed.PaymentReference).Select(p => p.Status).SingleAsync());
        Assert.Equal(1, await db.LedgerTransactions.CountAsync(t => t.AdoptionId == placed.AdoptionId && t.Kind == LedgerKinds.Capture));
        Assert.Equal(1, await db.Certificates.CountAsync(c => c.AdoptionId == placed.AdoptionId && c.Status == CertificateStatus.Valid));
        Assert.True((await LedgerIntegrity.CheckAsync(db, database.Clock.GetUtcNow())).IsIntact);
    }

    [Fact]
    public async Task A_collision_is_told_apart_from_a_refusal()
    {
        RequirePostgreSql();
        await using var first = new NpgsqlConnection(database.ConnectionString);
        await using var second = new NpgsqlConnection(database.ConnectionString);
        await first.OpenAsync();
        await second.OpenAsync();
        await using var one = await first.BeginTransactionAsync(System.Data.IsolationLevel.Serializable);
        await using var two = await second.BeginTransactionAsync(System.Data.IsolationLevel.Serializable);

        // Write skew: each reads what the other writes, then both write.
        await ScalarAsync(first, """SELECT count(*) FROM "Villages" WHERE "Name" = 'contention-b'""");
        await ScalarAsync(second, """SELECT count(*) FROM "Villages" WHERE "Name" = 'contention-a'""");
        await ScalarAsync(first, """INSERT INTO "Villages" ("Name", "NameLatin") VALUES ('contention-a', 'a') RETURNING 1""");
        await one.CommitAsync();
        var failure = await Assert.ThrowsAsync<PostgresException>(async () =>
        {
            await ScalarAsync(second, """INSERT INTO "Villages" ("Name", "NameLatin") VALUES ('contention-b', 'b') RETURNING 1""");
            await two.CommitAsync();
        });

        Assert.Equal(PostgresErrorCodes.SerializationFailure, failure.SqlState);
        Assert.True(Contention.IsContention(new DbUpdateException("wrapped", failure)));
        await using var db = await database.CreateDbContextAsync();
        db.Villages.Add(new Sponsorship.Core.Flock.Village { Name = "contention-a", NameLatin = "again" });
        var refusal = await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
        Assert.False(Contention.IsContention(refusal));
    }

    private void RequirePostgreSql() => Assert.True(
        database.Provider == DatabaseProvider.PostgreSql,
        $"This test needs PostgreSQL: run tests/run.sh, or set {PostgreSqlServer.Variable} to a server's connection string.");

    private static async Task<object?> ScalarAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    /// <summary>
    /// Right after the use case has read the payment inside its transaction (the first time only), another connection
    /// updates that row and commits: the use case's own update of it then fails with a serialization failure.
    /// </summary>
    private sealed class UpdatePaymentBehindTheTransaction(string connectionString, string reference) : DbCommandInterceptor, ISaveChangesInterceptor
    {
        public int Collisions { get; private set; }

        public string? FirstError { get; private set; }

        public override async ValueTask<DbDataReader> ReaderExecutedAsync(
            DbCommand command, CommandExecutedEventData eventData, DbDataReader result, CancellationToken cancellationToken = default)
        {
            if (Collisions == 0 && command.CommandText.Contains("FROM \"Payments\"", StringComparison.Ordinal))
            {
                Collisions++;
                await using var other = new NpgsqlConnection(connectionString);
                await other.OpenAsync(cancellationToken);
                await using var update = new NpgsqlCommand("""UPDATE "Payments" SET "FlagReason" = "FlagReason" WHERE "ProviderReference" = @reference""", other);
                update.Parameters.AddWithValue("reference", reference);
                await update.ExecuteNonQueryAsync(cancellationToken);
            }

            return result;
        }

        // The failure surfaces while EF reads the batch's results, so it is seen here rather than as a failed command.
        public Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
        {
            Record(eventData.Exception);
            return Task.CompletedTask;
        }

        private void Record(Exception error)
        {
            // EF wraps what Npgsql calls transient in an InvalidOperationException ("likely due to a transient failure").
            for (var e = error; e is not null && FirstError is null; e = e.InnerException)
            {
                FirstError = (e as PostgresException)?.SqlState;
            }
        }
    }

    private sealed class OptionsFactory(DbContextOptions<SponsorshipDbContext> options) : IDbContextFactory<SponsorshipDbContext>
    {
        public SponsorshipDbContext CreateDbContext() => new(options);
    }
}
