using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Adoptions;
using Sponsorship.Core.Demo;
using Sponsorship.Core.Flock;
using Sponsorship.Core.Mail;
using Sponsorship.Testing;

namespace Sponsorship.Core.Tests.Mail;

/// <summary>
/// The October digest (queued on 1 November… here the test clock's 29 November) against the growth updates of the same
/// sheep: a digest goes only where no growth update brought October news, so the two never contradict each other.
/// </summary>
public class MonthlyDigestTests : IAsyncLifetime
{
    private static readonly DateTimeOffset September1 = new(2026, 9, 1, 0, 0, 0, TimeSpan.Zero);
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
        await using var db = await database.CreateDbContextAsync();
        await db.Adoptions.ExecuteUpdateAsync(s => s.SetProperty(a => a.Status, AdoptionStatus.Ended));
        await db.OutboxMails.ExecuteDeleteAsync();
    }

    public Task DisposeAsync() => database.DisposeAsync();

    [Fact]
    public async Task No_October_digest_says_no_news_beside_a_growth_update_that_reports_October_news()
    {
        Assert.Equal("2026-10", MonthlyDigest.CoveredMonth(database.Clock.GetUtcNow(), database.Calendar));
        var review = new LogReview(database.DbFactory, database.Clock);

        // Weighed on 28 October, still waiting for review when the digests are made; approved afterwards.
        var (lateReviewed, lateReviewedAdoption) = await AdoptedSheepAsync(0);
        var october28 = await flock.AddLogAsync(lateReviewed, LogKind.Weighing, new DateTimeOffset(2026, 10, 28, 2, 0, 0, TimeSpan.Zero), ReviewStatus.Pending, kg: 44m);

        // Weighed on 29 September and approved in October: October's growth update reported it.
        var (septemberNews, septemberNewsAdoption) = await AdoptedSheepAsync(1);
        var september29 = await flock.AddLogAsync(septemberNews, LogKind.Weighing, new DateTimeOffset(2026, 9, 29, 2, 0, 0, TimeSpan.Zero), ReviewStatus.Pending, kg: 40m);
        await review.ApproveAsync([september29.LogId], adminId);
        await using (var db = await database.CreateDbContextAsync())
        {
            await db.OutboxMails.ExecuteUpdateAsync(s => s
                .SetProperty(m => m.CreatedAt, new DateTimeOffset(2026, 10, 3, 2, 0, 0, TimeSpan.Zero))
                .SetProperty(m => m.Status, OutboxStatus.Sent));
        }

        // Nothing at all in October, and a weighing that was rejected.
        var (quiet, quietAdoption) = await AdoptedSheepAsync(2);
        await flock.AddLogAsync(quiet, LogKind.Weighing, new DateTimeOffset(2026, 10, 15, 2, 0, 0, TimeSpan.Zero), ReviewStatus.Rejected, kg: 90m);

        Assert.Equal(1, await new MonthlyDigest(database.DbFactory, database.Calendar).RunAsync());
        await review.ApproveAsync([october28.LogId], adminId);

        var mails = await MailsAsync();
        var digest = Assert.Single(mails, m => m.Kind == MailKinds.MonthlyDigest);
        Assert.Equal(quietAdoption, ((MonthlyDigestPayload)MailPayload.Read(digest)).AdoptionId);

        // What each growth update will show when it renders: October news for one, a September weighing for the other.
        var content = new MailContent(database.DbFactory);
        var growth = mails.Where(m => m.Kind == MailKinds.GrowthUpdate).Select(m => (GrowthUpdatePayload)MailPayload.Read(m)).ToList();
        Assert.Equal([lateReviewedAdoption, septemberNewsAdoption], growth.Select(g => g.AdoptionId).Order());
        var late = await content.NewsAsync(lateReviewed, growth.Single(g => g.AdoptionId == lateReviewedAdoption).Since, null);
        Assert.Equal([october28.LogId], late.Logs.Select(l => l.Id));
        var (start, end) = database.Calendar.MonthBounds("2026-10");
        Assert.All(late.Logs, l => Assert.InRange(l.At, start, end));
        Assert.DoesNotContain(mails, m => m.Kind == MailKinds.MonthlyDigest && ((MonthlyDigestPayload)MailPayload.Read(m)).AdoptionId != quietAdoption);
    }

    private async Task<(int SheepId, int AdoptionId)> AdoptedSheepAsync(int index)
    {
        var (sheepId, _) = await flock.LivingSheepAsync(await flock.HouseholdIdAsync(1), index);
        await using (var db = await database.CreateDbContextAsync())
        {
            // The demo's history of the sheep would be October news of its own: only this test's records count.
            await db.AnimalLogs.Where(l => l.SheepId == sheepId).ExecuteUpdateAsync(s => s.SetProperty(l => l.Review, ReviewStatus.Rejected));
        }

        return (sheepId, await adoptions.ActiveAdoptionAsync(sheepId, sponsorId, September1));
    }

    private async Task<List<OutboxMail>> MailsAsync()
    {
        await using var db = await database.CreateDbContextAsync();
        return await db.OutboxMails.AsNoTracking().OrderBy(m => m.Id).ToListAsync();
    }
}
