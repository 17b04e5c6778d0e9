using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Data;
using Sponsorship.Core.Mail;
using Sponsorship.Core.Programme;
using Sponsorship.Core.PublicPages;
using Sponsorship.Core.Storage;

namespace Sponsorship.Core.Flock;

/// <summary>
/// What a herder records for one of their sheep from the phone: a weighing, photos, a note, a health event, a lambing, a
/// move, a shearing or a death. Every method checks here, not only in the page, that the acting account's household owns
/// the living sheep (anything else is "not found"), validates the entry, and saves it once: the entry's idempotency
/// key is unique in the database, so a resent POST (the signal dropped before the answer came back) finds the first log
/// and changes nothing, however many copies arrive at once.
/// </summary>
public sealed class HerderLogbook(
    IDbContextFactory<SponsorshipDbContext> dbFactory, IFileStore files, ProgrammeCalendar calendar, IPublicPageChanges? publicPages = null)
{
    private readonly IPublicPageChanges pages = publicPages ?? NoPublicPageCache.Instance;

    public const decimal MinWeightKg = 0.5m;
    public const decimal MaxWeightKg = 300m;
    public const decimal MaxWoolKg = 20m;
    public const int MaxNotesLength = 2000;
    public const int MaxVetLength = 128;
    public const int MaxPastureLength = 128;
    public const int MaxLambNameLength = 64;
    public const int MaxKeyLength = 64;
    public const int MaxPhotosPerEntry = 6;

    public Task<LogbookResult> RecordWeighingAsync(string userId, WeighingEntry entry, CancellationToken cancellationToken = default)
    {
        var draft = Draft(LogKind.Weighing, entry.IdempotencyKey, entry.SheepId, entry.On, entry.Notes) with { QuantityKg = entry.WeightKg };
        return RecordAsync(userId, draft, (_, problems) =>
        {
            if (entry.WeightKg is not { } kg)
            {
                problems.Add(new(LogField.Weight, LogError.Required));
            }
            else if (kg is < MinWeightKg or > MaxWeightKg)
            {
                problems.Add(new(LogField.Weight, LogError.OutOfRange));
            }
        }, cancellationToken: cancellationToken);
    }

    public Task<LogbookResult> RecordNoteAsync(string userId, NoteEntry entry, CancellationToken cancellationToken = default)
    {
        var draft = Draft(LogKind.Note, entry.IdempotencyKey, entry.SheepId, entry.On, entry.Notes);
        return RecordAsync(userId, draft, (_, problems) =>
        {
            if (draft.Notes.Length == 0)
            {
                problems.Add(new(LogField.Notes, LogError.Required));
            }
        }, cancellationToken: cancellationToken);
    }

    public Task<LogbookResult> RecordMedicalAsync(string userId, MedicalEntry entry, CancellationToken cancellationToken = default)
    {
        var draft = Draft(LogKind.Medical, entry.IdempotencyKey, entry.SheepId, entry.On, entry.Notes) with { Vet = Clean(entry.Vet) };
        return RecordAsync(userId, draft, (_, problems) => RequireText(problems, LogField.Vet, draft.Vet, MaxVetLength), cancellationToken: cancellationToken);
    }

    public Task<LogbookResult> RecordMovementAsync(string userId, MovementEntry entry, CancellationToken cancellationToken = default)
    {
        var draft = Draft(LogKind.Movement, entry.IdempotencyKey, entry.SheepId, entry.On, entry.Notes) with { Pasture = Clean(entry.Pasture) };
        return RecordAsync(userId, draft, (_, problems) => RequireText(problems, LogField.Pasture, draft.Pasture, MaxPastureLength), cancellationToken: cancellationToken);
    }

    public Task<LogbookResult> RecordShearingAsync(string userId, ShearingEntry entry, CancellationToken cancellationToken = default)
    {
        var draft = Draft(LogKind.Shearing, entry.IdempotencyKey, entry.SheepId, entry.On, entry.Notes) with { QuantityKg = entry.WoolKg };
        return RecordAsync(userId, draft, (_, problems) =>
        {
            if (entry.WoolKg is not { } kg)
            {
                problems.Add(new(LogField.Wool, LogError.Required));
            }
            else if (kg is <= 0 or > MaxWoolKg)
            {
                problems.Add(new(LogField.Wool, LogError.OutOfRange));
            }
        }, cancellationToken: cancellationToken);
    }

    /// <summary>
    /// A death or other removal. It archives the sheep only once approved: at once for a trusted household (the log, the
    /// archiving and the settling of the sheep's adoption are one transaction), otherwise when an administrator approves
    /// it in the review queue. Meanwhile the sheep stays in the flock and cannot be newly adopted; a second report for
    /// the same sheep waits for the first to be decided.
    /// </summary>
    public Task<LogbookResult> RecordDeathAsync(string userId, DeathEntry entry, CancellationToken cancellationToken = default)
    {
        var draft = Draft(LogKind.Death, entry.IdempotencyKey, entry.SheepId, entry.On, entry.Notes) with { Reason = entry.Reason };
        return RecordAsync(
            userId,
            draft,
            (_, problems) =>
            {
                if (entry.Reason is not { } reason || !Enum.IsDefined(reason))
                {
                    problems.Add(new(LogField.Reason, LogError.Required));
                }
            },
            async (db, log, _, ct) =>
            {
                await using var transaction = await db.Database.BeginTransactionAsync(ct);
                db.AnimalLogs.Add(log);
                await db.SaveChangesAsync(ct);
                if (log.Review == ReviewStatus.Approved)
                {
                    await Adoptions.SheepDeaths.ApplyAsync(db, [log.Id], log.RecordedAt, ct);
                    await SponsorUpdates.QueueAsync(db, [new ApprovedLog(log.SheepId, log.Kind, log.IdempotencyKey)], log.RecordedAt, ct);
                    await db.SaveChangesAsync(ct);
                }

                await transaction.CommitAsync(ct);
            },
            async (db, ct) => await db.AnimalLogs.AnyAsync(AnimalLog.PendingRemovalOf(draft.SheepId), ct)
                ? LogbookResult.Invalid([new(LogField.Sheep, LogError.RemovalPending)])
                : null,
            cancellationToken: cancellationToken);
    }

    /// <summary>
    /// A ewe's lambing: creates the lamb (same household and breed, the ewe as its dam, born on the day) and a birth log
    /// on the ewe pointing to it, in one transaction. The lamb's ear tag, when given, must be a valid national tag that no
    /// other sheep wears.
    /// </summary>
    public Task<LogbookResult> RecordLambingAsync(string userId, LambingEntry entry, CancellationToken cancellationToken = default)
    {
        var draft = Draft(LogKind.Birth, entry.IdempotencyKey, entry.SheepId, entry.On, entry.Notes);
        var lambName = (entry.LambName ?? "").Trim();
        var tagText = Clean(entry.LambEarTag);
        EarTag? lambTag = null;
        return RecordAsync(
            userId,
            draft,
            (sheep, problems) =>
            {
                if (sheep.Sex != Sex.Ewe)
                {
                    problems.Add(new(LogField.Sheep, LogError.NotAnEwe));
                }

                if (entry.LambSex is not { } sex || !Enum.IsDefined(sex))
                {
                    problems.Add(new(LogField.LambSex, LogError.Required));
                }

                if (lambName.Length > MaxLambNameLength)
                {
                    problems.Add(new(LogField.LambName, LogError.TooLong));
                }

                if (tagText is not null)
                {
                    if (EarTag.TryParse(tagText, out var parsed, out var tagError))
                    {
                        lambTag = parsed;
                    }
                    else
                    {
                        problems.Add(new(LogField.LambEarTag, LogError.EarTagInvalid, Tag: tagError));
                    }
                }
            },
            async (db, log, sheep, ct) =>
            {
                await using var transaction = await db.Database.BeginTransactionAsync(ct);
                var lamb = new Sheep
                {
                    Name = lambName,
                    Sex = entry.LambSex!.Value,
                    BirthDate = entry.On,
                    Breed = sheep.Breed,
                    HouseholdId = sheep.HouseholdId,
                    DamId = sheep.Id,
                };
                if (lambTag is { } tag)
                {
                    lamb.Tags.Add(new IdTag { Type = IdTagType.NationalEarTag, Value = tag.Value, ValidFrom = log.At });
                }

                db.Sheep.Add(lamb);
                await db.SaveChangesAsync(ct);
                log.LambId = lamb.Id;
                db.AnimalLogs.Add(log);
                await db.SaveChangesAsync(ct);
                await transaction.CommitAsync(ct);
            },
            async (db, ct) => lambTag is { } tag
                && await db.IdTags.AnyAsync(t => t.Type == IdTagType.NationalEarTag && t.Value == tag.Value, ct)
                    ? LogbookResult.Invalid([new(LogField.LambEarTag, LogError.EarTagTaken)])
                    : null,
            cancellationToken: cancellationToken);
    }

    /// <summary>
    /// Photos for a sheep: each file must pass <see cref="PhotoIntake"/> (any refused file refuses the entry, and nothing is
    /// stored); the re-encoded copies go to the file store under generated names, then one photo log with its photo rows is
    /// saved. If that save fails, the stored files are deleted again.
    /// </summary>
    public async Task<LogbookResult> AddPhotosAsync(string userId, PhotoEntry entry, CancellationToken cancellationToken = default)
    {
        var draft = Draft(LogKind.Photo, entry.IdempotencyKey, entry.SheepId, entry.On, entry.Notes) with { PhotoCount = entry.Files.Count };
        var processed = new List<ProcessedPhoto>();
        var stored = new List<string>();
        try
        {
            return await RecordAsync(
                userId,
                draft,
                (_, problems) =>
                {
                    if (entry.Files.Count == 0)
                    {
                        problems.Add(new(LogField.Photos, LogError.Required));
                    }
                    else if (entry.Files.Count > MaxPhotosPerEntry)
                    {
                        problems.Add(new(LogField.Photos, LogError.TooManyPhotos));
                    }
                },
                async (db, log, sheep, ct) =>
                {
                    foreach (var photo in processed)
                    {
                        var name = Guid.NewGuid().ToString("N");
                        var folder = $"photos/{log.At.UtcDateTime:yyyy}/{log.At.UtcDateTime:MM}";
                        var large = $"{folder}/{name}-large.jpg";
                        var thumbnail = $"{folder}/{name}-thumb.jpg";
                        stored.Add(large);
                        await files.SaveAsync(large, photo.Large, ct);
                        stored.Add(thumbnail);
                        await files.SaveAsync(thumbnail, photo.Thumbnail, ct);
                        log.Photos.Add(new SheepPhoto
                        {
                            SheepId = sheep.Id,
                            LargeKey = large,
                            ThumbnailKey = thumbnail,
                            Width = photo.Width,
                            Height = photo.Height,
                        });
                    }

                    db.AnimalLogs.Add(log);
                    await db.SaveChangesAsync(ct);
                    stored.Clear();
                },
                beforeWrite: async ct =>
                {
                    // Only for an entry that passed every other check: decode and re-encode each file, report every refusal.
                    var problems = new List<LogProblem>();
                    foreach (var file in entry.Files)
                    {
                        var result = await PhotoIntake.ProcessAsync(file.Content, ct);
                        if (result.Photo is { } photo)
                        {
                            processed.Add(photo);
                        }
                        else
                        {
                            problems.Add(new(LogField.Photos, LogError.PhotoRejected, PhotoIntake.SafeFileName(file.FileName), result.Error));
                        }
                    }

                    return problems;
                },
                cancellationToken: cancellationToken);
        }
        finally
        {
            // Whatever stopped the save (a replay, a failed write, a cancelled request), no file outlives its log.
            foreach (var key in stored)
            {
                await files.DeleteAsync(key, CancellationToken.None);
            }
        }
    }

    private Task<LogbookResult> RecordAsync(
        string userId,
        LogDraft draft,
        Action<SheepFacts, List<LogProblem>> validate,
        Func<SponsorshipDbContext, AnimalLog, SheepFacts, CancellationToken, Task>? write = null,
        Func<SponsorshipDbContext, CancellationToken, Task<LogbookResult?>>? explainFailure = null,
        Func<CancellationToken, Task<List<LogProblem>>>? beforeWrite = null,
        CancellationToken cancellationToken = default) =>
        Contention.RetryAsync(() => RecordOnceAsync(userId, draft, validate, write, explainFailure, beforeWrite, cancellationToken), cancellationToken);

    private async Task<LogbookResult> RecordOnceAsync(
        string userId,
        LogDraft draft,
        Action<SheepFacts, List<LogProblem>> validate,
        Func<SponsorshipDbContext, AnimalLog, SheepFacts, CancellationToken, Task>? write,
        Func<SponsorshipDbContext, CancellationToken, Task<LogbookResult?>>? explainFailure,
        Func<CancellationToken, Task<List<LogProblem>>>? beforeWrite,
        CancellationToken cancellationToken)
    {
        var sheep = await OwnedSheepAsync(userId, draft.SheepId, cancellationToken);
        if (sheep is null)
        {
            return LogbookResult.NotFound;
        }

        if (sheep.ArchivedAt is not null)
        {
            // A resent death (or any entry sent just before it) finds its log; anything new for a removed sheep is refused.
            return await ReplayOfAsync(draft, cancellationToken) ?? LogbookResult.NotFound;
        }

        var now = calendar.Now;
        var today = calendar.Today;
        var problems = CommonProblems(draft, sheep, today);
        validate(sheep, problems);
        if (problems.Count == 0 && beforeWrite is not null)
        {
            problems.AddRange(await beforeWrite(cancellationToken));
        }

        if (problems.Count > 0)
        {
            return LogbookResult.Invalid(problems);
        }

        var log = new AnimalLog
        {
            SheepId = sheep.Id,
            Kind = draft.Kind,
            // Today's entry keeps its moment; one for an earlier day is placed at noon of that day.
            At = today == draft.On ? now : calendar.At(draft.On, new TimeOnly(12, 0)),
            RecordedAt = now,
            RecordedByUserId = userId,
            IdempotencyKey = draft.Key,
            Notes = draft.Notes,
            QuantityKg = draft.QuantityKg,
            Vet = draft.Vet,
            Pasture = draft.Pasture,
            RemovalReason = draft.Reason,
            // A trusted household's entry, a death too, is approved at once; anyone else's waits for an administrator.
            Review = sheep.Trusted ? ReviewStatus.Approved : ReviewStatus.Pending,
            ReviewedAt = sheep.Trusted ? now : null,
        };

        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            if (sheep.Trusted && draft.Kind != LogKind.Death)
            {
                // A trusted household's log is visible at once: its sponsor's mail is saved with it (a death's in its write).
                await SponsorUpdates.QueueAsync(db, [new ApprovedLog(sheep.Id, draft.Kind, draft.Key)], now, cancellationToken);
            }

            if (write is null)
            {
                db.AnimalLogs.Add(log);
                await db.SaveChangesAsync(cancellationToken);
            }
            else
            {
                await write(db, log, sheep, cancellationToken);
            }

            if (log.Review == ReviewStatus.Approved || log.Kind == LogKind.Birth)
            {
                // A trusted household's log is public at once; a lamb joins the catalogue as soon as it is recorded.
                await pages.SheepChangedAsync([sheep.Id], LogReview.PublicChange(log.Kind, log.Photos.Count > 0), cancellationToken);
            }

            return LogbookResult.Recorded(log.Id);
        }
        catch (DbUpdateException e) when (!Contention.IsContention(e))
        {
            // The unique key decides, not a look-before-insert: whoever lost the race reads the winner's log here.
            if (await ReplayOfAsync(draft, cancellationToken) is { } replay)
            {
                return replay;
            }

            if (explainFailure is not null)
            {
                await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
                if (await explainFailure(db, cancellationToken) is { } explained)
                {
                    return explained;
                }
            }

            throw;
        }
    }

    /// <summary>The sheep if it belongs to the account's household (living or not); null for anyone else's.</summary>
    private async Task<SheepFacts?> OwnedSheepAsync(string userId, int sheepId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Sheep.AsNoTracking()
            .Where(s => s.Id == sheepId && db.Users.Any(u => u.Id == userId && u.HerderHouseholdId == s.HouseholdId))
            .Select(s => new SheepFacts(s.Id, s.HouseholdId, s.Breed, s.Sex, s.BirthDate, s.ArchivedAt, s.Household.Trusted))
            .SingleOrDefaultAsync(cancellationToken);
    }

    /// <summary>The result for a key that is already stored: the same entry again, or a different one (refused).</summary>
    private async Task<LogbookResult?> ReplayOfAsync(LogDraft draft, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var existing = await db.AnimalLogs.AsNoTracking()
            .Where(l => l.IdempotencyKey == draft.Key)
            .Select(l => new StoredLog(l.Id, l.SheepId, l.Kind, l.At, l.Notes, l.QuantityKg, l.Vet, l.Pasture, l.RemovalReason, l.Photos.Count))
            .SingleOrDefaultAsync(cancellationToken);
        if (existing is null)
        {
            return null;
        }

        return draft.SameAs(existing, calendar) ? LogbookResult.Replayed(existing.Id) : LogbookResult.KeyConflict;
    }

    private static List<LogProblem> CommonProblems(LogDraft draft, SheepFacts sheep, DateOnly today)
    {
        var problems = new List<LogProblem>();
        if (draft.Key.Length == 0)
        {
            problems.Add(new(LogField.Key, LogError.Required));
        }
        else if (draft.Key.Length > MaxKeyLength)
        {
            problems.Add(new(LogField.Key, LogError.TooLong));
        }

        if (draft.On > today)
        {
            problems.Add(new(LogField.On, LogError.InFuture));
        }
        else if (draft.On < sheep.BirthDate)
        {
            problems.Add(new(LogField.On, LogError.BeforeBirth));
        }

        if (draft.Notes.Length > MaxNotesLength)
        {
            problems.Add(new(LogField.Notes, LogError.TooLong));
        }

        return problems;
    }

    private static void RequireText(List<LogProblem> problems, LogField field, string? value, int maxLength)
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

    private static LogDraft Draft(LogKind kind, string? key, int sheepId, DateOnly on, string? notes) =>
        new(kind, (key ?? "").Trim(), sheepId, on, (notes ?? "").Trim());

    private static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private sealed record SheepFacts(int Id, int HouseholdId, Breed Breed, Sex Sex, DateOnly BirthDate, DateTimeOffset? ArchivedAt, bool Trusted);

    private sealed record StoredLog(
        long Id, int SheepId, LogKind Kind, DateTimeOffset At, string Notes, decimal? QuantityKg, string? Vet, string? Pasture,
        RemovalReason? Reason, int PhotoCount);

    /// <summary>An entry checked and normalised, before it becomes a log.</summary>
    private sealed record LogDraft(LogKind Kind, string Key, int SheepId, DateOnly On, string Notes)
    {
        public decimal? QuantityKg { get; init; }
        public string? Vet { get; init; }
        public string? Pasture { get; init; }
        public RemovalReason? Reason { get; init; }
        public int PhotoCount { get; init; }

        public bool SameAs(StoredLog stored, ProgrammeCalendar calendar) =>
            stored.SheepId == SheepId
            && stored.Kind == Kind
            && calendar.DayOf(stored.At) == On
            && stored.Notes == Notes
            && stored.QuantityKg == QuantityKg
            && stored.Vet == Vet
            && stored.Pasture == Pasture
            && stored.Reason == Reason
            && (Kind != LogKind.Photo || stored.PhotoCount == PhotoCount);
    }
}
