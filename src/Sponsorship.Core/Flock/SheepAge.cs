namespace Sponsorship.Core.Flock;

/// <summary>A sheep's age in whole months, derived from its birth date (never typed in).</summary>
public static class SheepAge
{
    public static int Months(DateOnly birthDate, DateOnly today)
    {
        var months = ((today.Year - birthDate.Year) * 12) + today.Month - birthDate.Month;
        if (today.Day < birthDate.Day)
        {
            months--;
        }

        return Math.Max(0, months);
    }
}
