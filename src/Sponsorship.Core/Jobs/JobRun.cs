using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Sponsorship.Core.Jobs;

/// <summary>
/// One run of a scheduled job for one period ("reservation-expiry", "2026-11-29T16:05:00"). The unique (job, period)
/// pair is the lease: when several app instances wake up for the same period, exactly one claim inserts the row and only
/// that instance works (<see cref="JobLeases"/>). An administrator's run has a period of its own ("manual:…").
/// </summary>
public class JobRun
{
    public long Id { get; set; }
    public string Job { get; set; } = "";
    public string Period { get; set; } = "";

    /// <summary>The instance that claimed the period (process and a random part).</summary>
    public string Holder { get; set; } = "";

    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    public string Outcome { get; set; } = "";

    /// <summary>The job threw; <see cref="Outcome"/> holds the error's message.</summary>
    public bool Failed { get; set; }

    /// <summary>The administrator who asked for this run ("run now"); null for a scheduled run.</summary>
    public string? StartedByUserId { get; set; }
}

public class JobRunConfiguration : IEntityTypeConfiguration<JobRun>
{
    public void Configure(EntityTypeBuilder<JobRun> builder)
    {
        builder.Property(r => r.Job).HasMaxLength(64);
        builder.Property(r => r.Period).HasMaxLength(32);
        builder.Property(r => r.Holder).HasMaxLength(64);
        builder.Property(r => r.Outcome).HasMaxLength(500);
        builder.Property(r => r.StartedByUserId).HasMaxLength(450);
        builder.HasIndex(r => new { r.Job, r.Period }).IsUnique();
        builder.HasIndex(r => r.StartedAt);
        builder.HasIndex(r => new { r.Job, r.StartedAt });
    }
}
