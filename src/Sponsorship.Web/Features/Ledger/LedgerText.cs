using System.Globalization;

namespace Sponsorship.Web.Features.Ledger;

/// <summary>Money as people read it: ¥1,800.00 in both languages (DESIGN.md §6).</summary>
public static class LedgerText
{
    /// <summary>Basis points as a percentage: 6000 → "60%", 1250 → "12.5%".</summary>
    public static string Percent(int basisPoints) => (basisPoints / 100m).ToString("0.##", CultureInfo.InvariantCulture) + "%";

    public static string Date(DateTimeOffset at) => at.ToLocalTime().ToString("d", CultureInfo.CurrentCulture);

    public static string DateTime(DateTimeOffset at) => at.ToLocalTime().ToString("g", CultureInfo.CurrentCulture);
}
