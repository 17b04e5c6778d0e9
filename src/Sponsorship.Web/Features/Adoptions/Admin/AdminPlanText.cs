using System.Globalization;
using Sponsorship.Core.Adoptions;

namespace Sponsorship.Web.Features.Adoptions.Admin;

public static class AdminPlanText
{
    /// <summary>The end-of-term options in the order the form and the list show them.</summary>
    public static IReadOnlyList<EndOfTermOptions> Options { get; } =
        [EndOfTermOptions.MeatBox, EndOfTermOptions.Wool, EndOfTermOptions.KeepForBreeding, EndOfTermOptions.NothingFurther];

    /// <summary>Fen as the price field shows it: "1800.00".</summary>
    public static string YuanInput(long fen) => (fen / 100m).ToString("0.00", CultureInfo.InvariantCulture);
}
