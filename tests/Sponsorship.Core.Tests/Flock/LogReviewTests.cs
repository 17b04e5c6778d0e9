using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Data;
using Sponsorship.Core.Demo;
using Sponsorship.Core.Flock;

namespace Sponsorship.Core.Tests.Flock;

public class LogReviewTests(SeededDatabase database) : IClassFixture<SeededDatabase>
{
    private readonly LogReview review = new(database.DbFactory, database.Clock);

    [Fact]
    public async Task Pending_logs_are_listed_newest_first_with_their_sheep_household_and_photos()
    {
        var older = await AddLogAsync(LogKind.Weighing, recordedMinutesAgo: 30, quantity: 41.5m);
        var newer = await AddLogAsync(LogKind.Photo, recordedMinutesAgo: 5, photos: 2);
        var approved = await AddLogAsync(LogKind.Note, recordedMinutesAgo: 1, status: ReviewStatus.Approved);

        var page = await review.PendingAsync(0, LogReview.MaxPageSize);

        var ids = page.Items.Select(i => i.Id).ToList();
        Assert.DoesNotContain(approved, ids);
        Assert.True(ids.IndexOf(newer) < ids.IndexOf(older));
        Assert.Equal(page.Total, await review.PendingCountAsync());
        var weighing = page.Items.Single(i => i.Id == older);
        Assert.Equal((LogKind.Weighing, 41.5m), (weighing.Kind, weighing.QuantityKg!.Value));
        Assert.True(EarTag.TryParse(weighing.EarTag, out _, out _));
        Assert.False(string.IsNullOrEmpty(weighing.HeadName));
        Assert.Equal(2, page.Items.Single(i => i.Id == newer).PhotoIds.Count);
    }

    [Fact]
    public async Task A_pending_weighing_comes_with_the_weight_approved_before_it_and_the_last_approved_photo()
    {
        var now = database.Clock.GetUtcNow();
        await using (var db = await database.CreateDbContextAsync())
        {
            var sheepId = await db.Sheep.Where(s => s.ArchivedAt == null).OrderBy(s => s.Id).Skip(5).Select(s => s.Id).FirstAsync();
            db.AnimalLogs.AddRange(
                Log(sheepId, LogKind.Weighing, now.AddDays(-30), ReviewStatus.Approved, 38m),
                Log(sheepId, LogKind.Weighing, now.AddDays(-3), ReviewStatus.Approved, 40m),
                Log(sheepId, LogKind.Weighing, now.AddDays(-2), ReviewStatus.Rejected, 90m),
                Log(sheepId, LogKind.Photo, now.AddDays(-2), ReviewStatus.Approved, photos: 1),
                Log(sheepId, LogKind.Weighing, now.AddDays(-1), ReviewStatus.Pending, 50m, note: "unusual"),
                Log(sheepId, LogKind.Weighing, now.AddDays(-4), ReviewStatus.Pending, 39m, note: "usual"));
            await db.SaveChangesAsync();
        }

        var items = (await review.PendingAsync(0, LogReview.MaxPageSize)).Items;

        var unusual = items.Single(i => i.Notes == "unusual");
        Assert.Equal((40m, now.AddDays(-3), 10m, true), (unusual.PreviousKg, unusual.PreviousWeighedAt!.Value, unusual.ChangeKg, unusual.ChangeIsUnusual));
        Assert.NotNull(unusual.PreviousPhotoId);
        var usual = items.Single(i => i.Notes == "usual");
        Assert.Equal((38m, 1m, false), (usual.PreviousKg, usual.ChangeKg, usual.ChangeIsUnusual));
        Assert.Equal(unusual.PreviousPhotoId, usual.PreviousPhotoId);
    }

    [Fact]
    public async Task Approving_makes_a_log_visible_records_who_and_when_and_leaves_the_queue()
    {
        var admin = await UserIdAsync(DemoAccounts.Admin.Email);
        var id = await AddLogAsync(LogKind.Weighing, recordedMinutesAgo: 10, quantity: 38m);

        var result = await review.ApproveAsync([id], admin);

        Assert.Equal((ReviewError.None, 1, 0), (result.Error, result.Changed, result.Skipped));
        var log = await LogAsync(id);
        Assert.Equal((ReviewStatus.Approved, admin, (DateTimeOffset?)database.Clock.GetUtcNow()), (log.Review, log.ReviewedByUserId, log.ReviewedAt));
        Assert.DoesNotContain((await review.PendingAsync(0, LogReview.MaxPageSize)).Items, i => i.Id == id);

        await using var db = await database.CreateDbContextAsync();
        var audit = await db.AuditEntries.SingleAsync(a => a.Entity == nameof(AnimalLog) && a.Key == id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal((admin, AuditAction.Modified), (audit.UserId, audit.Action));
    }

    [Fact]
    public async Task Approving_twice_changes_nothing_the_second_time()
    {
        var first = await UserIdAsync(DemoAccounts.Admin.Email);
        var second = await UserIdAsync(DemoAccounts.SecondAdmin.Email);
        var id = await AddLogAsync(LogKind.Note, recordedMinutesAgo: 3);
        Assert.Equal(1, (await review.ApproveAsync([id], first)).Changed);
        var reviewedAt = (await LogAsync(id)).ReviewedAt;
        database.Clock.Advance(TimeSpan.FromMinutes(5));

        var again = await review.ApproveAsync([id], second);

        Assert.Equal((0, 1), (again.Changed, again.Skipped));
        var log = await LogAsync(id);
        Assert.Equal((first, reviewedAt), (log.ReviewedByUserId, log.ReviewedAt));
    }

    [Fact]
    public async Task Only_a_pending_log_can_be_reviewed()
    {
        var admin = await UserIdAsync(DemoAccounts.Admin.Email);
        var rejected = await AddLogAsync(LogKind.Medical, recordedMinutesAgo: 7);
        Assert.Equal(1, (await review.RejectAsync([rejected], admin)).Changed);

        var approveRejected = await review.ApproveAsync([rejected], admin);

        Assert.Equal((0, 1), (approveRejected.Changed, approveRejected.Skipped));
        Assert.Equal(ReviewStatus.Rejected, (await LogAsync(rejected)).Review);
        var approved = await AddLogAsync(LogKind.Note, recordedMinutesAgo: 2, status: ReviewStatus.Approved);
        Assert.Equal(0, (await review.RejectAsync([approved], admin)).Changed);
        Assert.Equal(ReviewStatus.Approved, (await LogAsync(approved)).Review);
        Assert.Equal(0, (await review.ApproveAsync([long.MaxValue], admin)).Changed);
    }

    [Fact]
    public async Task Bulk_approval_changes_the_pending_ones_and_counts_the_rest()
    {
        var admin = await UserIdAsync(DemoAccounts.Admin.Email);
        var pending = new[] { await AddLogAsync(LogKind.Weighing, 4, 40m), await AddLogAsync(LogKind.Photo, 4, photos: 1), await AddLogAsync(LogKind.Movement, 4) };
        var done = await AddLogAsync(LogKind.Note, 4, status: ReviewStatus.Approved);

        var result = await review.ApproveAsync([.. pending, done, pending[0]], admin);

        Assert.Equal((3, 1), (result.Changed, result.Skipped));
        foreach (var id in pending)
        {
            Assert.Equal(ReviewStatus.Approved, (await LogAsync(id)).Review);
        }
    }

    [Fact]
    public async Task Only_an_administrator_may_review_and_nothing_changes_otherwise()
    {
        var id = await AddLogAsync(LogKind.Weighing, 2, 39m);

        foreach (var who in new[] { await UserIdAsync(DemoAccounts.Herder.Email), await UserIdAsync(DemoAccounts.Sponsor.Email), "no-such-user" })
        {
            Assert.Equal(ReviewError.NotAllowed, (await review.ApproveAsync([id], who)).Error);
            Assert.Equal(ReviewError.NotAllowed, (await review.RejectAsync([id], who)).Error);
        }

        Assert.Equal(ReviewStatus.Pending, (await LogAsync(id)).Review);
        Assert.Equal(ReviewError.NothingChosen, (await review.ApproveAsync([], await UserIdAsync(DemoAccounts.Admin.Email))).Error);
    }

    private async Task<long> AddLogAsync(LogKind kind, int recordedMinutesAgo, decimal? quantity = null, int photos = 0, ReviewStatus status = ReviewStatus.Pending)
    {
        await using var db = await database.CreateDbContextAsync();
        var sheepId = await db.Sheep.Where(s => s.ArchivedAt == null).OrderBy(s => s.Id).Select(s => s.Id).FirstAsync();
        var log = Log(sheepId, kind, database.Clock.GetUtcNow().AddMinutes(-recordedMinutesAgo), status, quantity, photos, "草好，羊壮。");
        db.AnimalLogs.Add(log);
        await db.SaveChangesAsync();
        return log.Id;
    }

    private static AnimalLog Log(int sheepId, LogKind kind, DateTimeOffset at, ReviewStatus status, decimal? kg = null, int photos = 0, string note = "")
    {
        var log = new AnimalLog { SheepId = sheepId, Kind = kind, At = at, RecordedAt = at, IdempotencyKey = Guid.NewGuid().ToString("N"), QuantityKg = kg, Notes = note, Review = status };
        for (var i = 0; i < photos; i++)
        {
            var key = Guid.NewGuid().ToString("N");
            log.Photos.Add(new SheepPhoto { SheepId = sheepId, LargeKey = $"{key}-l", ThumbnailKey = $"{key}-t", Width = 1600, Height = 1200 });
        }

        return log;
    }

    private async Task<AnimalLog> LogAsync(long id)
    {
        await using var db = await database.CreateDbContextAsync();
        return await db.AnimalLogs.AsNoTracking().SingleAsync(l => l.Id == id);
    }

    private async Task<string> UserIdAsync(string email)
    {
        await using var db = await database.CreateDbContextAsync();
        return await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
    }
}
