using System.Globalization;
using Microsoft.Extensions.Localization;
using Sponsorship.Core.Flock;
using Sponsorship.Core.Programme;
using Sponsorship.Web.Components.Common;
using Sponsorship.Web.Resources;

namespace Sponsorship.Web.Features.Flock;

/// <summary>How the flock pages word log kinds, removal reasons, age bands, weights and dates.</summary>
public static class FlockText
{
    public static string LogKindName(this IStringLocalizer<Strings> l, LogKind kind) => l[$"LogKind.{kind}"];

    public static string RemovalReasonName(this IStringLocalizer<Strings> l, RemovalReason? reason) =>
        reason is { } r ? l[$"RemovalReason.{r}"] : l["Profile.ArchivedNoReason"];

    public static string AgeBandName(this IStringLocalizer<Strings> l, AgeBand band) => l[$"AgeBand.{band}"];

    /// <summary>A weight as people write it: 32.5, 40 (no trailing zeros), in the reader's number format.</summary>
    public static string Kg(decimal kg) => kg.ToString("0.##", CultureInfo.CurrentCulture);

    /// <summary>A daily gain with its sign: +0.152, −0.04.</summary>
    public static string Gain(decimal kgPerDay) =>
        (kgPerDay > 0 ? "+" : kgPerDay < 0 ? "−" : "") + Math.Abs(kgPerDay).ToString("0.0##", CultureInfo.CurrentCulture);

    /// <summary>A calendar date in the reader's language: 2026年11月29日 or 29 Nov 2026.</summary>
    public static string Date(DateOnly date) => Text.Date(date);

    /// <summary>The programme date of an instant, in the reader's language.</summary>
    public static string Date(DateTimeOffset at, ProgrammeCalendar calendar) => Date((calendar ?? throw new ArgumentNullException(nameof(calendar))).DayOf(at));

    /// <summary>A time of day as the programme keeps it (its calendar's zone, Beijing time by default).</summary>
    public static string Time(DateTimeOffset at, ProgrammeCalendar calendar) =>
        (calendar ?? throw new ArgumentNullException(nameof(calendar))).Local(at).ToString("HH:mm", CultureInfo.InvariantCulture);

    public static string LastUpdate(this IStringLocalizer<Strings> l, int? days) => days switch
    {
        null => l["Profile.NoUpdates"],
        0 => l["Profile.UpdatedToday"],
        1 => l["Profile.UpdatedYesterday"],
        _ => l["Profile.UpdatedDaysAgo", days.Value],
    };
}
