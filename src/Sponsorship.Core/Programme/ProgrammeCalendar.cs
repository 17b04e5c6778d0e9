using System.Globalization;
using Microsoft.Extensions.Options;

namespace Sponsorship.Core.Programme;

/// <summary>The <c>Programme</c> configuration section.</summary>
public sealed class ProgrammeOptions
{
    public const string Section = "Programme";

    /// <summary>The programme's time zone (an IANA id): what "today", a month and a time of day mean.</summary>
    public string TimeZone { get; set; } = ProgrammeCalendar.DefaultTimeZoneId;
}

/// <summary>
/// The programme's one calendar. Taibus Banner keeps Beijing time, whatever the server's own zone: "today" for a herder's
/// entry, a checkout or an import, the month a digest covers, a payout's period end and every date and time shown are
/// taken in <see cref="Zone"/>, from the injected <see cref="TimeProvider"/>. Instants are stored in UTC as before.
/// </summary>
public sealed class ProgrammeCalendar
{
    public const string DefaultTimeZoneId = "Asia/Shanghai";

    private readonly TimeProvider clock;

    public ProgrammeCalendar(TimeProvider clock, IOptions<ProgrammeOptions> options)
        : this(clock, FindZone((options ?? throw new ArgumentNullException(nameof(options))).Value.TimeZone))
    {
    }

    public ProgrammeCalendar(TimeProvider clock, TimeZoneInfo zone)
    {
        this.clock = clock ?? throw new ArgumentNullException(nameof(clock));
        Zone = zone ?? throw new ArgumentNullException(nameof(zone));
    }

    public TimeZoneInfo Zone { get; }

    /// <summary>The clock underneath (UTC instants).</summary>
    public TimeProvider Clock => clock;

    /// <summary>The calendar of the programme in Beijing time over <paramref name="clock"/> (tests, tools).</summary>
    public static ProgrammeCalendar Beijing(TimeProvider clock) => new(clock, FindZone(DefaultTimeZoneId));

    /// <summary>The zone by IANA id; Asia/Shanghai also without the system's time-zone data (China has no daylight saving).</summary>
    public static TimeZoneInfo FindZone(string id)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (TimeZoneNotFoundException) when (id == DefaultTimeZoneId)
        {
            return TimeZoneInfo.CreateCustomTimeZone(DefaultTimeZoneId, TimeSpan.FromHours(8), "China Standard Time", "China Standard Time");
        }
    }

    public DateTimeOffset Now => clock.GetUtcNow();

    /// <summary>Today's date in the programme's zone.</summary>
    public DateOnly Today => DayOf(clock.GetUtcNow());

    /// <summary>The instant as a local time of the programme's zone (for display: its date, its time of day).</summary>
    public DateTimeOffset Local(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, Zone);

    /// <summary>The programme date an instant falls on.</summary>
    public DateOnly DayOf(DateTimeOffset at) => DateOnly.FromDateTime(Local(at).DateTime);

    /// <summary>The instant a programme day begins (its midnight in the programme's zone).</summary>
    public DateTimeOffset StartOf(DateOnly day) => At(day, TimeOnly.MinValue);

    /// <summary>The instant of a wall-clock time on a programme day.</summary>
    public DateTimeOffset At(DateOnly day, TimeOnly time)
    {
        var local = day.ToDateTime(time, DateTimeKind.Unspecified);
        return new DateTimeOffset(local, Zone.GetUtcOffset(local)).ToUniversalTime();
    }

    /// <summary>The last day of the month <paramref name="day"/> is in.</summary>
    public static DateOnly MonthEnd(DateOnly day) => new(day.Year, day.Month, DateTime.DaysInMonth(day.Year, day.Month));

    /// <summary>The month an instant falls in, in the programme's zone ("2026-11").</summary>
    public string MonthOf(DateTimeOffset at) => DayOf(at).ToString("yyyy-MM", CultureInfo.InvariantCulture);

    /// <summary>Where a month ("2026-11") begins and ends, as instants.</summary>
    public (DateTimeOffset Start, DateTimeOffset End) MonthBounds(string month)
    {
        var first = DateOnly.ParseExact(month + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture);
        return (StartOf(first), StartOf(first.AddMonths(1)));
    }
}
