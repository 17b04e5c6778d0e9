using Microsoft.EntityFrameworkCore;
using SkiaSharp;
using Sponsorship.Core.Demo;
using Sponsorship.Core.Flock;
using Sponsorship.Core.Identity;

namespace Sponsorship.Core.Tests.Demo;

public class DemoSeederTests(SeededDatabaseWithHistory database) : IClassFixture<SeededDatabaseWithHistory>
{
    [Fact]
    public async Task The_first_run_creates_the_Taibus_programme()
    {
        await using var db = await database.CreateDbContextAsync();

        Assert.InRange(await db.Sheep.CountAsync(), 1_000, 1_500);
        Assert.Equal(DemoSeeder.HouseholdCount, await db.Households.CountAsync());
        Assert.Equal(10, await db.Villages.CountAsync());
        Assert.Contains("边墙村", await db.Villages.Select(v => v.Name).ToListAsync());
        Assert.True(await db.Households.AllAsync(h => db.Sheep.Any(s => s.HouseholdId == h.Id)), "Every household raises sheep.");
        Assert.Equal(3, await db.Sheep.Select(s => s.Breed).Distinct().CountAsync());
        Assert.Equal(0, await db.Sheep.CountAsync(s => s.ArchivedAt != null));
        // Seeding is nobody's action; only last month's payouts, run through the admins' own use cases, are on the trail.
        var admins = await db.Users.Where(u => u.Email == DemoAccounts.Admin.Email || u.Email == DemoAccounts.SecondAdmin.Email).Select(u => u.Id).ToListAsync();
        Assert.All(await db.AuditEntries.Select(e => e.UserId).Distinct().ToListAsync(), user => Assert.Contains(user, admins));

        var today = DateOnly.FromDateTime(database.Clock.GetUtcNow().UtcDateTime);
        var births = await db.Sheep.Select(s => s.BirthDate).ToListAsync();
        Assert.All(births, b => Assert.InRange(b, today.AddYears(-3), today.AddDays(-60)));
    }

    [Fact]
    public async Task Every_sheep_wears_one_valid_unique_ear_tag()
    {
        await using var db = await database.CreateDbContextAsync();
        var tags = await db.IdTags.Select(t => new { t.SheepId, t.Type, t.Value, t.ValidTo }).ToListAsync();

        Assert.Equal(await db.Sheep.CountAsync(), tags.Count);
        Assert.Equal(tags.Count, tags.Select(t => t.SheepId).Distinct().Count());
        Assert.Equal(tags.Count, tags.Select(t => t.Value).Distinct().Count());
        Assert.All(tags, t =>
        {
            Assert.Equal(IdTagType.NationalEarTag, t.Type);
            Assert.Null(t.ValidTo);
            Assert.True(EarTag.TryParse(t.Value, out var tag, out var error), $"{t.Value}: {error}");
            Assert.Equal(EarTag.TaibusCountyCode, tag.Value.CountyCode);
        });
    }

    [Fact]
    public async Task The_six_demo_accounts_exist_with_their_roles()
    {
        await using var db = await database.CreateDbContextAsync();
        var accounts = await (
            from user in db.Users
            join userRole in db.UserRoles on user.Id equals userRole.UserId
            join role in db.Roles on userRole.RoleId equals role.Id
            where user.PasswordHash != null
            select new { user.Email, Role = role.Name, user.EmailConfirmed }).ToListAsync();

        // Besides the accounts one can sign in with, the demo has donors and colleagues without a password.
        Assert.Equal(DemoAccounts.All.Count, await db.Users.CountAsync(u => u.PasswordHash != null));
        Assert.Equal(DemoAccounts.All.Count, accounts.Count);
        foreach (var demo in DemoAccounts.All)
        {
            var account = Assert.Single(accounts, a => a.Email == demo.Email);
            Assert.Equal(demo.Role, account.Role);
            Assert.True(account.EmailConfirmed);
        }

        Assert.Equal(Roles.All.Order(), (await db.Roles.Select(r => r.Name!).ToListAsync()).Order());
    }

    [Fact]
    public async Task The_demo_herders_belong_to_households_1_and_2()
    {
        await using var db = await database.CreateDbContextAsync();
        var households = await db.Households.OrderBy(h => h.Id).Select(h => h.Id).Take(2).ToListAsync();
        var herder = await db.Users.SingleAsync(u => u.Email == DemoAccounts.Herder.Email);
        var secondHerder = await db.Users.SingleAsync(u => u.Email == DemoAccounts.SecondHerder.Email);

        Assert.Equal(households[0], herder.HerderHouseholdId);
        Assert.Equal(households[1], secondHerder.HerderHouseholdId);
        Assert.Equal(0, await db.Users.CountAsync(u => u.HerderHouseholdId != null && u.Email != herder.Email && u.Email != secondHerder.Email));
    }

    [Fact]
    public async Task Every_living_sheep_has_one_approved_portrait_stored_as_large_and_thumbnail_jpegs()
    {
        await using var db = await database.CreateDbContextAsync();
        var living = await db.Sheep.Where(s => s.ArchivedAt == null).Select(s => s.Id).ToListAsync();
        var photos = await db.SheepPhotos
            .Join(db.AnimalLogs, p => p.LogId, l => l.Id, (p, l) => new { p.SheepId, LogSheepId = l.SheepId, l.Kind, l.Review, l.IdempotencyKey, l.At, l.RecordedByUserId, p.LargeKey, p.ThumbnailKey, p.Width, p.Height })
            .ToListAsync();

        Assert.Equal(living.Order(), photos.Select(p => p.SheepId).Order());
        var now = database.Clock.GetUtcNow();
        Assert.All(photos, p =>
        {
            Assert.Equal(p.SheepId, p.LogSheepId);
            Assert.Equal(LogKind.Photo, p.Kind);
            Assert.Equal(ReviewStatus.Approved, p.Review);
            Assert.Equal($"demo-photo-{p.SheepId}", p.IdempotencyKey);
            Assert.Null(p.RecordedByUserId);
            Assert.InRange(p.At, now.AddDays(-310), now);
            Assert.Equal((SheepPortrait.Width, SheepPortrait.Height), (p.Width, p.Height));
            Assert.StartsWith($"photos/demo/{p.SheepId}-", p.LargeKey, StringComparison.Ordinal);
            Assert.EndsWith("-l.jpg", p.LargeKey, StringComparison.Ordinal);
            Assert.Equal(p.LargeKey.Replace("-l.jpg", "-t.jpg", StringComparison.Ordinal), p.ThumbnailKey);
        });
        Assert.Equal(photos.Count, await db.AnimalLogs.CountAsync(l => l.Kind == LogKind.Photo));

        // Every file is there and is a JPEG; a sample is decoded in full at the sizes recorded.
        foreach (var (photo, i) in photos.Select((p, i) => (p, i)))
        {
            var large = await ReadAsync(photo.LargeKey);
            var thumbnail = await ReadAsync(photo.ThumbnailKey);
            Assert.True(PhotoIntake.LooksLikeAllowedImage(large) && large[0] == 0xFF, photo.LargeKey);
            Assert.True(PhotoIntake.LooksLikeAllowedImage(thumbnail) && thumbnail[0] == 0xFF, photo.ThumbnailKey);
            if (i % 97 == 0)
            {
                using var decodedLarge = SKBitmap.Decode(large);
                using var decodedThumbnail = SKBitmap.Decode(thumbnail);
                Assert.Equal((photo.Width, photo.Height), (decodedLarge.Width, decodedLarge.Height));
                Assert.Equal((PhotoIntake.ThumbnailWidth, PhotoIntake.ThumbnailHeight), (decodedThumbnail.Width, decodedThumbnail.Height));
            }
        }

        Assert.Equal(photos.Count * 2, Directory.GetFiles(Path.Combine(database.Files.Root, "photos", "demo")).Length);
    }

    [Fact]
    public async Task Every_sheep_has_four_to_eight_approved_weighings_that_grow_on_average()
    {
        await using var db = await database.CreateDbContextAsync();
        var sheep = await db.Sheep.Select(s => new { s.Id, s.BirthDate }).ToDictionaryAsync(s => s.Id);
        var weighings = (await db.AnimalLogs.Where(l => l.Kind == LogKind.Weighing)
                .Select(l => new { l.SheepId, l.At, l.QuantityKg, l.Review, l.IdempotencyKey, l.RecordedByUserId })
                .ToListAsync())
            .GroupBy(l => l.SheepId)
            .ToDictionary(g => g.Key, g => g.OrderBy(l => l.At).ToList());

        Assert.Equal(sheep.Keys.Order(), weighings.Keys.Order());
        var now = database.Clock.GetUtcNow();
        var gains = new List<decimal>();
        foreach (var (id, logs) in weighings)
        {
            Assert.InRange(logs.Count, 4, 8);
            Assert.Equal(Enumerable.Range(1, logs.Count).Select(n => $"demo-weigh-{id}-{n}"), logs.Select(l => l.IdempotencyKey));
            Assert.All(logs, l =>
            {
                Assert.Equal(ReviewStatus.Approved, l.Review);
                Assert.Null(l.RecordedByUserId);
                Assert.InRange(l.QuantityKg!.Value, 3m, 100m);
                Assert.InRange(DateOnly.FromDateTime(l.At.UtcDateTime), sheep[id].BirthDate, DateOnly.FromDateTime(now.UtcDateTime));
            });
            gains.Add(logs[^1].QuantityKg!.Value - logs[0].QuantityKg!.Value);
        }

        Assert.True(gains.Average() > 2, $"Average gain {gains.Average():F1} kg");
        Assert.True(gains.Count(g => g > 0) > gains.Count * 0.7, "Most sheep gain weight over the months shown.");
    }

    [Fact]
    public async Task Some_sheep_were_moved_shorn_and_seen_by_a_vet()
    {
        await using var db = await database.CreateDbContextAsync();
        var count = await db.Sheep.CountAsync();
        var shearings = await db.AnimalLogs.Where(l => l.Kind == LogKind.Shearing).Select(l => new { l.At, l.QuantityKg }).ToListAsync();
        var moves = await db.AnimalLogs.Where(l => l.Kind == LogKind.Movement).Select(l => new { l.Pasture, l.NamedPasture }).ToListAsync();
        var visits = await db.AnimalLogs.Where(l => l.Kind == LogKind.Medical).Select(l => new { l.Vet, l.Notes }).ToListAsync();

        Assert.InRange(shearings.Count, count / 5, count);
        Assert.All(shearings, s =>
        {
            Assert.Equal(6, s.At.Month);
            Assert.InRange(s.QuantityKg!.Value, 1m, 4m);
        });
        Assert.InRange(moves.Count, count / 4, count * 2);
        // Each move names one of the programme's pastures, so pages say it in the reader's language.
        Assert.All(moves, m => Assert.Null(m.Pasture));
        Assert.Contains(moves, m => m.NamedPasture is { Name: "夏季草场", NameLatin: "Summer pasture" });
        Assert.Contains(moves, m => m.NamedPasture is { Name: "秋季草场", NameLatin: "Autumn pasture" });
        Assert.InRange(visits.Count, count / 5, count);
        Assert.All(visits, v => Assert.False(string.IsNullOrWhiteSpace(v.Vet)));
        Assert.Equal(0, await db.AnimalLogs.CountAsync(l => l.Review != ReviewStatus.Approved));
    }

    [Fact]
    public async Task A_second_run_adds_nothing()
    {
        var before = await CountAllAsync();

        await database.SeedDemoAsync(withHistory: true, withMoneyCycle: true);

        Assert.Equal(before, await CountAllAsync());
    }

    private async Task<byte[]> ReadAsync(string key)
    {
        await using var stream = await database.Files.OpenReadAsync(key);
        Assert.NotNull(stream);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }

    private async Task<(int Villages, int Households, int Sheep, int Tags, int Users, int UserRoles, int Roles, int Logs, int Photos, int Files)> CountAllAsync()
    {
        await using var db = await database.CreateDbContextAsync();
        return (await db.Villages.CountAsync(), await db.Households.CountAsync(), await db.Sheep.CountAsync(),
            await db.IdTags.CountAsync(), await db.Users.CountAsync(), await db.UserRoles.CountAsync(), await db.Roles.CountAsync(),
            await db.AnimalLogs.CountAsync(), await db.SheepPhotos.CountAsync(),
            Directory.GetFiles(database.Files.Root, "*", SearchOption.AllDirectories).Length);
    }
}
