namespace Sponsorship.Core.Visits;

/// <summary>
/// The office's bounds for visits to herder households, from the <c>Visits</c> section of the settings: the price range a
/// household may ask per adult and per child, how long an accepted request waits for payment, the split of visit income
/// and the cancellation rule. Prices are in fen; shares in basis points (10,000 = 100%).
/// </summary>
public sealed class VisitOptions
{
    public const string Section = "Visits";

    public long MinAdultPriceFen { get; set; } = 5_000;
    public long MaxAdultPriceFen { get; set; } = 100_000;
    public long MinChildPriceFen { get; set; }
    public long MaxChildPriceFen { get; set; } = 50_000;

    /// <summary>The most guests a household may receive on one day.</summary>
    public int MaxGuestsPerDay { get; set; } = 30;

    /// <summary>The longest date range one offer may cover.</summary>
    public int MaxOfferDays { get; set; } = 366;

    /// <summary>An accepted request not paid within this time lapses and frees its places.</summary>
    public int AcceptanceLapseHours { get; set; } = 48;

    /// <summary>The household's share of visit income; the village collective gets the rest.</summary>
    public int HouseholdBasisPoints { get; set; } = 9_000;

    public int VillageBasisPoints { get; set; } = 1_000;

    /// <summary>A paid visit cancelled at least this many days before the day is refunded in full.</summary>
    public int FullRefundDaysBefore { get; set; } = 7;

    /// <summary>Of a later cancellation, the share the household keeps.</summary>
    public int LateCancellationHouseholdBasisPoints { get; set; } = 5_000;

    /// <summary>What is wrong with the settings, naming the setting; empty when they are usable.</summary>
    public IEnumerable<string> Problems()
    {
        if (MinAdultPriceFen < 0 || MaxAdultPriceFen < MinAdultPriceFen)
        {
            yield return "Visits:MinAdultPriceFen must be 0 or more and at most Visits:MaxAdultPriceFen.";
        }

        if (MinChildPriceFen < 0 || MaxChildPriceFen < MinChildPriceFen)
        {
            yield return "Visits:MinChildPriceFen must be 0 or more and at most Visits:MaxChildPriceFen.";
        }

        if (MaxGuestsPerDay is < 1 or > 500)
        {
            yield return "Visits:MaxGuestsPerDay must be 1 to 500.";
        }

        if (MaxOfferDays is < 1 or > 731)
        {
            yield return "Visits:MaxOfferDays must be 1 to 731.";
        }

        if (AcceptanceLapseHours is < 1 or > 24 * 14)
        {
            yield return "Visits:AcceptanceLapseHours must be 1 to 336 hours.";
        }

        if (HouseholdBasisPoints < 0 || VillageBasisPoints < 0 || HouseholdBasisPoints + VillageBasisPoints != 10_000)
        {
            yield return "Visits:HouseholdBasisPoints and Visits:VillageBasisPoints must add up to 10000.";
        }

        if (FullRefundDaysBefore is < 0 or > 90)
        {
            yield return "Visits:FullRefundDaysBefore must be 0 to 90 days.";
        }

        if (LateCancellationHouseholdBasisPoints is < 0 or > 10_000)
        {
            yield return "Visits:LateCancellationHouseholdBasisPoints must be 0 to 10000.";
        }
    }
}
