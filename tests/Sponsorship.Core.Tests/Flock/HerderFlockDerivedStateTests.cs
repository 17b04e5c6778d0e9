using Sponsorship.Core.Flock;

namespace Sponsorship.Core.Tests.Flock;

/// <summary>What "My flock" and the sheep page derive from the logs, on a clock the tests move.</summary>
public class HerderFlockDerivedStateTests(LogbookDatabase database) : IClassFixture<LogbookDatabase>
{
    private readonly HerderFlock flock = new(database.DbFactory, database.Calendar);
    private readonly HerderLogbook logbook = database.Logbook();

    private static string Key() => LogbookDatabase.NewKey();

    [Fact]
    public async Task My_flock_shows_last_weight_last_update_and_flags_sheep_left_alone_for_30_days()
    {
        var weighed = database.TakeSheep(database.HouseholdA);
        var noted = database.TakeSheep(database.HouseholdA);
        var start = database.Today;
        await logbook.RecordWeighingAsync(database.HerderA, new(Key(), weighed, start.AddDays(-10), 40m));
        await logbook.RecordWeighingAsync(database.HerderA, new(Key(), weighed, start, 41.5m));
        await logbook.RecordNoteAsync(database.HerderA, new(Key(), weighed, start, "later note, same day"));
        await logbook.RecordNoteAsync(database.HerderA, new(Key(), noted, start.AddDays(-5), "limping a little"));

        database.Clock.Advance(TimeSpan.FromDays(23));
        var after23 = (await flock.GetForUserAsync(database.HerderA))!.Sheep;
        database.Clock.Advance(TimeSpan.FromDays(7));
        var after30 = (await flock.GetForUserAsync(database.HerderA))!.Sheep;

        var w = after23.Single(s => s.Id == weighed);
        var n = after23.Single(s => s.Id == noted);
        Assert.Equal((41.5m, false), (w.LastWeightKg, w.NeedsUpdate));
        Assert.Equal(23, SheepGrowth.DaysSince(w.LastUpdateAt, database.Calendar.DayOf(database.Clock.GetUtcNow().AddDays(-7)), database.Calendar));
        Assert.Equal((null, false), (n.LastWeightKg, n.NeedsUpdate));
        Assert.True(after30.Single(s => s.Id == weighed).NeedsUpdate);
        Assert.True(after30.Single(s => s.Id == noted).NeedsUpdate);
        Assert.All(after23.Where(s => s.LastUpdateAt is null), s => Assert.True(s.NeedsUpdate));
    }

    [Fact]
    public async Task A_herders_own_pending_weighing_counts_as_their_last_weight()
    {
        var sheepOfB = database.TakeSheep(database.HouseholdB);
        await logbook.RecordWeighingAsync(database.HerderB, new(Key(), sheepOfB, database.Today, 33.3m));

        var mine = (await flock.GetForUserAsync(database.HerderB))!.Sheep.Single(s => s.Id == sheepOfB);

        Assert.Equal(33.3m, mine.LastWeightKg);
        Assert.False(mine.NeedsUpdate);
    }

    [Fact]
    public async Task The_sheep_page_has_recent_logs_newest_first_the_daily_gain_and_the_current_pasture()
    {
        var sheepId = database.TakeSheep(database.HouseholdA);
        var today = database.Today;
        await logbook.RecordWeighingAsync(database.HerderA, new(Key(), sheepId, today.AddDays(-20), 30m));
        await logbook.RecordMovementAsync(database.HerderA, new(Key(), sheepId, today.AddDays(-15), "Winter pen"));
        await logbook.RecordMovementAsync(database.HerderA, new(Key(), sheepId, today.AddDays(-3), "South meadow"));
        await logbook.RecordWeighingAsync(database.HerderA, new(Key(), sheepId, today, 33m));

        var page = await flock.GetSheepAsync(database.HerderA, sheepId);

        Assert.NotNull(page);
        Assert.Equal(33m, page.Sheep.LastWeightKg);
        Assert.Equal(0.15m, page.DailyGainKg);
        Assert.Equal(new MovedTo(null, null, "South meadow"), page.CurrentPasture);
        Assert.Equal([LogKind.Weighing, LogKind.Movement, LogKind.Movement, LogKind.Weighing], page.RecentLogs.Select(l => l.Kind));
    }

    [Fact]
    public async Task A_lambing_shows_the_lambs_name_and_photos_show_their_ids()
    {
        var ewe = database.TakeSheep(database.HouseholdA, Sex.Ewe);
        await logbook.RecordLambingAsync(database.HerderA, new(Key(), ewe, database.Today, Sex.Ram, "Thunder"));
        var photos = await logbook.AddPhotosAsync(database.HerderA, new(Key(), ewe, database.Today,
            [new("a.jpg", new MemoryStream(TestImages.Jpeg())), new("b.jpg", new MemoryStream(TestImages.Jpeg()))]));

        var page = await flock.GetSheepAsync(database.HerderA, ewe);

        var lambing = page!.RecentLogs.Single(l => l.Kind == LogKind.Birth);
        var photoLog = page.RecentLogs.Single(l => l.Kind == LogKind.Photo);
        Assert.Equal("Thunder", lambing.LambName);
        Assert.Equal(photos.LogId, photoLog.Id);
        Assert.Equal(2, photoLog.PhotoIds.Count);
    }

    [Fact]
    public async Task A_herder_cannot_open_another_households_sheep_or_a_removed_one()
    {
        var sheepOfA = database.TakeSheep(database.HouseholdA);
        var removed = database.TakeSheep(database.HouseholdA);
        await logbook.RecordDeathAsync(database.HerderA, new(Key(), removed, database.Today, RemovalReason.Sold));

        Assert.NotNull(await flock.GetSheepAsync(database.HerderA, sheepOfA));
        Assert.Null(await flock.GetSheepAsync(database.HerderB, sheepOfA));
        Assert.Null(await flock.GetSheepAsync(database.SponsorId, sheepOfA));
        Assert.Null(await flock.GetSheepAsync(database.HerderA, removed));
    }

    [Fact]
    public async Task Finding_by_the_last_digits_of_the_ear_tag_stays_within_the_household()
    {
        var mine = (await flock.GetForUserAsync(database.HerderA))!.Sheep[0];
        var theirs = (await flock.GetForUserAsync(database.HerderB))!.Sheep[0];

        var byFour = await flock.FindByTagDigitsAsync(database.HerderA, mine.EarTag[^4..]);
        var byWholeTag = await flock.FindByTagDigitsAsync(database.HerderA, $" {mine.EarTag} ");
        var othersTag = await flock.FindByTagDigitsAsync(database.HerderA, theirs.EarTag);
        var lastDigit = await flock.FindByTagDigitsAsync(database.HerderA, mine.EarTag[^1..]);

        Assert.Equal([mine.Id], byFour.Select(s => s.Id));
        Assert.Equal([mine.Id], byWholeTag.Select(s => s.Id));
        Assert.Empty(othersTag);
        Assert.Contains(mine.Id, lastDigit.Select(s => s.Id));
        Assert.All(lastDigit, s => Assert.EndsWith(mine.EarTag[^1..], s.EarTag, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("")]
    [InlineData("12a4")]
    [InlineData("%")]
    [InlineData("_1")]
    [InlineData("1234567890123456")]
    public async Task Anything_but_digits_finds_nothing(string digits)
    {
        Assert.Empty(await flock.FindByTagDigitsAsync(database.HerderA, digits));
    }
}
