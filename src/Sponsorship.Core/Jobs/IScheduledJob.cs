using System.Globalization;
using Sponsorship.Core.Programme;

namespace Sponsorship.Core.Jobs;

/// <summary>
/// Timed work: each period of its <see cref="Schedule"/> it runs once in total, on whichever app instance claims the
/// period first (<see cref="JobRunner"/>). A job must be safe to run twice (idempotency keys, conditional updates): an
/// administrator can run one now, and a crashed run's period is taken over.
/// </summary>
public interface IScheduledJob
{
    /// <summary>Stable and unique: the job-run records and the <c>Jobs:Run:{name}</c> switches name it.</summary>
    string Name { get; }

    JobSchedule Schedule { get; }

    /// <returns>What it did, in a few words, for the job-run record.</returns>
    Task<string> RunAsync(CancellationToken cancellationToken);
}

/// <summary>When a job is due: once per period, the period named by a short text stored with each run.</summary>
public abstract record JobSchedule
{
    public static readonly JobSchedule Hourly = Every(TimeSpan.FromHours(1));

    /// <summary>Once per programme day (Beijing time by default).</summary>
    public static readonly JobSchedule Daily = new EveryDay();

    /// <summary>Once per programme month.</summary>
    public static readonly JobSchedule Monthly = new EveryMonth();

    /// <summary>Never by itself: only when an administrator asks.</summary>
    public static readonly JobSchedule OnRequest = new OnlyOnRequest();

    public static JobSchedule Every(TimeSpan period) => new EveryInterval(period);

    /// <summary>The period <paramref name="now"/> falls in ("2026-11-29T08:00:00", "2026-11-29", "2026-11"); null when never due.</summary>
    public abstract string? PeriodOf(DateTimeOffset now, ProgrammeCalendar calendar);
}

/// <summary>Fixed intervals counted from the Unix epoch in UTC (every minute, every hour…).</summary>
public sealed record EveryInterval(TimeSpan Period) : JobSchedule
{
    public override string PeriodOf(DateTimeOffset now, ProgrammeCalendar calendar) =>
        new DateTimeOffset(now.UtcTicks - (now.UtcTicks % Period.Ticks), TimeSpan.Zero).ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture);
}

public sealed record EveryDay : JobSchedule
{
    public override string PeriodOf(DateTimeOffset now, ProgrammeCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        return calendar.DayOf(now).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    }
}

public sealed record EveryMonth : JobSchedule
{
    public override string PeriodOf(DateTimeOffset now, ProgrammeCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        return calendar.MonthOf(now);
    }
}

public sealed record OnlyOnRequest : JobSchedule
{
    public override string? PeriodOf(DateTimeOffset now, ProgrammeCalendar calendar) => null;
}
