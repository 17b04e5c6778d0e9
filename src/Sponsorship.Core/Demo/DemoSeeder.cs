using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Data;
using Sponsorship.Core.Flock;
using Sponsorship.Core.Identity;

namespace Sponsorship.Core.Demo;

/// <summary>
/// Fills an empty database with the Taibus Banner programme: villages, about 100 households, about 1,200 sheep and one
/// account per role. Deterministic (fixed random seed) and idempotent: a second run adds nothing.
/// </summary>
public sealed class DemoSeeder(
    IDbContextFactory<SponsorshipDbContext> dbFactory,
    UserManager<ApplicationUser> users,
    TimeProvider clock)
{
    public const int HouseholdCount = 100;
    public const int FirstEarTagSequence = 23_000_001;

    public async Task SeedAsync(CancellationToken cancellationToken = default)
    {
        await SeedFlockAsync(cancellationToken);
        await SeedAccountsAsync(cancellationToken);
    }

    private async Task SeedFlockAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await db.Villages.AnyAsync(cancellationToken))
        {
            return;
        }

        var random = new Random(1096);
        var now = clock.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);

        var villages = DemoNames.Villages.Select(v => new Village { Name = v.Name, NameLatin = v.Latin }).ToList();
        var households = HouseholdHeads().Take(HouseholdCount).Select((head, i) => new HerderHousehold
        {
            Village = villages[i % villages.Count],
            HeadName = head.Name,
            HeadNameLatin = head.Latin,
            Phone = $"139{random.Next(0, 100_000_000):D8}",
            PayoutAccount = $"6228{random.NextInt64(0, 1_000_000_000_000_000):D15}",
            Trusted = i % 5 == 0,
        }).ToList();

        var sequence = FirstEarTagSequence;
        var flock = new List<Sheep>();
        foreach (var household in households)
        {
            var size = random.Next(6, 19);
            for (var i = 0; i < size; i++)
            {
                flock.Add(new Sheep
                {
                    Name = DemoNames.Sheep[random.Next(DemoNames.Sheep.Length)],
                    Sex = random.NextDouble() < 0.8 ? Sex.Ewe : Sex.Ram,
                    Breed = PickBreed(random),
                    BirthDate = today.AddDays(-random.Next(60, 3 * 365)),
                    Household = household,
                    Tags =
                    [
                        new IdTag
                        {
                            Type = IdTagType.NationalEarTag,
                            Value = EarTag.ForTaibus(sequence++).Value,
                            ValidFrom = now.AddDays(-random.Next(30, 365)),
                        },
                    ],
                });
            }
        }

        db.Villages.AddRange(villages);
        db.Households.AddRange(households);
        db.Sheep.AddRange(flock);
        await db.SaveChangesAsync(cancellationToken);
    }

    private async Task SeedAccountsAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var householdIds = await db.Households.OrderBy(h => h.Id).Select(h => h.Id).Take(HouseholdCount).ToListAsync(cancellationToken);

        foreach (var account in DemoAccounts.All)
        {
            if (await users.FindByEmailAsync(account.Email) is not null)
            {
                continue;
            }

            var user = new ApplicationUser
            {
                UserName = account.Email,
                Email = account.Email,
                EmailConfirmed = true,
                DisplayName = account.DisplayName,
                HerderHouseholdId = account.HouseholdNumber is { } n && n <= householdIds.Count ? householdIds[n - 1] : null,
            };
            Check(await users.CreateAsync(user, DemoAccounts.Password), account.Email);
            Check(await users.AddToRoleAsync(user, account.Role), account.Email);
        }
    }

    private static void Check(IdentityResult result, string email)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Demo account {email}: {string.Join("; ", result.Errors.Select(e => e.Description))}");
        }
    }

    private static IEnumerable<(string Name, string Latin)> HouseholdHeads()
    {
        foreach (var head in DemoNames.MongolianHeads)
        {
            yield return head;
        }

        foreach (var given in DemoNames.HanGivenNames)
        {
            foreach (var surname in DemoNames.HanSurnames)
            {
                yield return (surname.Name + given.Name, $"{surname.Latin} {given.Latin}");
            }
        }
    }

    private static Breed PickBreed(Random random) => random.Next(10) switch
    {
        < 4 => Breed.Chahar,
        < 7 => Breed.Ujimqin,
        _ => Breed.Sunit,
    };
}
