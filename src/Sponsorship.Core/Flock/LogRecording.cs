using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Data;

namespace Sponsorship.Core.Flock;

/// <summary>
/// How one kind of herder entry is checked and written. <see cref="HerderLogbook"/> runs what every entry shares (the
/// household owns the sheep, a replayed key, the day, the notes); the kind adds its own checks and, where the log is not
/// all it writes, its own write.
/// </summary>
internal abstract class LogRecording(LogDraft draft)
{
    public LogDraft Draft { get; } = draft;

    public abstract void Validate(SheepFacts sheep, List<LogProblem> problems);

    /// <summary>Costly work done only for an entry that passed every check, just before it is written.</summary>
    public virtual Task<List<LogProblem>> PrepareAsync(CancellationToken cancellationToken) => Task.FromResult(new List<LogProblem>());

    public virtual async Task WriteAsync(SponsorshipDbContext db, AnimalLog log, SheepFacts sheep, CancellationToken cancellationToken)
    {
        db.AnimalLogs.Add(log);
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>The reason the database refused the write, when it was not a replayed key; null when there is none to give.</summary>
    public virtual Task<LogbookResult?> ExplainFailureAsync(SponsorshipDbContext db, CancellationToken cancellationToken) =>
        Task.FromResult<LogbookResult?>(null);

    protected static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    protected static void RequireText(List<LogProblem> problems, LogField field, string? value, int maxLength)
    {
        if (value is null)
        {
            problems.Add(new(field, LogError.Required));
        }
        else if (value.Length > maxLength)
        {
            problems.Add(new(field, LogError.TooLong));
        }
    }

    protected static void RequireQuantity(List<LogProblem> problems, LogField field, decimal? value, Func<decimal, bool> inRange)
    {
        if (value is not { } kg)
        {
            problems.Add(new(field, LogError.Required));
        }
        else if (!inRange(kg))
        {
            problems.Add(new(field, LogError.OutOfRange));
        }
    }
}

internal sealed class WeighingRecording(WeighingEntry entry)
    : LogRecording(LogDraft.Of(LogKind.Weighing, entry.IdempotencyKey, entry.SheepId, entry.On, entry.Notes) with { QuantityKg = entry.WeightKg })
{
    public override void Validate(SheepFacts sheep, List<LogProblem> problems) =>
        RequireQuantity(problems, LogField.Weight, entry.WeightKg, kg => kg is >= HerderLogbook.MinWeightKg and <= HerderLogbook.MaxWeightKg);
}

internal sealed class ShearingRecording(ShearingEntry entry)
    : LogRecording(LogDraft.Of(LogKind.Shearing, entry.IdempotencyKey, entry.SheepId, entry.On, entry.Notes) with { QuantityKg = entry.WoolKg })
{
    public override void Validate(SheepFacts sheep, List<LogProblem> problems) =>
        RequireQuantity(problems, LogField.Wool, entry.WoolKg, kg => kg is > 0 and <= HerderLogbook.MaxWoolKg);
}

internal sealed class NoteRecording(NoteEntry entry)
    : LogRecording(LogDraft.Of(LogKind.Note, entry.IdempotencyKey, entry.SheepId, entry.On, entry.Notes))
{
    public override void Validate(SheepFacts sheep, List<LogProblem> problems)
    {
        if (Draft.Notes.Length == 0)
        {
            problems.Add(new(LogField.Notes, LogError.Required));
        }
    }
}

internal sealed class MedicalRecording(MedicalEntry entry)
    : LogRecording(LogDraft.Of(LogKind.Medical, entry.IdempotencyKey, entry.SheepId, entry.On, entry.Notes) with { Vet = Clean(entry.Vet) })
{
    public override void Validate(SheepFacts sheep, List<LogProblem> problems) =>
        RequireText(problems, LogField.Vet, Draft.Vet, HerderLogbook.MaxVetLength);
}

/// <summary>A move names one of the programme's pastures, or, for a place not on the list, the herder writes it out.</summary>
internal sealed class MovementRecording(MovementEntry entry)
    : LogRecording(LogDraft.Of(LogKind.Movement, entry.IdempotencyKey, entry.SheepId, entry.On, entry.Notes) with
    {
        NamedPastureId = entry.NamedPastureId,
        Pasture = entry.NamedPastureId is null ? Clean(entry.Pasture) : null,
    })
{
    public override void Validate(SheepFacts sheep, List<LogProblem> problems)
    {
        if (Draft.NamedPastureId is null)
        {
            RequireText(problems, LogField.Pasture, Draft.Pasture, HerderLogbook.MaxPastureLength);
        }
    }

    // The database refuses a pasture that is not on the list (its foreign key), rather than a look before the insert.
    public override async Task<LogbookResult?> ExplainFailureAsync(SponsorshipDbContext db, CancellationToken cancellationToken) =>
        Draft.NamedPastureId is { } id && !await db.NamedPastures.AnyAsync(p => p.Id == id, cancellationToken)
            ? LogbookResult.Invalid([new(LogField.Pasture, LogError.OutOfRange)])
            : null;
}
