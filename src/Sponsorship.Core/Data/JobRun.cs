using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Sponsorship.Core.Data;

/// <summary>
/// One run of a scheduled job for one period ("reservations", "2026-11-29T16:05"). The unique (job, period) pair is the
/// lease: when several app instances wake up for the same period, exactly one insert succeeds and only that one works.
/// </summary>
public class JobRun
{
    public long Id { get; set; }
    public string Job { get; set; } = "";
    public string Period { get; set; } = "";
    public string Holder { get; set; } = "";
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    public string Outcome { get; set; } = "";
}

public class JobRunConfiguration : IEntityTypeConfiguration<JobRun>
{
    public void Configure(EntityTypeBuilder<JobRun> builder)
    {
        builder.Property(r => r.Job).HasMaxLength(64);
        builder.Property(r => r.Period).HasMaxLength(32);
        builder.Property(r => r.Holder).HasMaxLength(64);
        builder.Property(r => r.Outcome).HasMaxLength(500);
        builder.HasIndex(r => new { r.Job, r.Period }).IsUnique();
        builder.HasIndex(r => r.StartedAt);
    }
}
