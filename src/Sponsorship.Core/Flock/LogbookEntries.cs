namespace Sponsorship.Core.Flock;

// What a herder sends from the phone. Every entry carries the idempotency key its form was rendered with: the same key
// twice records once. Quantities are nullable so that "left empty" is a validation error, not zero.

public sealed record WeighingEntry(string IdempotencyKey, int SheepId, DateOnly On, decimal? WeightKg, string? Notes = null);

public sealed record NoteEntry(string IdempotencyKey, int SheepId, DateOnly On, string? Notes);

public sealed record MedicalEntry(string IdempotencyKey, int SheepId, DateOnly On, string? Vet, string? Notes);

/// <param name="LambEarTag">Optional: the lamb's new 15-digit national ear tag, if it is tagged already.</param>
public sealed record LambingEntry(
    string IdempotencyKey, int SheepId, DateOnly On, Sex? LambSex, string? LambName = null, string? LambEarTag = null, string? Notes = null);

/// <summary>A move to one of the programme's named pastures (<paramref name="NamedPastureId"/>) or, for any other place, to the one the herder writes out.</summary>
public sealed record MovementEntry(string IdempotencyKey, int SheepId, DateOnly On, string? Pasture, string? Notes = null, int? NamedPastureId = null);

public sealed record ShearingEntry(string IdempotencyKey, int SheepId, DateOnly On, decimal? WoolKg, string? Notes = null);

/// <param name="Notes">The cause in the herder's words.</param>
public sealed record DeathEntry(string IdempotencyKey, int SheepId, DateOnly On, RemovalReason? Reason, string? Notes = null);

/// <summary>One file as it came from the phone: its name (shown in messages only, never used to store) and its bytes.</summary>
public sealed record PhotoUpload(string? FileName, Stream Content);

public sealed record PhotoEntry(string IdempotencyKey, int SheepId, DateOnly On, IReadOnlyList<PhotoUpload> Files, string? Notes = null);

public enum LogbookOutcome
{
    /// <summary>Saved now.</summary>
    Recorded = 1,

    /// <summary>The same entry was saved before with this key; nothing changed.</summary>
    Replayed,

    /// <summary>Something is wrong with the entry; see the problems. Nothing was saved.</summary>
    Invalid,

    /// <summary>No living sheep of the herder's household has this id (or the account has no household).</summary>
    NotFound,

    /// <summary>The key was already used for a different entry: nothing was saved.</summary>
    KeyConflict,
}

/// <summary>Which part of the entry a problem is about (the form field names use the same words).</summary>
public enum LogField
{
    /// <summary>The entry as a whole (its key was already used, say).</summary>
    Key = 1,

    /// <summary>The sheep itself (only a ewe can lamb).</summary>
    Sheep,
    On,
    Weight,
    Wool,
    Vet,
    Pasture,
    Notes,
    LambSex,
    LambName,
    LambEarTag,
    Reason,
    Photos,
}

public enum LogError
{
    Required = 1,
    OutOfRange,
    InFuture,
    BeforeBirth,
    TooLong,
    NotAnEwe,
    EarTagInvalid,
    EarTagTaken,
    TooManyPhotos,
    PhotoRejected,

    /// <summary>A death or removal of this sheep already waits for an administrator.</summary>
    RemovalPending,
}

/// <param name="FileName">For a photo: the file's name, made safe to show.</param>
/// <param name="Photo">For a rejected photo: why.</param>
/// <param name="Tag">For an invalid ear tag: what is wrong with it.</param>
public sealed record LogProblem(
    LogField Field, LogError Error, string? FileName = null, PhotoError Photo = PhotoError.None, EarTagError Tag = EarTagError.None);

/// <param name="LambId">The lamb a lambing created, recorded now or before (a phone weighs it next under this id).</param>
public sealed record LogbookResult(LogbookOutcome Outcome, long? LogId, IReadOnlyList<LogProblem> Problems, int? LambId = null)
{
    public bool Succeeded => Outcome is LogbookOutcome.Recorded or LogbookOutcome.Replayed;

    public static LogbookResult Recorded(long id, int? lambId = null) => new(LogbookOutcome.Recorded, id, [], lambId);

    public static LogbookResult Replayed(long id, int? lambId = null) => new(LogbookOutcome.Replayed, id, [], lambId);

    public static LogbookResult Invalid(IReadOnlyList<LogProblem> problems) => new(LogbookOutcome.Invalid, null, problems);

    public static readonly LogbookResult NotFound = new(LogbookOutcome.NotFound, null, []);

    public static readonly LogbookResult KeyConflict = new(LogbookOutcome.KeyConflict, null, []);
}
