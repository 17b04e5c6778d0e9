namespace Sponsorship.Core.Flock;

/// <summary>The catalogue's age filter: lambs under 12 months, young sheep of 12 to 23 months, adults of 24 months and more.</summary>
public enum AgeBand
{
    Lamb = 1,
    Young = 2,
    Adult = 3,
}

public static class AgeBands
{
    public const int YoungFromMonths = 12;
    public const int AdultFromMonths = 24;

    public static AgeBand Of(int months) => months < YoungFromMonths ? AgeBand.Lamb : months < AdultFromMonths ? AgeBand.Young : AgeBand.Adult;

    /// <summary>
    /// The birth dates of a band as a range, so the database filters on the BirthDate column instead of computing ages:
    /// a sheep is in the band when it was born after <c>BornAfter</c> (if set) and on or before <c>BornOnOrBefore</c>
    /// (if set). Agrees with <see cref="SheepAge.Months"/>: a sheep turns 12 months old on the day
    /// <c>today.AddMonths(-12)</c> is its birth date.
    /// </summary>
    public static (DateOnly? BornAfter, DateOnly? BornOnOrBefore) BirthDates(AgeBand band, DateOnly today) => band switch
    {
        AgeBand.Lamb => (today.AddMonths(-YoungFromMonths), null),
        AgeBand.Young => (today.AddMonths(-AdultFromMonths), today.AddMonths(-YoungFromMonths)),
        AgeBand.Adult => (null, today.AddMonths(-AdultFromMonths)),
        _ => throw new ArgumentOutOfRangeException(nameof(band), band, "Not an age band."),
    };
}
