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

    public Task<LogbookResult> RecordWeighingAsync(string userId, WeighingEntry entry, CancellationToken cancellationToken = default) =>
        RecordAsync(userId, new WeighingRecording(entry), cancellationToken);

    public Task<LogbookResult> RecordNoteAsync(string userId, NoteEntry entry, CancellationToken cancellationToken = default) =>
        RecordAsync(userId, new NoteRecording(entry), cancellationToken);

    public Task<LogbookResult> RecordMedicalAsync(string userId, MedicalEntry entry, CancellationToken cancellationToken = default) =>
        RecordAsync(userId, new MedicalRecording(entry), cancellationToken);

    public Task<LogbookResult> RecordMovementAsync(string userId, MovementEntry entry, CancellationToken cancellationToken = default) =>
        RecordAsync(userId, new MovementRecording(entry), cancellationToken);

    public Task<LogbookResult> RecordShearingAsync(string userId, ShearingEntry entry, CancellationToken cancellationToken = default) =>
        RecordAsync(userId, new ShearingRecording(entry), cancellationToken);

    /// <inheritdoc cref="DeathRecording"/>
    public Task<LogbookResult> RecordDeathAsync(string userId, DeathEntry entry, CancellationToken cancellationToken = default) =>
        RecordAsync(userId, new DeathRecording(entry), cancellationToken);

    /// <inheritdoc cref="LambingRecording"/>
    public Task<LogbookResult> RecordLambingAsync(string userId, LambingEntry entry, CancellationToken cancellationToken = default) =>
        RecordAsync(userId, new LambingRecording(entry), cancellationToken);

    /// <inheritdoc cref="PhotoRecording"/>
    public async Task<LogbookResult> AddPhotosAsync(string userId, PhotoEntry entry, CancellationToken cancellationToken = default)
    {
        var recording = new PhotoRecording(entry, files);
        try
        {
            return await RecordAsync(userId, recording, cancellationToken);
        }
        finally
        {
            await recording.DeleteUnsavedFilesAsync();
        }
    }

    private Task<LogbookResult> RecordAsync(string userId, LogRecording recording, CancellationToken cancellationToken) =>
        Contention.RetryAsync(() => RecordOnceAsync(userId, recording, cancellationToken), cancellationToken);

    private async Task<LogbookResult> RecordOnceAsync(string userId, LogRecording recording, CancellationToken cancellationToken)
    {
        var draft = recording.Draft;
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
        recording.Validate(sheep, problems);
        if (problems.Count == 0)
        {
            problems.AddRange(await recording.PrepareAsync(cancellationToken));
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
            NamedPastureId = draft.NamedPastureId,
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

            await recording.WriteAsync(db, log, sheep, cancellationToken);

            if (log.Review == ReviewStatus.Approved || log.Kind == LogKind.Birth)
            {
                // A trusted household's log is public at once; a lamb joins the catalogue as soon as it is recorded.
                await pages.SheepChangedAsync([sheep.Id], LogReview.PublicChange(log.Kind, log.Photos.Count > 0), cancellationToken);
            }
            else if (log.Kind == LogKind.Death)
            {
                // While the report waits nobody may adopt the sheep, so its profile stops offering it.
                await pages.SheepChangedAsync([sheep.Id], SheepPageChange.Profile, cancellationToken);
            }

            return LogbookResult.Recorded(log.Id, log.LambId);
        }
        catch (DbUpdateException e) when (!Contention.IsContention(e))
        {
            // The unique key decides, not a look-before-insert: whoever lost the race reads the winner's log here.
            if (await ReplayOfAsync(draft, cancellationToken) is { } replay)
            {
                return replay;
            }

            await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
            {
                if (await recording.ExplainFailureAsync(db, cancellationToken) is { } explained)
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
            .Select(l => new StoredLog(l.Id, l.SheepId, l.Kind, l.At, l.Notes, l.QuantityKg, l.Vet, l.Pasture, l.RemovalReason, l.Photos.Count, l.LambId, l.NamedPastureId))
            .SingleOrDefaultAsync(cancellationToken);
        if (existing is null)
        {
            return null;
        }

        return draft.SameAs(existing, calendar) ? LogbookResult.Replayed(existing.Id, existing.LambId) : LogbookResult.KeyConflict;
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
}
