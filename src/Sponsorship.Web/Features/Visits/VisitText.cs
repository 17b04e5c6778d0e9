using System.Globalization;
using Microsoft.Extensions.Localization;
using Sponsorship.Core.Programme;
using Sponsorship.Core.Visits;
using Sponsorship.Web.Components.Common;
using Sponsorship.Web.Resources;

namespace Sponsorship.Web.Features.Visits;

/// <summary>Visits' words in the reader's language, and the yuan a herder types read as fen.</summary>
public static class VisitText
{
    public static string Weekdays(this IStringLocalizer<Strings> l, VisitWeekdays weekdays) =>
        string.Join(Text.Chinese ? "、" : ", ", VisitWeekdaysExtensions.Each.Where(d => (weekdays & d) != 0).Select(d => l[$"Visits.Weekday.{d}"].Value));

    public static string Inclusions(this IStringLocalizer<Strings> l, VisitInclusions inclusions) =>
        string.Join(Text.Chinese ? "、" : ", ", Enum.GetValues<VisitInclusions>()
            .Where(i => i is not VisitInclusions.None and not VisitInclusions.All && (inclusions & i) != 0)
            .Select(i => l[$"Visits.Inclusion.{i}"].Value));

    /// <summary>成人2位，儿童1位 or 2 adults, 1 child.</summary>
    public static string Guests(this IStringLocalizer<Strings> l, int adults, int children) =>
        l["Visits.Guests", l.Count("Visits.Adults", adults), l.Count("Visits.Children", children)];

    /// <summary>A day with its weekday: 2027年7月3日（周六） or Sat 3 Jul 2027.</summary>
    public static string Day(this IStringLocalizer<Strings> l, DateOnly day) =>
        Text.Chinese
            ? $"{Text.Date(day)}（{l[$"Visits.Weekday.{VisitWeekdaysExtensions.Of(day.DayOfWeek)}"]}）"
            : $"{l[$"Visits.Weekday.{VisitWeekdaysExtensions.Of(day.DayOfWeek)}"]} {Text.Date(day)}";

    /// <summary>A moment with its day, in programme time: 2026年12月1日 09:02 or 1 Dec 2026 09:02.</summary>
    public static string DayAndTime(DateTimeOffset at, ProgrammeCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        return $"{Text.Date(calendar.DayOf(at))} {Flock.FlockText.Time(at, calendar)}";
    }

    /// <summary>Yuan as typed on a phone ("200", "80.5", "80,50") in fen; null when it is not an amount to the fen.</summary>
    public static long? Fen(string? yuan)
    {
        var text = (yuan ?? "").Trim().Replace('，', '.').Replace(',', '.').Replace('。', '.');
        return decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)
            && value * 100 == decimal.Truncate(value * 100) && value < 100_000_000
            ? (long)(value * 100)
            : null;
    }

    /// <summary>Fen as a herder types yuan back into the form: "200" or "80.50".</summary>
    public static string YuanInput(long fen) =>
        fen % 100 == 0 ? (fen / 100).ToString(CultureInfo.InvariantCulture) : (fen / 100m).ToString("0.00", CultureInfo.InvariantCulture);
}
