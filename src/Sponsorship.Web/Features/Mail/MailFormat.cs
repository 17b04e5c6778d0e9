using System.Globalization;
using Sponsorship.Core.Adoptions;
using Sponsorship.Core.Mail;
using Sponsorship.Core.Programme;
using Sponsorship.Web.Components.Common;

namespace Sponsorship.Web.Features.Mail;

/// <summary>How mail words dates, money and names, in the culture the mail is rendered in (dates in the programme's calendar).</summary>
public static class MailFormat
{
    public static string Date(DateTimeOffset at, ProgrammeCalendar calendar) => Date((calendar ?? throw new ArgumentNullException(nameof(calendar))).DayOf(at));

    public static string Date(DateOnly day) => Text.Date(day);

    public static string Month(string month)
    {
        var start = DateOnly.ParseExact(month + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture);
        return Text.Chinese ? start.ToString("yyyy年M月", CultureInfo.InvariantCulture) : start.ToString("MMMM yyyy", CultureInfo.GetCultureInfo("en"));
    }

    public static string Money(long fen) => (fen / 100m).ToString("¥#,##0.00", CultureInfo.InvariantCulture);

    public static string Kg(decimal kg) => kg.ToString("0.#", CultureInfo.InvariantCulture);

    public static string SheepName(AdoptionMailFacts a) => a.SheepName.Length > 0 ? Text.Sheep(a.SheepName, a.SheepNameLatin) : a.EarTag;

    public static string Household(AdoptionMailFacts a) => Text.Household(a.HeadName, a.HeadNameLatin);

    public static string Village(AdoptionMailFacts a) => Text.Pick(a.VillageName, a.VillageNameLatin);

    public static string Plan(AdoptionMailFacts a) => Text.Pick(a.PlanZh, a.PlanEn);
}
