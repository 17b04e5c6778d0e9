using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Data;

namespace Sponsorship.Core.Flock;

/// <summary>
/// A ewe's lambing: creates the lamb (same household and breed, the ewe as its dam, born on the day) and a birth log
/// on the ewe pointing to it, in one transaction. The lamb's ear tag, when given, must be a valid national tag that no
/// other sheep wears.
/// </summary>
internal sealed class LambingRecording(LambingEntry entry)
    : LogRecording(LogDraft.Of(LogKind.Birth, entry.IdempotencyKey, entry.SheepId, entry.On, entry.Notes))
{
    private readonly string lambName = (entry.LambName ?? "").Trim();
    private readonly string? tagText = Clean(entry.LambEarTag);
    private EarTag? lambTag;

    public override void Validate(SheepFacts sheep, List<LogProblem> problems)
    {
        if (sheep.Sex != Sex.Ewe)
        {
            problems.Add(new(LogField.Sheep, LogError.NotAnEwe));
        }

        if (entry.LambSex is not { } sex || !Enum.IsDefined(sex))
        {
            problems.Add(new(LogField.LambSex, LogError.Required));
        }

        if (lambName.Length > HerderLogbook.MaxLambNameLength)
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
    }

    public override async Task WriteAsync(SponsorshipDbContext db, AnimalLog log, SheepFacts sheep, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
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
        await db.SaveChangesAsync(cancellationToken);
        log.LambId = lamb.Id;
        db.AnimalLogs.Add(log);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public override async Task<LogbookResult?> ExplainFailureAsync(SponsorshipDbContext db, CancellationToken cancellationToken) =>
        lambTag is { } tag && await db.IdTags.AnyAsync(t => t.Type == IdTagType.NationalEarTag && t.Value == tag.Value, cancellationToken)
            ? LogbookResult.Invalid([new(LogField.LambEarTag, LogError.EarTagTaken)])
            : null;
}
