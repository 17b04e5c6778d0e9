using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Demo;
using Sponsorship.Core.Flock;
using Sponsorship.Core.Storage;

namespace Sponsorship.Core.Tests.Flock;

/// <summary>
/// The demo programme with the two demo herders: A (household 1, trusted) and B (household 2, not trusted). Tests take
/// sheep from a pool so that each works on sheep nobody else in the class touches, and each gets its own file store.
/// </summary>
public class LogbookDatabase : SeededDatabase
{
    private readonly Dictionary<int, List<(int Id, Sex Sex)>> pool = [];

    public string HerderA { get; private set; } = "";
    public string HerderB { get; private set; } = "";
    public string SponsorId { get; private set; } = "";
    public int HouseholdA { get; private set; }
    public int HouseholdB { get; private set; }

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await using var db = await CreateDbContextAsync();
        var a = await db.Users.SingleAsync(u => u.Email == DemoAccounts.Herder.Email);
        var b = await db.Users.SingleAsync(u => u.Email == DemoAccounts.SecondHerder.Email);
        HerderA = a.Id;
        HerderB = b.Id;
        HouseholdA = a.HerderHouseholdId!.Value;
        HouseholdB = b.HerderHouseholdId!.Value;
        SponsorId = await db.Users.Where(u => u.Email == DemoAccounts.Sponsor.Email).Select(u => u.Id).SingleAsync();

        // A demo household has 6–18 sheep; the tests need more. Give A and B the flocks of twenty other households.
        var others = await db.Households.Where(h => h.Id != HouseholdA && h.Id != HouseholdB).OrderBy(h => h.Id).Select(h => h.Id).Take(20).ToListAsync();
        await db.Sheep.Where(s => others.Take(10).Contains(s.HouseholdId)).ExecuteUpdateAsync(u => u.SetProperty(s => s.HouseholdId, HouseholdA));
        await db.Sheep.Where(s => others.Skip(10).Contains(s.HouseholdId)).ExecuteUpdateAsync(u => u.SetProperty(s => s.HouseholdId, HouseholdB));
        foreach (var household in new[] { HouseholdA, HouseholdB })
        {
            pool[household] = (await db.Sheep.Where(s => s.HouseholdId == household).OrderBy(s => s.Id)
                .Select(s => new { s.Id, s.Sex }).ToListAsync()).Select(s => (s.Id, s.Sex)).ToList();
        }

        // The audit trail is on, as in the app: every save runs in the interceptor's transaction.
        CurrentUser.UserId = HerderA;
    }

    /// <summary>A sheep of the household that no other test has used.</summary>
    public int TakeSheep(int householdId, Sex? sex = null)
    {
        lock (pool)
        {
            var sheep = pool[householdId].First(s => sex is null || s.Sex == sex);
            pool[householdId].Remove(sheep);
            return sheep.Id;
        }
    }

    public LocalFileStore NewFileStore() => new(Path.Combine(Folder, "files", Guid.NewGuid().ToString("N")));

    public HerderLogbook Logbook(IFileStore? store = null) => new(DbFactory, store ?? NewFileStore(), Calendar);

    public DateOnly Today => Calendar.Today;

    public static string NewKey() => Guid.NewGuid().ToString("N");

    public static string[] StoredFiles(LocalFileStore store) =>
        Directory.Exists(store.Root) ? Directory.GetFiles(store.Root, "*", SearchOption.AllDirectories) : [];

    public async Task<int> LogCountAsync(int sheepId)
    {
        await using var db = await CreateDbContextAsync();
        return await db.AnimalLogs.CountAsync(l => l.SheepId == sheepId);
    }
}
