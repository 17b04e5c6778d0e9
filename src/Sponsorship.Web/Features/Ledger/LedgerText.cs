using System.Globalization;
using Microsoft.Extensions.Localization;
using Sponsorship.Core.Programme;
using Sponsorship.Web.Resources;

namespace Sponsorship.Web.Features.Ledger;

/// <summary>Percentages, dates and kinds of transaction on the ledger pages and sheets (money itself is <c>Text.Yuan</c>).</summary>
public static class LedgerText
{
    /// <summary>Basis points as a percentage: 6000 → "60%", 1250 → "12.5%".</summary>
    public static string Percent(int basisPoints) => (basisPoints / 100m).ToString("0.##", CultureInfo.InvariantCulture) + "%";

    /// <summary>The date of an instant on the programme's calendar, in the reader's culture.</summary>
    public static string Date(DateTimeOffset at, ProgrammeCalendar calendar) =>
        (calendar ?? throw new ArgumentNullException(nameof(calendar))).Local(at).ToString("d", CultureInfo.CurrentCulture);

    /// <summary>Date and time of day of an instant on the programme's calendar.</summary>
    public static string DateTime(DateTimeOffset at, ProgrammeCalendar calendar) =>
        (calendar ?? throw new ArgumentNullException(nameof(calendar))).Local(at).ToString("g", CultureInfo.CurrentCulture);

    /// <summary>A kind of transaction as a word ("payout-confirm" → "Payout paid"); a kind without one keeps its code.</summary>
    public static string Kind(IStringLocalizer<Strings> l, string kind) =>
        (l ?? throw new ArgumentNullException(nameof(l)))[$"Ledger.TxKind.{kind}"] is { ResourceNotFound: false } word ? word : kind;
}
