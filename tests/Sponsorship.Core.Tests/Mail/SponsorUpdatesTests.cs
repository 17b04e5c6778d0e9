using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Sponsorship.Core.Adoptions;
using Sponsorship.Core.Demo;
using Sponsorship.Core.Flock;
using Sponsorship.Core.Jobs;
using Sponsorship.Core.Mail;
using Sponsorship.Testing;

namespace Sponsorship.Core.Tests.Mail;

/// <summary>What approval queues for the sponsor: weekly batched growth updates, milestones at once, the death notice.</summary>
public class SponsorUpdatesTests : IAsyncLifetime
{
    private readonly TestDatabase database = new();
    private FlockTestData flock = null!;
    private AdoptionTestData adoptions = null!;
    private string adminId = "";
    private string sponsorId = "";

    public async Task InitializeAsync()
    {
        await database.InitializeAsync();
        await database.SeedDemoAsync();
        flock = new FlockTestData(database.DbFactory, database.Files);
        adoptions = new AdoptionTestData(database.DbFactory);
        adminId = await adoptions.UserIdAsync(DemoAccounts.Admin.Email);
        sponsorId = await adoptions.UserIdAsync(DemoAccounts.Sponsor.Email);

        // Each test counts the mail its own adoptions cause: end the demo's adoptions and drop their confirmations.
        await using var db = await database.CreateDbContextAsync();
        await db.Adoptions.ExecuteUpdateAsync(s => s.SetProperty(a => a.Status, AdoptionStatus.Ended));
        await db.OutboxMails.ExecuteDeleteAsync();
    }

    public Task DisposeAsync() => database.DisposeAsync();

    [Fact]
    public async Task An_approved_weighing_queues_one_growth_update_later_logs_join_it_and_the_next_waits_seven_days()
    {
        var (sheepId, adoptionId) = await AdoptedSheepAsync();
        var review = new LogReview(database.DbFactory, database.Clock);
        var t0 = database.Clock.GetUtcNow();

        var first = await flock.AddLogAsync(sheepId, LogKind.Weighing, t0.AddDays(-1), ReviewStatus.Pending, kg: 41.5m);
        await review.ApproveAsync([first.LogId], adminId);
        var queued = Assert.Single(await MailsAsync());
        Assert.Equal(MailKinds.GrowthUpdate, queued.Kind);
        Assert.Equal(DemoAccounts.Sponsor.Email, queued.ToEmail);
        Assert.Equal(sponsorId, queued.RecipientUserId);
        Assert.Equal(t0, queued.NextAttemptAt);
        Assert.StartsWith(SponsorUpdates.WindowKeyPrefix(adoptionId), queued.DedupeKey, StringComparison.Ordinal);

        // Still waiting: a second approval joins the same mail.
        var second = await flock.AddLogAsync(sheepId, LogKind.Photo, t0, ReviewStatus.Pending);
        database.Clock.Advance(TimeSpan.FromHours(1));
        await review.ApproveAsync([second.LogId], adminId);
        Assert.Single(await MailsAsync());

        // Once it went, the next news waits until seven days after it.
        await using (var db = await database.CreateDbContextAsync())
        {
            await db.OutboxMails.ExecuteUpdateAsync(s => s.SetProperty(m => m.Status, OutboxStatus.Sent));
        }

        var third = await flock.AddLogAsync(sheepId, LogKind.Weighing, t0.AddHours(2), ReviewStatus.Pending, kg: 42m);
        database.Clock.Advance(TimeSpan.FromDays(2));
        await review.ApproveAsync([third.LogId], adminId);
        var mails = await MailsAsync();
        Assert.Equal(2, mails.Count);
        Assert.Equal(t0 + SponsorUpdates.Window, mails[1].NextAttemptAt);
        Assert.Equal(OutboxStatus.Pending, mails[1].Status);
    }

    [Fact]
    public async Task A_health_event_goes_at_once_and_a_death_sends_the_death_notice_even_with_updates_turned_off()
    {
        var (sheepId, adoptionId) = await AdoptedSheepAsync();
        var review = new LogReview(database.DbFactory, database.Clock);
        var now = database.Clock.GetUtcNow();
        var weighing = await flock.AddLogAsync(sheepId, LogKind.Weighing, now, ReviewStatus.Pending, kg: 40m);
        var medical = await flock.AddLogAsync(sheepId, LogKind.Medical, now, ReviewStatus.Pending);
        await review.ApproveAsync([weighing.LogId, medical.LogId], adminId);
        var mails = await MailsAsync();
        Assert.Equal(2, mails.Count);
        Assert.All(mails, m => Assert.Equal((MailKinds.GrowthUpdate, now), (m.Kind, m.NextAttemptAt)));
        Assert.Contains(mails, m => m.DedupeKey!.StartsWith($"growth:{adoptionId}:log:", StringComparison.Ordinal));

        await new MailPreferences(database.DbFactory, new UnsubscribeLinks(new EphemeralDataProtectionProvider()), database.Clock)
            .SaveAsync(sponsorId, new MailChoices(GrowthUpdates: false, MonthlyDigest: true));
        var photo = await flock.AddLogAsync(sheepId, LogKind.Photo, now, ReviewStatus.Pending);
        var death = await flock.AddLogAsync(sheepId, LogKind.Death, now, ReviewStatus.Pending, removalReason: RemovalReason.NaturalDeath);
        await review.ApproveAsync([photo.LogId, death.LogId], adminId);

        mails = await MailsAsync();
        Assert.Equal(3, mails.Count);
        Assert.Equal(MailKinds.DeathNotice, mails[2].Kind);
        Assert.StartsWith($"death:{adoptionId}:", mails[2].DedupeKey, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rejected_log_or_a_sheep_without_an_active_adoption_sends_nothing()
    {
        var (sheepId, _) = await AdoptedSheepAsync();
        var (otherSheep, _) = await flock.LivingSheepAsync(await flock.HouseholdIdAsync(2), 3);
        var review = new LogReview(database.DbFactory, database.Clock);
        var now = database.Clock.GetUtcNow();
        var rejected = await flock.AddLogAsync(sheepId, LogKind.Weighing, now, ReviewStatus.Pending, kg: 40m);
        var unadopted = await flock.AddLogAsync(otherSheep, LogKind.Weighing, now, ReviewStatus.Pending, kg: 40m);

        await review.RejectAsync([rejected.LogId], adminId);
        await review.ApproveAsync([unadopted.LogId], adminId);

        Assert.Empty(await MailsAsync());
    }

    [Fact]
    public async Task A_trusted_households_weighing_queues_the_update_in_the_same_save_and_a_resent_entry_does_not_queue_twice()
    {
        var (sheepId, _) = await AdoptedSheepAsync();
        await using (var db = await database.CreateDbContextAsync())
        {
            await db.Households.Where(h => h.Id == db.Sheep.Where(s => s.Id == sheepId).Select(s => s.HouseholdId).First())
                .ExecuteUpdateAsync(s => s.SetProperty(h => h.Trusted, true));
        }

        var herderId = await adoptions.UserIdAsync(DemoAccounts.Herder.Email);
        var logbook = new HerderLogbook(database.DbFactory, database.Files, database.Calendar);
        var entry = new WeighingEntry("trusted-weighing-1", sheepId, database.Calendar.Today, 43.2m);

        Assert.True((await logbook.RecordWeighingAsync(herderId, entry)).Succeeded);
        Assert.True((await logbook.RecordWeighingAsync(herderId, entry)).Succeeded);

        var mail = Assert.Single(await MailsAsync());
        Assert.Equal(MailKinds.GrowthUpdate, mail.Kind);
    }

    [Fact]
    public async Task The_monthly_digest_goes_once_to_quiet_sheep_only()
    {
        var (quietSheep, quietAdoption) = await AdoptedSheepAsync(index: 0, start: new DateTimeOffset(2026, 9, 1, 0, 0, 0, TimeSpan.Zero));
        var (busySheep, _) = await AdoptedSheepAsync(index: 1, start: new DateTimeOffset(2026, 9, 1, 0, 0, 0, TimeSpan.Zero));
        await flock.AddLogAsync(busySheep, LogKind.Weighing, new DateTimeOffset(2026, 10, 12, 3, 0, 0, TimeSpan.Zero), kg: 39m);
        await flock.AddLogAsync(quietSheep, LogKind.Weighing, new DateTimeOffset(2026, 9, 20, 3, 0, 0, TimeSpan.Zero), kg: 38m);
        var digest = new MonthlyDigest(database.DbFactory, database.Calendar);
        var runner = new JobRunner(
            [digest], database.DbFactory, database.Calendar, Options.Create(new JobsOptions()), NullLogger<JobRunner>.Instance);

        Assert.Equal("2026-10", MonthlyDigest.CoveredMonth(database.Clock.GetUtcNow(), database.Calendar));
        Assert.Single(await runner.RunDueAsync("first", new SettledPeriods()));
        Assert.Empty(await runner.RunDueAsync("second", new SettledPeriods()));
        Assert.Equal(0, await digest.RunAsync());

        var mail = Assert.Single(await MailsAsync());
        Assert.Equal(MailKinds.MonthlyDigest, mail.Kind);
        Assert.Equal($"digest:{quietAdoption}:2026-10", mail.DedupeKey);
        await using var db = await database.CreateDbContextAsync();
        var run = await db.JobRuns.SingleAsync(r => r.Job == MonthlyDigest.Job);
        Assert.Equal(("2026-11", "1 digests queued", "first"), (run.Period, run.Outcome, run.Holder));
    }

    [Fact]
    public async Task An_unsubscribe_link_works_once_verified_and_a_tampered_one_is_refused()
    {
        var links = new UnsubscribeLinks(new EphemeralDataProtectionProvider());
        var preferences = new MailPreferences(database.DbFactory, links, database.Clock);
        var token = links.Token(sponsorId, MailList.GrowthUpdates);
        var tampered = token[..^3] + (token[^3] == 'A' ? "B" : "A") + token[^2..];

        Assert.Equal(new UnsubscribeRequest(sponsorId, MailList.GrowthUpdates), links.Read(token));
        Assert.Null(links.Read(tampered));
        Assert.Null(links.Read("not-a-token"));
        Assert.Null(new UnsubscribeLinks(new EphemeralDataProtectionProvider()).Read(token));
        Assert.False(await preferences.UnsubscribeAsync(tampered));
        Assert.Equal(new MailChoices(true, true), await preferences.GetAsync(sponsorId));

        Assert.True(await preferences.UnsubscribeAsync(token));
        Assert.True(await preferences.UnsubscribeAsync(token));
        Assert.Equal(new MailChoices(false, true), await preferences.GetAsync(sponsorId));
    }

    private async Task<(int SheepId, int AdoptionId)> AdoptedSheepAsync(int index = 0, DateTimeOffset? start = null)
    {
        var (sheepId, _) = await flock.LivingSheepAsync(await flock.HouseholdIdAsync(1), index);
        var adoptionId = await adoptions.ActiveAdoptionAsync(sheepId, sponsorId, start ?? database.Clock.GetUtcNow().AddDays(-30));
        return (sheepId, adoptionId);
    }

    private async Task<List<OutboxMail>> MailsAsync()
    {
        await using var db = await database.CreateDbContextAsync();
        return await db.OutboxMails.AsNoTracking().OrderBy(m => m.Id).ToListAsync();
    }
}
