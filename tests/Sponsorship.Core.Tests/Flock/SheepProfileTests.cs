using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Flock;
using Sponsorship.Core.Storage;
using Sponsorship.Testing;

namespace Sponsorship.Core.Tests.Flock;

public class SheepProfileTests(SeededDatabase database) : IClassFixture<SeededDatabase>
{
    private readonly SheepProfile profiles = new(database.DbFactory, database.Calendar);
    private readonly FlockTestData data = new(database.DbFactory, new LocalFileStore(Path.Combine(database.Folder, "files")));

    private DateTimeOffset Now => database.Clock.GetUtcNow();

    private DateOnly Today => DateOnly.FromDateTime(Now.UtcDateTime);

    [Fact]
    public async Task The_timeline_shows_only_approved_logs_newest_first()
    {
        var (sheepId, tag) = await SheepAsync(householdNumber: 3);
        await data.AddLogAsync(sheepId, LogKind.Weighing, Now.AddDays(-30), kg: 30m);
        await data.AddLogAsync(sheepId, LogKind.Note, Now.AddDays(-5), ReviewStatus.Pending, notes: "not checked yet");
        await data.AddLogAsync(sheepId, LogKind.Medical, Now.AddDays(-4), ReviewStatus.Rejected, notes: "rejected note");
        await data.AddLogAsync(sheepId, LogKind.Medical, Now.AddDays(-3), notes: "Dewormed before winter grazing.");
        await data.AddLogAsync(sheepId, LogKind.Shearing, Now.AddDays(-2), kg: 2.4m);
        await data.AddLogAsync(sheepId, LogKind.Movement, Now.AddDays(-1), pasture: "Winter pasture");

        var profile = (await profiles.FindAsync(tag, Today)).Profile!;

        Assert.Equal([LogKind.Movement, LogKind.Shearing, LogKind.Medical, LogKind.Weighing], profile.Timeline.Select(e => e.Kind));
        Assert.DoesNotContain(profile.Timeline, e => e.Notes is "not checked yet" or "rejected note");
        Assert.Equal("Dewormed before winter grazing.", profile.Timeline[2].Notes);
        Assert.Equal(2.4m, profile.Timeline[1].QuantityKg);
        Assert.Equal(new MovedTo(null, null, "Winter pasture"), profile.Timeline[0].Pasture);
        Assert.Equal(1, profile.DaysSinceUpdate);
    }

    [Fact]
    public async Task Weight_figures_come_from_approved_weighings_only()
    {
        var (sheepId, tag) = await SheepAsync(householdNumber: 4);
        await data.AddLogAsync(sheepId, LogKind.Weighing, Now.AddDays(-40), kg: 30m);
        await data.AddLogAsync(sheepId, LogKind.Weighing, Now.AddDays(-20), kg: 33m);
        await data.AddLogAsync(sheepId, LogKind.Weighing, Now.AddDays(-10), kg: 35m);
        await data.AddLogAsync(sheepId, LogKind.Weighing, Now.AddDays(-1), ReviewStatus.Pending, kg: 50m);
        await data.AddLogAsync(sheepId, LogKind.Weighing, Now.AddDays(-2), ReviewStatus.Rejected, kg: 12m);

        var profile = (await profiles.FindAsync(tag, Today)).Profile!;

        Assert.Equal([30m, 33m, 35m], profile.Weighings.Select(w => w.Kg));
        Assert.Equal(35m, profile.CurrentWeight!.Kg);
        Assert.Equal(0.2m, profile.RecentDailyGain);
        Assert.Equal(0.167m, profile.AverageDailyGain);
        Assert.Equal(10, profile.DaysSinceUpdate);
    }

    [Fact]
    public async Task A_sheep_with_no_published_logs_has_an_empty_timeline_and_no_figures()
    {
        var (sheepId, tag) = await SheepAsync(householdNumber: 5);
        await data.AddLogAsync(sheepId, LogKind.Weighing, Now.AddDays(-3), ReviewStatus.Pending, kg: 41m, withPhoto: true);

        var profile = (await profiles.FindAsync(tag, Today)).Profile!;

        Assert.Empty(profile.Timeline);
        Assert.Empty(profile.Photos);
        Assert.Empty(profile.Weighings);
        Assert.Null(profile.CurrentWeight);
        Assert.Null(profile.RecentDailyGain);
        Assert.Null(profile.DaysSinceUpdate);
    }

    [Fact]
    public async Task Facts_name_the_household_and_village_and_the_age_is_derived()
    {
        var (sheepId, tag) = await SheepAsync(householdNumber: 6);

        var lookup = await profiles.FindAsync(tag, Today);

        await using var db = await database.CreateDbContextAsync();
        var expected = await db.Sheep.Where(s => s.Id == sheepId)
            .Select(s => new { s.Name, s.Breed, s.Sex, s.BirthDate, s.Household.HeadName, s.Household.HeadNameLatin, VillageName = s.Household.Village.Name, VillageNameLatin = s.Household.Village.NameLatin })
            .SingleAsync();
        var facts = lookup.Profile!.Facts;
        Assert.True(lookup.Found);
        Assert.Equal((sheepId, tag, expected.Name, expected.Breed, expected.Sex, expected.BirthDate), (facts.Id, facts.EarTag, facts.Name, facts.Breed, facts.Sex, facts.BirthDate));
        Assert.Equal((expected.HeadName, expected.HeadNameLatin, expected.VillageName, expected.VillageNameLatin), (facts.HeadName, facts.HeadNameLatin, facts.VillageName, facts.VillageNameLatin));
        Assert.Equal(SheepAge.Months(expected.BirthDate, Today), lookup.Profile.AgeMonths);
        Assert.True(lookup.Profile.InFlock);
    }

    [Fact]
    public async Task A_retired_tag_finds_the_sheep_and_points_to_its_current_tag()
    {
        var (sheepId, oldTag) = await SheepAsync(householdNumber: 7);
        var newTag = EarTag.ForTaibus(77_000_001).Value;
        await using (var db = await database.CreateDbContextAsync())
        {
            var tag = await db.IdTags.SingleAsync(t => t.SheepId == sheepId);
            tag.ValidTo = Now.AddDays(-1);
            db.IdTags.Add(new IdTag { SheepId = sheepId, Type = IdTagType.NationalEarTag, Value = newTag, ValidFrom = Now.AddDays(-1) });
            await db.SaveChangesAsync();
        }

        var byOld = await profiles.FindAsync(oldTag, Today);
        var byNew = await profiles.FindAsync(newTag, Today);

        Assert.True(byOld.MovedToCurrentTag);
        Assert.False(byOld.Found);
        Assert.Equal(newTag, byOld.CurrentEarTag);
        Assert.True(byNew.Found);
        Assert.Equal(sheepId, byNew.Profile!.Facts.Id);
        Assert.Equal(newTag, byNew.Profile.Facts.EarTag);
    }

    [Theory]
    [InlineData("315252799999999")]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("not-a-tag")]
    [InlineData("3152527230000011234567890123456789")]
    public async Task An_unknown_tag_finds_nothing(string tag)
    {
        var lookup = await profiles.FindAsync(tag, Today);

        Assert.Same(ProfileLookup.NotFound, lookup);
        Assert.False(lookup.MovedToCurrentTag);
    }

    [Fact]
    public async Task An_archived_sheep_still_has_its_profile_with_the_reason()
    {
        var (sheepId, tag) = await SheepAsync(householdNumber: 8);
        await data.AddLogAsync(sheepId, LogKind.Death, Now.AddDays(-2), removalReason: RemovalReason.NaturalDeath, notes: "Died in the spring storm.");
        await using (var db = await database.CreateDbContextAsync())
        {
            var sheep = await db.Sheep.SingleAsync(s => s.Id == sheepId);
            sheep.ArchivedAt = Now.AddDays(-2);
            sheep.RemovalReason = RemovalReason.NaturalDeath;
            await db.SaveChangesAsync();
        }

        var profile = (await profiles.FindAsync(tag, Today)).Profile!;

        Assert.False(profile.InFlock);
        Assert.Equal(RemovalReason.NaturalDeath, profile.Facts.RemovalReason);
        Assert.Equal(Now.AddDays(-2), profile.Facts.ArchivedAt);
        Assert.Equal(RemovalReason.NaturalDeath, Assert.Single(profile.Timeline).RemovalReason);
    }

    [Fact]
    public async Task The_gallery_holds_approved_photos_newest_first()
    {
        var (sheepId, tag) = await SheepAsync(householdNumber: 9);
        var old = await data.AddLogAsync(sheepId, LogKind.Photo, Now.AddDays(-20), withPhoto: true);
        var weighed = await data.AddLogAsync(sheepId, LogKind.Weighing, Now.AddDays(-5), kg: 36m, withPhoto: true);
        await data.AddLogAsync(sheepId, LogKind.Photo, Now.AddDays(-1), ReviewStatus.Pending, withPhoto: true);

        var profile = (await profiles.FindAsync(tag, Today)).Profile!;

        Assert.Equal([weighed.PhotoId!.Value, old.PhotoId!.Value], profile.Photos.Select(p => p.Id));
        Assert.All(profile.Photos, p => Assert.True(p.Width > 0 && p.Height > 0));
        Assert.Equal([weighed.PhotoId.Value], profile.Timeline[0].PhotoIds);
    }

    [Fact]
    public async Task A_lambing_names_the_lamb_and_its_tag()
    {
        var (damId, damTag) = await SheepAsync(householdNumber: 10);
        var (lambId, lambTag) = await SheepAsync(householdNumber: 10, index: 1);
        await data.AddLogAsync(damId, LogKind.Birth, Now.AddDays(-3), lambId: lambId);

        var entry = Assert.Single((await profiles.FindAsync(damTag, Today)).Profile!.Timeline);

        await using var db = await database.CreateDbContextAsync();
        Assert.Equal(await db.Sheep.Where(s => s.Id == lambId).Select(s => s.Name).SingleAsync(), entry.LambName);
        Assert.Equal(lambTag, entry.LambEarTag);
    }

    [Fact]
    public async Task The_profile_runs_the_same_few_queries_however_long_the_history()
    {
        var counter = new CommandCounter(database);
        var counted = new SheepProfile(counter, database.Calendar);
        var (shortId, shortTag) = await SheepAsync(householdNumber: 11);
        var (longId, longTag) = await SheepAsync(householdNumber: 11, index: 1);
        await data.AddLogAsync(shortId, LogKind.Weighing, Now.AddDays(-1), kg: 30m);
        for (var i = 0; i < 30; i++)
        {
            await data.AddLogAsync(longId, i % 3 == 0 ? LogKind.Photo : LogKind.Weighing, Now.AddDays(-60 + (i * 2)), kg: 30m + i, withPhoto: i % 3 == 0);
        }

        counter.Reset();
        await counted.FindAsync(shortTag, Today);
        var forShort = counter.Count;
        counter.Reset();
        var profile = (await counted.FindAsync(longTag, Today)).Profile!;
        var forLong = counter.Count;

        Assert.Equal(30, profile.Timeline.Count);
        Assert.Equal(10, profile.Photos.Count);
        Assert.Equal(forShort, forLong);
        Assert.InRange(forLong, 1, 5);
    }

    private async Task<(int Id, string EarTag)> SheepAsync(int householdNumber, int index = 0)
    {
        await using var db = await database.CreateDbContextAsync();
        var householdId = await db.Households.OrderBy(h => h.Id).Skip(householdNumber - 1).Select(h => h.Id).FirstAsync();
        return await data.LivingSheepAsync(householdId, index);
    }
}
