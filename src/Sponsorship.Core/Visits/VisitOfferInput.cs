namespace Sponsorship.Core.Visits;

/// <summary>What a herder sets in their household's visit offer.</summary>
public sealed record VisitOfferInput(
    DateOnly StartsOn, DateOnly EndsOn, VisitWeekdays Weekdays, int GuestsPerDay, VisitInclusions Inclusions,
    long AdultPriceFen, long ChildPriceFen, string? Description, string? NearestTown, bool PickUpOffered)
{
    /// <summary>What is wrong with the offer under the office's bounds; empty when it can be saved.</summary>
    public IReadOnlyList<VisitOfferProblem> Problems(VisitOptions bounds)
    {
        ArgumentNullException.ThrowIfNull(bounds);
        var problems = new List<VisitOfferProblem>();
        if (EndsOn < StartsOn)
        {
            problems.Add(VisitOfferProblem.EndsBeforeStart);
        }
        else if (EndsOn.DayNumber - StartsOn.DayNumber + 1 > bounds.MaxOfferDays)
        {
            problems.Add(VisitOfferProblem.RangeTooLong);
        }

        if ((Weekdays & VisitWeekdays.All) == VisitWeekdays.None || (Weekdays & ~VisitWeekdays.All) != 0)
        {
            problems.Add(VisitOfferProblem.NoWeekdays);
        }

        if (GuestsPerDay < 1)
        {
            problems.Add(VisitOfferProblem.CapacityTooLow);
        }
        else if (GuestsPerDay > bounds.MaxGuestsPerDay)
        {
            problems.Add(VisitOfferProblem.CapacityTooHigh);
        }

        if ((Inclusions & VisitInclusions.All) == VisitInclusions.None || (Inclusions & ~VisitInclusions.All) != 0)
        {
            problems.Add(VisitOfferProblem.NothingOffered);
        }

        if (AdultPriceFen < bounds.MinAdultPriceFen || AdultPriceFen > bounds.MaxAdultPriceFen)
        {
            problems.Add(VisitOfferProblem.AdultPriceOutOfBounds);
        }

        if (ChildPriceFen < bounds.MinChildPriceFen || ChildPriceFen > bounds.MaxChildPriceFen)
        {
            problems.Add(VisitOfferProblem.ChildPriceOutOfBounds);
        }

        if ((Description ?? "").Trim().Length > VisitOfferConfiguration.MaxDescriptionLength)
        {
            problems.Add(VisitOfferProblem.DescriptionTooLong);
        }

        if ((NearestTown ?? "").Trim().Length > VisitOfferConfiguration.MaxNearestTownLength)
        {
            problems.Add(VisitOfferProblem.NearestTownTooLong);
        }

        return problems;
    }
}

public enum VisitOfferProblem
{
    EndsBeforeStart,
    RangeTooLong,
    NoWeekdays,
    CapacityTooLow,
    CapacityTooHigh,
    NothingOffered,
    AdultPriceOutOfBounds,
    ChildPriceOutOfBounds,
    DescriptionTooLong,
    NearestTownTooLong,
}

/// <summary>How saving an offer went: saved, refused with its problems, or the account has no household.</summary>
public sealed record VisitOfferResult(bool Saved, bool NoHousehold, IReadOnlyList<VisitOfferProblem> Problems)
{
    public static readonly VisitOfferResult Done = new(true, false, []);
    public static readonly VisitOfferResult NotAHerder = new(false, true, []);

    public static VisitOfferResult Refused(IReadOnlyList<VisitOfferProblem> problems) => new(false, false, problems);
}
