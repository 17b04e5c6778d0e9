using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Flock;

namespace Sponsorship.Core.Tests.Flock;

public class SheepRegisterTests(FlockDatabase database) : IClassFixture<FlockDatabase>
{
    private static int nextSequence = 50_000_000;

    private readonly SheepRegister register = new(database.DbFactory, database.Clock);

    [Fact]
    public async Task Living_archived_and_all_partition_the_flock_and_pages_cover_it_once()
    {
        await using var db = await database.CreateDbContextAsync();
        var total = await db.Sheep.CountAsync();

        var living = await register.SearchAsync(new SheepSearch(Status: SheepStatus.Living), 0, 10);
        var archived = await register.SearchAsync(new SheepSearch(Status: SheepStatus.Archived), 0, 100);
        var all = await register.SearchAsync(new SheepSearch(Status: SheepStatus.All), 0, 10);

        Assert.Equal(total, all.Total);
        Assert.Equal(total, living.Total + archived.Total);
        Assert.Equal(database.ArchivedSheepIds.Order(), archived.Items.Select(s => s.Id).Order());
        Assert.All(archived.Items, s => Assert.Equal(RemovalReason.Sold, s.RemovalReason));
        Assert.Equal(10, living.Items.Count);

        var seen = new List<int>();
        for (var skip = 0; skip < living.Total; skip += SheepRegister.MaxPageSize)
        {
            seen.AddRange((await register.SearchAsync(new SheepSearch(), skip, SheepRegister.MaxPageSize)).Items.Select(s => s.Id));
        }

        Assert.Equal(living.Total, seen.Distinct().Count());
        Assert.Empty(seen.Intersect(database.ArchivedSheepIds));
    }

    [Fact]
    public async Task A_whole_tag_finds_its_sheep_and_part_of_a_tag_finds_every_match()
    {
        await using var db = await database.CreateDbContextAsync();
        var sheep = await db.Sheep.Where(s => s.ArchivedAt == null).OrderBy(s => s.Id).Select(s => new { s.Id, Tag = s.Tags.Select(t => t.Value).First() }).Skip(5).FirstAsync();

        var whole = await register.SearchAsync(new SheepSearch(Tag: $" {sheep.Tag} "), 0, 10);
        var part = await register.SearchAsync(new SheepSearch(Tag: sheep.Tag[^6..]), 0, 100);

        Assert.Equal(sheep.Id, Assert.Single(whole.Items).Id);
        Assert.Equal(sheep.Tag, whole.Items[0].EarTag);
        Assert.Contains(part.Items, s => s.Id == sheep.Id);
        Assert.All(part.Items, s => Assert.Contains(sheep.Tag[^6..], s.EarTag, StringComparison.Ordinal));
        Assert.Empty((await register.SearchAsync(new SheepSearch(Tag: "399999999999999"), 0, 10)).Items);
    }

    [Fact]
    public async Task The_household_filter_and_the_status_filter_combine()
    {
        await using var db = await database.CreateDbContextAsync();
        var householdId = await db.Households.OrderBy(h => h.Id).Select(h => h.Id).FirstAsync();
        var expectedLiving = await db.Sheep.CountAsync(s => s.HouseholdId == householdId && s.ArchivedAt == null);

        var living = await register.SearchAsync(new SheepSearch(HouseholdId: householdId), 0, 100);
        var archived = await register.SearchAsync(new SheepSearch(HouseholdId: householdId, Status: SheepStatus.Archived), 0, 100);

        Assert.Equal(expectedLiving, living.Total);
        Assert.All(living.Items, s => Assert.Equal(householdId, s.HouseholdId));
        Assert.NotEmpty(archived.Items);
        Assert.All(archived.Items, s => Assert.NotNull(s.ArchivedAt));
        Assert.False(string.IsNullOrEmpty(living.Items[0].VillageName));
    }

    [Fact]
    public async Task Re_tagging_keeps_the_history_and_the_old_tag_still_finds_the_sheep()
    {
        var (sheepId, oldTag) = await LivingSheepAsync(offset: 20);
        var newTag = NewTag();
        database.Clock.Advance(TimeSpan.FromMinutes(1));
        var now = database.Clock.GetUtcNow();

        var result = await register.RetagAsync(sheepId, newTag, database.AdminId);

        Assert.True(result.Succeeded);
        var detail = await register.DetailAsync(sheepId);
        Assert.NotNull(detail);
        Assert.Equal(newTag, detail.Sheep.EarTag);
        Assert.Collection(
            detail.Tags,
            old => Assert.Equal((oldTag, false, (DateTimeOffset?)now), (old.Value, old.Current, old.ValidTo)),
            current => Assert.Equal((newTag, true, now), (current.Value, current.Current, current.ValidFrom)));

        var byOld = await register.SearchAsync(new SheepSearch(Tag: oldTag), 0, 10);
        var byNew = await register.SearchAsync(new SheepSearch(Tag: newTag), 0, 10);
        Assert.Equal(sheepId, Assert.Single(byOld.Items).Id);
        Assert.Equal(newTag, byOld.Items[0].EarTag);
        Assert.Equal(sheepId, Assert.Single(byNew.Items).Id);

        // The herder's list and the catalogue show the new tag.
        await using var db = await database.CreateDbContextAsync();
        Assert.Equal(newTag, await db.IdTags.Where(IdTag.IsCurrentEarTag).Where(t => t.SheepId == sheepId).Select(t => t.Value).SingleAsync());
    }

    [Fact]
    public async Task A_tag_worn_or_once_worn_by_any_sheep_cannot_be_given_again()
    {
        var (first, firstTag) = await LivingSheepAsync(offset: 30);
        var (second, secondTag) = await LivingSheepAsync(offset: 31);

        Assert.Equal(RetagError.TagTaken, (await register.RetagAsync(first, secondTag, database.AdminId)).Error);

        var replacement = NewTag();
        Assert.True((await register.RetagAsync(second, replacement, database.AdminId)).Succeeded);
        Assert.Equal(RetagError.TagTaken, (await register.RetagAsync(first, secondTag, database.AdminId)).Error);
        Assert.Equal(RetagError.SameTag, (await register.RetagAsync(first, firstTag, database.AdminId)).Error);

        await using var db = await database.CreateDbContextAsync();
        Assert.Equal(1, await db.IdTags.CountAsync(t => t.SheepId == first));
    }

    [Theory]
    [InlineData("", EarTagError.Empty)]
    [InlineData("31525270000001", EarTagError.WrongLength)]
    [InlineData("415252700000001", EarTagError.NotSheep)]
    public async Task An_invalid_tag_is_refused_with_the_reason(string tag, EarTagError expected)
    {
        var (sheepId, _) = await LivingSheepAsync(offset: 40);

        var result = await register.RetagAsync(sheepId, tag, database.AdminId);

        Assert.Equal((RetagError.InvalidTag, expected), (result.Error, result.TagError));
    }

    [Fact]
    public async Task Archived_and_unknown_sheep_are_not_re_tagged()
    {
        Assert.Equal(RetagError.SheepArchived, (await register.RetagAsync(database.ArchivedSheepIds[0], NewTag(), database.AdminId)).Error);
        Assert.Equal(RetagError.NotFound, (await register.RetagAsync(int.MaxValue, NewTag(), database.AdminId)).Error);
        Assert.Null(await register.DetailAsync(int.MaxValue));
    }

    private static string NewTag() => EarTag.ForTaibus(Interlocked.Increment(ref nextSequence)).Value;

    private async Task<(int Id, string Tag)> LivingSheepAsync(int offset)
    {
        await using var db = await database.CreateDbContextAsync();
        var sheep = await db.Sheep.Where(s => s.ArchivedAt == null).OrderBy(s => s.Id).Skip(offset)
            .Select(s => new { s.Id, Tag = s.Tags.AsQueryable().Where(IdTag.IsCurrentEarTag).Select(t => t.Value).Single() })
            .FirstAsync();
        return (sheep.Id, sheep.Tag);
    }
}
