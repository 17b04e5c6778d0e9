using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Sponsorship.Core.Adoptions;
using Sponsorship.Core.Data;
using Sponsorship.Core.Demo;
using Sponsorship.Core.Flock;
using Sponsorship.Core.Payments;
using Sponsorship.Core.Programme;
using Sponsorship.Core.Storage;
using Sponsorship.Testing;

namespace Sponsorship.Web.Tests.Operations;

/// <summary>The single-instance installation's backup, taken while people use it, restored and started elsewhere.</summary>
public sealed class BackupRestoreTests
{
    [Fact]
    public async Task A_backup_of_a_busy_instance_restores_into_an_empty_folder_and_the_app_started_on_it_has_every_adoption_ledger_entry_and_photo()
    {
        using var running = new Instance(Folder());
        running.CreateClient();
        var before = await PhotographAndAdoptAsync(running, rounds: 3);

        // Adoptions keep coming in while the backup is taken.
        using var stop = new CancellationTokenSource();
        var writer = Task.Run(async () =>
        {
            var adopted = 0;
            while (!stop.IsCancellationRequested)
            {
                await AdoptAsync(running);
                adopted++;
            }

            return adopted;
        });
        await WaitUntilAsync(async () => await CountAsync(running, db => db.LedgerEntries.CountAsync()) > before.LedgerEntries);
        var backup = await Backups.CreateAsync(
            running.DataDirectory, $"Data Source={running.DatabasePath};Pooling=True", Path.Combine(running.DataDirectory, "backups"),
            TimeProvider.System.GetUtcNow());
        await stop.CancelAsync();
        Assert.True(await writer > 0);
        var after = await CountsAsync(running);

        // Not into the folder the app runs on.
        var refused = await Assert.ThrowsAsync<RestoreRefusedException>(() =>
            Backups.RestoreAsync(backup.Archive, running.DataDirectory, replace: true, TimeProvider.System.GetUtcNow()));
        Assert.Contains("running", refused.Message, StringComparison.Ordinal);

        var target = Folder();
        var restored = await Backups.RestoreAsync(backup.Archive, target, replace: false, TimeProvider.System.GetUtcNow());
        Assert.True(restored.Ledger.IsIntact);

        using var started = new Instance(target);
        var client = started.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
        var found = await CountsAsync(started);
        Assert.InRange(found.Adoptions, before.Adoptions + 1, after.Adoptions);
        Assert.InRange(found.LedgerEntries, before.LedgerEntries + 1, after.LedgerEntries);
        Assert.Equal(before.Photos, found.Photos);
        await using var scope = started.Services.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<SponsorshipDbContext>>().CreateDbContextAsync();
        var store = scope.ServiceProvider.GetRequiredService<IFileStore>();
        foreach (var photo in await db.SheepPhotos.AsNoTracking().ToListAsync())
        {
            await using var large = await store.OpenReadAsync(photo.LargeKey);
            await using var thumbnail = await store.OpenReadAsync(photo.ThumbnailKey);
            Assert.True(large is { Length: > 1_000 } && thumbnail is { Length: > 100 }, $"photo {photo.Id} was not restored");
        }

        // Every adoption that was there before the backup began, with the payment that made it.
        foreach (var id in before.AdoptionIds)
        {
            Assert.True(await db.Adoptions.AnyAsync(a => a.Id == id && a.Status == AdoptionStatus.Active), $"adoption {id} is missing");
        }
    }

    [Fact]
    public async Task A_damaged_archive_or_a_folder_that_holds_data_is_refused()
    {
        using var running = new Instance(Folder());
        running.CreateClient();
        var backup = await Backups.CreateAsync(
            running.DataDirectory, $"Data Source={running.DatabasePath};Pooling=True", Folder(), TimeProvider.System.GetUtcNow());
        var damaged = Path.Combine(Folder(), Path.GetFileName(backup.Archive));
        Directory.CreateDirectory(Path.GetDirectoryName(damaged)!);
        var bytes = await File.ReadAllBytesAsync(backup.Archive);
        bytes[bytes.Length / 2] ^= 0xFF;
        await File.WriteAllBytesAsync(damaged, bytes);
        File.Copy(backup.Archive + Backups.ChecksumSuffix, damaged + Backups.ChecksumSuffix);
        var target = Folder();

        var checksum = await Assert.ThrowsAsync<RestoreRefusedException>(() => Backups.RestoreAsync(damaged, target, false, TimeProvider.System.GetUtcNow()));
        await Backups.RestoreAsync(backup.Archive, target, false, TimeProvider.System.GetUtcNow());
        var holdsData = await Assert.ThrowsAsync<RestoreRefusedException>(() => Backups.RestoreAsync(backup.Archive, target, false, TimeProvider.System.GetUtcNow()));
        var replaced = await Backups.RestoreAsync(backup.Archive, target, replace: true, TimeProvider.System.GetUtcNow());

        Assert.Contains("checksum", checksum.Message, StringComparison.Ordinal);
        Assert.Contains("already holds a database", holdsData.Message, StringComparison.Ordinal);
        Assert.True(replaced.Ledger.IsIntact);
        Assert.Equal(
            (await File.ReadAllTextAsync(backup.Archive + Backups.ChecksumSuffix)).Split(' ')[0],
            Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(await File.ReadAllBytesAsync(backup.Archive))));
    }

    private static string Folder() => Path.Combine(Path.GetTempPath(), "sponsorship-tests", Guid.NewGuid().ToString("N"));

    private sealed record Counts(int Adoptions, int LedgerEntries, int Photos, IReadOnlyList<int> AdoptionIds);

    private static async Task<Counts> PhotographAndAdoptAsync(Instance app, int rounds)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        await using var db = await services.GetRequiredService<IDbContextFactory<SponsorshipDbContext>>().CreateDbContextAsync();
        var herder = await db.Users.Where(u => u.Email == DemoAccounts.Herder.Email).Select(u => new { u.Id, u.HerderHouseholdId }).SingleAsync();
        var sheep = await db.Sheep.Where(s => s.HouseholdId == herder.HerderHouseholdId && s.ArchivedAt == null).OrderBy(s => s.Id).Select(s => s.Id).Take(rounds).ToListAsync();
        var logbook = services.GetRequiredService<HerderLogbook>();
        foreach (var id in sheep)
        {
            using var photo = new MemoryStream(TestPhotos.Jpeg());
            var result = await logbook.AddPhotosAsync(herder.Id, new PhotoEntry(Guid.NewGuid().ToString("N"), id, services.GetRequiredService<ProgrammeCalendar>().Today, [new PhotoUpload("IMG.jpg", photo)]));
            Assert.Equal(LogbookOutcome.Recorded, result.Outcome);
        }

        for (var i = 0; i < rounds; i++)
        {
            await AdoptAsync(app);
        }

        return await CountsAsync(app);
    }

    private static async Task AdoptAsync(Instance app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        await using var db = await services.GetRequiredService<IDbContextFactory<SponsorshipDbContext>>().CreateDbContextAsync();
        var sponsor = await db.Users.Where(u => u.Email == DemoAccounts.Sponsor.Email).Select(u => u.Id).SingleAsync();
        var plan = await db.AdoptionPlans.Where(p => p.IsActive).OrderBy(p => p.Id).FirstAsync();
        var held = db.Adoptions.Where(Adoption.HoldsSheep).Select(a => a.SheepId);
        var sheepId = await db.Sheep.Where(s => s.ArchivedAt == null && !held.Contains(s.Id)).OrderByDescending(s => s.Id).Select(s => s.Id).FirstAsync();
        var placed = await services.GetRequiredService<Checkout>().PlaceAsync(
            new CheckoutRequest(sheepId, plan.Id, "李喆", EndOfTermOptions.KeepForBreeding, DeathPolicy.Replacement, SandboxPayments.ProviderName, "zh-CN", Guid.NewGuid().ToString("N")),
            sponsor, "/my");
        Assert.True(placed.Succeeded, placed.Error.ToString());
        var sandbox = services.GetRequiredService<SandboxPayments>();
        var (body, signature) = sandbox.Event("payment.captured", placed.PaymentReference, plan.PriceFen, "CNY");
        var notice = sandbox.ReadWebhook(body, _ => signature).Notice!;
        Assert.Equal(PaymentEvents.ActivatedOutcome, (await services.GetRequiredService<PaymentEvents>().HandleAsync(notice, body)).Outcome);
    }

    private static async Task<Counts> CountsAsync(Instance app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<SponsorshipDbContext>>().CreateDbContextAsync();
        return new Counts(
            await db.Adoptions.CountAsync(), await db.LedgerEntries.CountAsync(), await db.SheepPhotos.CountAsync(),
            await db.Adoptions.Where(a => a.Status == AdoptionStatus.Active).Select(a => a.Id).ToListAsync());
    }

    private static async Task<int> CountAsync(Instance app, Func<SponsorshipDbContext, Task<int>> count)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<SponsorshipDbContext>>().CreateDbContextAsync();
        return await count(db);
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The writes did not start.");
            await Task.Delay(20);
        }
    }

    private sealed class Instance(string folder) : SponsorshipAppFactory(folder);
}
