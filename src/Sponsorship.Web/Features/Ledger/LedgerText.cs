using System.Globalization;

namespace Sponsorship.Web.Features.Ledger;

/// <summary>Percentages and dates on the ledger pages (money itself is <c>Text.Yuan</c>).</summary>
public static class LedgerText
{
    /// <summary>Basis points as a percentage: 6000 → "60%", 1250 → "12.5%".</summary>
    public static string Percent(int basisPoints) => (basisPoints / 100m).ToString("0.##", CultureInfo.InvariantCulture) + "%";

    public static string Date(DateTimeOffset at) => at.ToLocalTime().ToString("d", CultureInfo.CurrentCulture);

    public static string DateTime(DateTimeOffset at) => at.ToLocalTime().ToString("g", CultureInfo.CurrentCulture);
}
