using Sponsorship.Core.Flock;

namespace Sponsorship.Core.Demo;

/// <summary>What the demo history needs to know about one sheep.</summary>
internal sealed record DemoSheep(int Id, Breed Breed, Sex Sex, DateOnly BirthDate);

/// <summary>The named pastures the demo's flocks move between.</summary>
internal sealed record DemoPastures(int Summer, int Autumn);

/// <summary>
/// A believable, already reviewed past for a demo sheep: weighings along its breed's growth curve, and for some a move to
/// the summer pasture, a shearing in early summer, a vet's visit or the move back in autumn. Deterministic per sheep,
/// each log with its own idempotency key, so seeding twice records nothing twice.
/// </summary>
internal static class DemoHistory
{
    private static readonly string[] Vets = ["斯琴 · Sechen", "王志强 · Wang Zhiqiang", "乌兰 · Ulaan", "李海林 · Li Hailin"];

    private static readonly string[] VetNotes =
    [
        "春季驱虫 · Spring deworming",
        "羊痘疫苗 · Sheep pox vaccination",
        "例行检查，健康 · Routine check, healthy",
        "修蹄 · Hooves trimmed",
    ];

    public static string WeighingKey(int sheepId, int n) => $"demo-weigh-{sheepId}-{n}";

    public static string PhotoKey(int sheepId) => $"demo-photo-{sheepId}";

    /// <summary>The logs this sheep's history holds, oldest first; none after <paramref name="now"/> or before its birth.</summary>
    public static IEnumerable<AnimalLog> For(DemoSheep sheep, DemoPastures pastures, DateTimeOffset now)
    {
        var random = new Random(unchecked((sheep.Id * 7919) + 17));
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var logs = new List<AnimalLog>();
        logs.AddRange(Weighings(sheep, random, today, now));

        var lastJune = new DateOnly(today.Month >= 7 ? today.Year : today.Year - 1, 6, 1);
        var moveOut = lastJune.AddDays(random.Next(-12, 6));
        if (random.NextDouble() < 0.5 && moveOut > sheep.BirthDate.AddDays(20))
        {
            logs.Add(Log(sheep, $"demo-move-{sheep.Id}-summer", LogKind.Movement, moveOut, random, now, l => l.NamedPastureId = pastures.Summer));
        }

        var shearing = lastJune.AddDays(random.Next(4, 26));
        if (random.NextDouble() < 0.6 && SheepAge.Months(sheep.BirthDate, shearing) >= 10 && shearing < today)
        {
            var wool = sheep.Breed switch
            {
                Breed.Ujimqin => 1.5 + (random.NextDouble() * 0.7),
                Breed.Sunit => 1.6 + (random.NextDouble() * 0.8),
                _ => 1.8 + (random.NextDouble() * 1.0),
            };
            logs.Add(Log(sheep, $"demo-shear-{sheep.Id}", LogKind.Shearing, shearing, random, now,
                l => l.QuantityKg = Math.Round((decimal)(wool * (sheep.Sex == Sex.Ram ? 1.2 : 1)), 1)));
        }

        var visit = today.AddDays(-random.Next(20, 200));
        if (random.NextDouble() < 0.4 && visit > sheep.BirthDate.AddDays(30))
        {
            logs.Add(Log(sheep, $"demo-vet-{sheep.Id}", LogKind.Medical, visit, random, now, l =>
            {
                l.Vet = Vets[random.Next(Vets.Length)];
                l.Notes = VetNotes[random.Next(VetNotes.Length)];
            }));
        }

        var moveBack = new DateOnly(lastJune.Year, 10, 1).AddDays(random.Next(0, 25));
        if (random.NextDouble() < 0.35 && moveBack < today && moveBack > sheep.BirthDate.AddDays(20))
        {
            logs.Add(Log(sheep, $"demo-move-{sheep.Id}-autumn", LogKind.Movement, moveBack, random, now, l => l.NamedPastureId = pastures.Autumn));
        }

        return logs.OrderBy(l => l.At);
    }

    /// <summary>The day the demo photo was taken: some day in the past ten months, once the lamb was a fortnight old.</summary>
    public static DateTimeOffset PhotoTakenAt(DemoSheep sheep, DateTimeOffset now)
    {
        var random = new Random(unchecked((sheep.Id * 7919) + 29));
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var earliest = Max(today.AddDays(-300), sheep.BirthDate.AddDays(14));
        var span = Math.Max(0, today.AddDays(-3).DayNumber - earliest.DayNumber);
        return At(earliest.AddDays(random.Next(0, span + 1)), random, now);
    }

    /// <summary>
    /// 4 to 8 weighings spread over the last eight months (or the lamb's life), on a growth curve towards its breed's
    /// mature weight, a little heavier in late summer and lighter after the winter, with scale noise.
    /// </summary>
    private static IEnumerable<AnimalLog> Weighings(DemoSheep sheep, Random random, DateOnly today, DateTimeOffset now)
    {
        var (ewe, ram, birth) = sheep.Breed switch
        {
            Breed.Ujimqin => (60.0, 80.0, 4.2),
            Breed.Sunit => (52.0, 72.0, 3.9),
            _ => (50.0, 68.0, 3.8),
        };
        var mature = (sheep.Sex == Sex.Ram ? ram : ewe) * (0.9 + (random.NextDouble() * 0.2));
        var rate = 0.0042 * (0.9 + (random.NextDouble() * 0.2));
        var count = random.Next(4, 9);
        var first = Max(today.AddDays(-240), sheep.BirthDate.AddDays(10));
        var last = today.AddDays(-random.Next(1, 10));
        var step = (last.DayNumber - first.DayNumber) / (double)(count - 1);
        for (var n = 0; n < count; n++)
        {
            var jitter = n == 0 || n == count - 1 ? 0 : random.Next(-2, 3);
            var day = first.AddDays((int)Math.Round(n * step) + jitter);
            var age = day.DayNumber - sheep.BirthDate.DayNumber;
            var curve = mature - ((mature - birth) * Math.Exp(-rate * age));
            var season = 1 + (0.04 * Math.Sin(2 * Math.PI * (day.DayOfYear - 150) / 365.0));
            var noise = 1 + ((random.NextDouble() - 0.5) * 0.03);
            var kg = Math.Round((decimal)(curve * season * noise), 1);
            yield return Log(sheep, WeighingKey(sheep.Id, n + 1), LogKind.Weighing, day, random, now, l => l.QuantityKg = kg);
        }
    }

    private static AnimalLog Log(DemoSheep sheep, string key, LogKind kind, DateOnly day, Random random, DateTimeOffset now, Action<AnimalLog> details)
    {
        var at = At(day, random, now);
        var log = new AnimalLog
        {
            SheepId = sheep.Id,
            Kind = kind,
            At = at,
            RecordedAt = Min(at.AddMinutes(random.Next(5, 240)), now),
            IdempotencyKey = key,
            Review = ReviewStatus.Approved,
            ReviewedAt = Min(at.AddHours(random.Next(4, 48)), now),
        };
        details(log);
        return log;
    }

    /// <summary>Late morning on the steppe: 09:00 to 13:00 in Inner Mongolia (UTC+8), the same day in UTC; never after now.</summary>
    private static DateTimeOffset At(DateOnly day, Random random, DateTimeOffset now) =>
        Min(new DateTimeOffset(day.ToDateTime(new TimeOnly(1, 0)), TimeSpan.Zero).AddMinutes(random.Next(0, 240)), now);

    private static DateOnly Max(DateOnly a, DateOnly b) => a > b ? a : b;

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
