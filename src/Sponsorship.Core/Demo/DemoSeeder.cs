using System.Diagnostics;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Sponsorship.Core.Data;
using Sponsorship.Core.Flock;
using Sponsorship.Core.Identity;
using Sponsorship.Core.Storage;

namespace Sponsorship.Core.Demo;

/// <summary>
/// Fills an empty database with the Taibus Banner programme: villages, about 100 households, about 1,200 sheep and one
/// account per role; gives every demo sheep a reviewed history (weighings, moves, shearing, vet visits) and a drawn
/// portrait in the file store. Deterministic (fixed random seeds) and idempotent: a second run adds nothing.
/// </summary>
public sealed class DemoSeeder(
    IDbContextFactory<SponsorshipDbContext> dbFactory,
    UserManager<ApplicationUser> users,
    IFileStore files,
    Privacy.AccountNumberProtector accountNumbers,
    TimeProvider clock,
    DemoAdoptions adoptions,
    DemoOrganisations organisations,
    DemoMoneyCycle moneyCycle,
    ILogger<DemoSeeder> logger)
{
    public const int HouseholdCount = 100;
    public const int FirstEarTagSequence = 23_000_001;
    private const int MaxFlockSize = 18;

    /// <param name="withHistory">
    /// Also give every sheep its reviewed history and drawn portrait (the app's demo). Tests of the herder's and the
    /// public pages start from sheep with no history, so that what they record is all there is.
    /// </param>
    /// <param name="withAdoptions">Also adopt some sheep through the capture path (tests of the money start without them).</param>
    /// <param name="withMoneyCycle">
    /// With the adoptions, also close last month's payouts (<see cref="DemoMoneyCycle"/>): the app's demo. Tests that draft
    /// their own batch start from an empty payout book.
    /// </param>
    public async Task SeedAsync(bool withHistory, bool withAdoptions = true, bool withMoneyCycle = false, CancellationToken cancellationToken = default)
    {
        await SeedFlockAsync(cancellationToken);
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            await Ledger.SplitRules.EnsureInitialAsync(db, clock.GetUtcNow(), cancellationToken);
            await PasturesAsync(db, cancellationToken);
        }

        await SeedAccountsAsync(cancellationToken);
        await adoptions.SeedAsync(withAdoptions, cancellationToken);
        if (withAdoptions)
        {
            await organisations.SeedAsync(cancellationToken);
        }
        if (withHistory)
        {
            await SeedHistoryAsync(cancellationToken);
            await SeedPortraitsAsync(cancellationToken);
        }

        if (withAdoptions && withMoneyCycle)
        {
            // After the histories: their reviewed weighings and portraits are the proof of care the releases need.
            var started = Stopwatch.GetTimestamp();
            await moneyCycle.RunAsync(cancellationToken);
            logger.LogInformation("Demo money cycle in {Seconds:F1} s.", Stopwatch.GetElapsedTime(started).TotalSeconds);
        }
    }

    /// <summary>The file-store key of a demo portrait: the sheep, a hash of the picture, and l (large) or t (thumbnail).</summary>
    public static string PortraitKey(int sheepId, string hash, char size) => $"photos/demo/{sheepId}-{hash}-{size}.jpg";

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
        var households = HouseholdHeads().Take(HouseholdCount).Select((head, i) =>
        {
            var household = new HerderHousehold
            {
                Village = villages[i % villages.Count],
                HeadName = head.Name,
                HeadNameLatin = head.Latin,
                Phone = $"139{random.Next(0, 100_000_000):D8}",
                PayoutAccountHolder = head.Name,
                PayoutBank = "中国农业银行 太仆寺旗支行",
                Trusted = i % 5 == 0,
            };
            household.SetPayoutAccount(accountNumbers.Protect($"6228{random.NextInt64(0, 1_000_000_000_000_000):D15}"));
            return household;
        }).ToList();

        var sequence = FirstEarTagSequence;
        var flock = new List<Sheep>();
        foreach (var household in households)
        {
            var size = random.Next(6, MaxFlockSize + 1);
            for (var i = 0; i < size; i++)
            {
                var (name, latin) = DemoNames.Sheep[random.Next(DemoNames.Sheep.Length)];
                flock.Add(new Sheep
                {
                    Name = name,
                    NameLatin = latin,
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
            Privacy.PrivacyNotice.Accept(user, newsMail: false, clock.GetUtcNow());
            Check(await users.CreateAsync(user, DemoAccounts.Password), account.Email);
            Check(await users.AddToRoleAsync(user, account.Role), account.Email);
            if (account.Role == Roles.Admin)
            {
                // Confirmed administrators from the start: the installation vouches for them, not one another.
                var now = clock.GetUtcNow();
                db.AdminGrants.Add(new AdminGrant
                {
                    UserId = user.Id, RequestedByUserId = AdminGrants.Installation, RequestedAt = now,
                    Status = AdminGrantStatus.Confirmed, DecidedByUserId = AdminGrants.Installation, DecidedAt = now,
                });
                await db.SaveChangesAsync(cancellationToken);
            }
        }
    }

    /// <summary>Weighings for every demo sheep, and moves, shearings and vet visits for some; all already approved.</summary>
    private async Task SeedHistoryAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var flock = await DemoFlock(db).OrderBy(s => s.Id)
            .Select(s => new DemoSheep(s.Id, s.Breed, s.Sex, s.BirthDate))
            .ToListAsync(cancellationToken);
        var recorded = (await db.AnimalLogs.Where(l => l.IdempotencyKey.StartsWith("demo-")).Select(l => l.IdempotencyKey).ToListAsync(cancellationToken))
            .ToHashSet(StringComparer.Ordinal);
        var pastures = await PasturesAsync(db, cancellationToken);
        var logs = flock.SelectMany(s => DemoHistory.For(s, pastures, now)).Where(l => !recorded.Contains(l.IdempotencyKey)).ToList();
        if (logs.Count > 0)
        {
            db.AnimalLogs.AddRange(logs);
            await db.SaveChangesAsync(cancellationToken);
        }
    }

    /// <summary>The programme's named pastures, added the first time (a database seeded before there were any gets them too).</summary>
    private static async Task<DemoPastures> PasturesAsync(SponsorshipDbContext db, CancellationToken cancellationToken)
    {
        var names = DemoNames.Pastures.Select(p => p.Name).ToList();
        var have = await db.NamedPastures.Where(p => names.Contains(p.Name)).Select(p => p.Name).ToListAsync(cancellationToken);
        db.NamedPastures.AddRange(DemoNames.Pastures.Where(p => !have.Contains(p.Name)).Select(p => new NamedPasture { Name = p.Name, NameLatin = p.Latin }));
        await db.SaveChangesAsync(cancellationToken);
        var ids = await db.NamedPastures.Where(p => names.Contains(p.Name)).ToDictionaryAsync(p => p.Name, p => p.Id, cancellationToken);
        return new DemoPastures(ids[DemoNames.Pastures[0].Name], ids[DemoNames.Pastures[1].Name]);
    }

    /// <summary>
    /// A drawn portrait for every living demo sheep without a photo: painted (both cores at once), put through the same
    /// re-encode as an upload, stored as large and thumbnail, and recorded as an approved photo log.
    /// </summary>
    private async Task SeedPortraitsAsync(CancellationToken cancellationToken)
    {
        List<DemoSheep> flock;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            flock = await DemoFlock(db)
                .Where(s => s.ArchivedAt == null
                    && !db.SheepPhotos.Any(p => p.SheepId == s.Id)
                    && !db.AnimalLogs.Any(l => l.SheepId == s.Id && l.IdempotencyKey == "demo-photo-" + s.Id.ToString()))
                .OrderBy(s => s.Id)
                .Select(s => new DemoSheep(s.Id, s.Breed, s.Sex, s.BirthDate))
                .ToListAsync(cancellationToken);
        }

        if (flock.Count == 0)
        {
            return;
        }

        var started = Stopwatch.GetTimestamp();
        var now = clock.GetUtcNow();
        var cache = DemoPortraitCache.ForThisBuild();
        var logs = new AnimalLog[flock.Count];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellationToken };
        // Each process starts at its own place in the flock: test hosts seeding side by side then share the cache sooner.
        var offset = Environment.ProcessId % flock.Count;
        var painted = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, flock.Count).Select(n => (n + offset) % flock.Count), parallel, async (i, token) =>
        {
            var sheep = flock[i];
            var takenAt = DemoHistory.PhotoTakenAt(sheep, now);
            var day = DateOnly.FromDateTime(takenAt.UtcDateTime);
            var subject = new PortraitSubject(sheep.Id, sheep.Breed, sheep.Sex, SheepAge.Months(sheep.BirthDate, day), SheepPortrait.SeasonOf(day));
            var photo = await cache.GetOrDrawAsync(subject, () =>
            {
                Interlocked.Increment(ref painted);
                using var portrait = SheepPortrait.Draw(subject);
                return PhotoIntake.FromBitmap(portrait.Bitmap).Photo
                    ?? throw new InvalidOperationException($"The portrait of demo sheep {sheep.Id} did not pass photo intake.");
            }, token);

            var hash = Convert.ToHexStringLower(SHA256.HashData(photo.Large))[..12];
            var large = PortraitKey(sheep.Id, hash, 'l');
            var thumbnail = PortraitKey(sheep.Id, hash, 't');
            await files.SaveAsync(large, photo.Large, token);
            await files.SaveAsync(thumbnail, photo.Thumbnail, token);
            logs[i] = new AnimalLog
            {
                SheepId = sheep.Id,
                Kind = LogKind.Photo,
                At = takenAt,
                RecordedAt = takenAt.AddMinutes(30) < now ? takenAt.AddMinutes(30) : now,
                IdempotencyKey = DemoHistory.PhotoKey(sheep.Id),
                Review = ReviewStatus.Approved,
                ReviewedAt = takenAt.AddDays(1) < now ? takenAt.AddDays(1) : now,
                Photos = [new SheepPhoto { SheepId = sheep.Id, LargeKey = large, ThumbnailKey = thumbnail, Width = photo.Width, Height = photo.Height }],
            };
        });

        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            db.AnimalLogs.AddRange(logs);
            await db.SaveChangesAsync(cancellationToken);
        }

        logger.LogInformation("Demo portraits for {Count} sheep in {Seconds:F1} s ({Painted} painted, the rest from the cache of this build).",
            flock.Count, Stopwatch.GetElapsedTime(started).TotalSeconds, painted);
    }

    /// <summary>The sheep this seeder created: those wearing an ear tag from its sequence.</summary>
    private static IQueryable<Sheep> DemoFlock(SponsorshipDbContext db)
    {
        var first = EarTag.ForTaibus(FirstEarTagSequence).Value;
        var last = EarTag.ForTaibus(FirstEarTagSequence + (HouseholdCount * MaxFlockSize) - 1).Value;
        return db.Sheep.Where(s => s.Tags.Any(t => t.Type == IdTagType.NationalEarTag
            && string.Compare(t.Value, first) >= 0 && string.Compare(t.Value, last) <= 0));
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
