using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Sponsorship.Core.Flock;

/// <summary>
/// One event in a sheep's life (farmOS's log): a weighing, a photo, a note, a health event, a lambing, a move, a
/// shearing or a death. The sheep record stays small; what a sheep weighs now or where it grazes is derived from these.
/// </summary>
public class AnimalLog
{
    public long Id { get; set; }
    public int SheepId { get; set; }
    public Sheep Sheep { get; set; } = null!;
    public LogKind Kind { get; set; }

    /// <summary>When it happened (a herder may record yesterday's weighing today).</summary>
    public DateTimeOffset At { get; set; }

    public DateTimeOffset RecordedAt { get; set; }
    public string? RecordedByUserId { get; set; }

    /// <summary>Sent by the form that recorded it: the same key twice (a resent POST) records once.</summary>
    public string IdempotencyKey { get; set; } = "";

    public string Notes { get; set; } = "";

    /// <summary>Body weight in kg (weighing) or wool in kg (shearing).</summary>
    public decimal? QuantityKg { get; set; }

    public string? Vet { get; set; }
    public string? Pasture { get; set; }

    /// <summary>For a move: the named pasture it went to; <see cref="Pasture"/> holds the herder's words for any other place.</summary>
    public int? NamedPastureId { get; set; }
    public NamedPasture? NamedPasture { get; set; }
    public RemovalReason? RemovalReason { get; set; }

    /// <summary>For a lambing: the lamb's record.</summary>
    public int? LambId { get; set; }

    public ReviewStatus Review { get; set; }
    public DateTimeOffset? ReviewedAt { get; set; }
    public string? ReviewedByUserId { get; set; }

    public List<SheepPhoto> Photos { get; set; } = [];

    /// <summary>
    /// A death or removal a herder reported that still waits for an administrator: the sheep stays in the flock (a
    /// rejection leaves it as it was) but nobody may newly adopt it meanwhile.
    /// </summary>
    public static readonly System.Linq.Expressions.Expression<Func<AnimalLog, bool>> PendingRemoval =
        l => l.Kind == LogKind.Death && l.Review == ReviewStatus.Pending;
}

public enum LogKind
{
    Weighing = 1,
    Photo = 2,
    Note = 3,
    Medical = 4,
    Birth = 5,
    Movement = 6,
    Shearing = 7,
    Death = 8,
}

/// <summary>Sponsors see a log only once it is approved (by an admin, or at once for a trusted household).</summary>
public enum ReviewStatus
{
    Pending = 0,
    Approved = 1,
    Rejected = 2,
}

public class AnimalLogConfiguration : IEntityTypeConfiguration<AnimalLog>
{
    /// <summary>A death (kind 8) waiting for review (0); square brackets quote the columns in SQL Server and SQLite alike.</summary>
    public const string PendingDeathFilter = "[Kind] = 8 AND [Review] = 0";

    public void Configure(EntityTypeBuilder<AnimalLog> builder)
    {
        builder.Property(l => l.IdempotencyKey).HasMaxLength(64);
        builder.Property(l => l.Notes).HasMaxLength(2000);
        builder.Property(l => l.Vet).HasMaxLength(128);
        builder.Property(l => l.Pasture).HasMaxLength(128);
        builder.Property(l => l.RecordedByUserId).HasMaxLength(450);
        builder.Property(l => l.ReviewedByUserId).HasMaxLength(450);
        builder.Property(l => l.QuantityKg).HasPrecision(7, 2);
        builder.HasIndex(l => l.IdempotencyKey).IsUnique();
        builder.HasIndex(l => new { l.SheepId, l.Kind, l.Review, l.At });
        builder.HasIndex(l => new { l.Review, l.RecordedAt });

        // One reported removal waiting per sheep: a second one (another key) is refused until the first is decided.
        builder.HasIndex(l => l.SheepId).IsUnique().HasFilter(PendingDeathFilter).HasDatabaseName("IX_AnimalLogs_SheepId_PendingDeath");
        builder.HasOne(l => l.Sheep).WithMany(s => s.Logs).HasForeignKey(l => l.SheepId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Sheep>().WithMany().HasForeignKey(l => l.LambId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(l => l.NamedPasture).WithMany().HasForeignKey(l => l.NamedPastureId).OnDelete(DeleteBehavior.Restrict);
    }
}
