using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Sponsorship.Core.Data;

namespace Sponsorship.Core.Jobs;

/// <summary>
/// Claims, takes over and closes the (job, period) leases of <see cref="JobRun"/>. Losing a claim is the normal case
/// with several instances, so the claim is an insert that does nothing when the row exists — not a failed insert, which
/// EF would log as an error with a stack trace at every lost race.
/// </summary>
public static class JobLeases
{
    public const int OutcomeLength = 500;

    /// <summary>
    /// Inserts the run unless its (job, period) exists; true when this call inserted it. The statement per provider:
    /// SQLite and PostgreSQL <c>INSERT … ON CONFLICT DO NOTHING</c>; SQL Server a guarded
    /// <c>INSERT … SELECT … WHERE NOT EXISTS</c> whose key-range lock (UPDLOCK, HOLDLOCK) makes a racing twin wait and
    /// then see the row.
    /// </summary>
    public static async Task<bool> TryClaimAsync(SponsorshipDbContext db, JobRun run, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(run);
        return await db.Database.ExecuteSqlRawAsync(ClaimSql(db), ClaimValues(db, run), cancellationToken) == 1;
    }

    /// <summary>The claim statement for the context's provider, with {0}…{5} for Job, Period, Holder, StartedAt, Outcome, Failed.</summary>
    public static string ClaimSql(SponsorshipDbContext db)
    {
        ArgumentNullException.ThrowIfNull(db);
        var entity = db.Model.FindEntityType(typeof(JobRun))!;
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var sql = db.GetService<ISqlGenerationHelper>();
        string Column(string property) => sql.DelimitIdentifier(entity.FindProperty(property)!.GetColumnName(table)!);
        var tableName = sql.DelimitIdentifier(table.Name, table.Schema);
        var columns = string.Join(", ", new[]
        {
            nameof(JobRun.Job), nameof(JobRun.Period), nameof(JobRun.Holder), nameof(JobRun.StartedAt), nameof(JobRun.Outcome), nameof(JobRun.Failed),
        }.Select(Column));
        const string Values = "{0}, {1}, {2}, {3}, {4}, {5}";
        return db.Database.IsSqlServer()
            ? $"INSERT INTO {tableName} ({columns}) SELECT {Values} WHERE NOT EXISTS (SELECT 1 FROM {tableName} WITH (UPDLOCK, HOLDLOCK) " +
              $"WHERE {Column(nameof(JobRun.Job))} = {{0}} AND {Column(nameof(JobRun.Period))} = {{1}})"
            : $"INSERT INTO {tableName} ({columns}) VALUES ({Values}) ON CONFLICT DO NOTHING";
    }

    /// <summary>
    /// Takes over a run of this (job, period) that started before <paramref name="staleBefore"/> and never finished (its
    /// instance crashed or was stopped); true when this call took it.
    /// </summary>
    public static async Task<bool> TryTakeOverAsync(
        SponsorshipDbContext db, string job, string period, string holder, DateTimeOffset now, DateTimeOffset staleBefore,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        return await db.JobRuns
            .Where(r => r.Job == job && r.Period == period && r.FinishedAt == null && r.StartedAt < staleBefore)
            .ExecuteUpdateAsync(set => set.SetProperty(r => r.Holder, holder).SetProperty(r => r.StartedAt, now), cancellationToken) == 1;
    }

    /// <summary>Records how the run ended, if this holder still has it.</summary>
    public static async Task FinishAsync(
        SponsorshipDbContext db, string job, string period, string holder, DateTimeOffset at, string outcome, bool failed,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(outcome);
        var text = outcome.Length > OutcomeLength ? outcome[..OutcomeLength] : outcome;
        await db.JobRuns.Where(r => r.Job == job && r.Period == period && r.Holder == holder)
            .ExecuteUpdateAsync(set => set.SetProperty(r => r.FinishedAt, at).SetProperty(r => r.Outcome, text).SetProperty(r => r.Failed, failed),
                cancellationToken);
    }

    /// <summary>The values in the order of <see cref="ClaimSql"/>, as the provider stores them (SQLite keeps instants as integers).</summary>
    private static object[] ClaimValues(SponsorshipDbContext db, JobRun run)
    {
        var startedAt = db.Model.FindEntityType(typeof(JobRun))!.FindProperty(nameof(JobRun.StartedAt))!.GetTypeMapping().Converter;
        return [run.Job, run.Period, run.Holder, startedAt?.ConvertToProvider(run.StartedAt) ?? run.StartedAt, run.Outcome, run.Failed];
    }
}
