using Sponsorship.Core.Programme;

namespace Sponsorship.Core.Flock;

/// <summary>An entry checked and normalised, before it becomes a log.</summary>
internal sealed record LogDraft(LogKind Kind, string Key, int SheepId, DateOnly On, string Notes)
{
    public decimal? QuantityKg { get; init; }
    public string? Vet { get; init; }
    public string? Pasture { get; init; }
    public int? NamedPastureId { get; init; }
    public RemovalReason? Reason { get; init; }
    public int PhotoCount { get; init; }

    public static LogDraft Of(LogKind kind, string? key, int sheepId, DateOnly on, string? notes) =>
        new(kind, (key ?? "").Trim(), sheepId, on, (notes ?? "").Trim());

    public bool SameAs(StoredLog stored, ProgrammeCalendar calendar) =>
        stored.SheepId == SheepId
        && stored.Kind == Kind
        && calendar.DayOf(stored.At) == On
        && stored.Notes == Notes
        && stored.QuantityKg == QuantityKg
        && stored.Vet == Vet
        && stored.Pasture == Pasture
        && stored.NamedPastureId == NamedPastureId
        && stored.Reason == Reason
        && (Kind != LogKind.Photo || stored.PhotoCount == PhotoCount);
}

/// <summary>What the logbook needs to know of the sheep an entry is for.</summary>
internal sealed record SheepFacts(int Id, int HouseholdId, Breed Breed, Sex Sex, DateOnly BirthDate, DateTimeOffset? ArchivedAt, bool Trusted);

/// <summary>A log already stored under an entry's key, to tell a replay from a different entry.</summary>
internal sealed record StoredLog(
    long Id, int SheepId, LogKind Kind, DateTimeOffset At, string Notes, decimal? QuantityKg, string? Vet, string? Pasture,
    RemovalReason? Reason, int PhotoCount, int? LambId, int? NamedPastureId = null);
