using Sponsorship.Core.Adoptions;
using Sponsorship.Core.Flock;
using Sponsorship.Core.Organisations;
using Sponsorship.Core.Payments;

namespace Sponsorship.Core.Tests.Adoptions;

/// <summary>One rule for a sheep's current ear tag (<see cref="IdTag.IsCurrentEarTag"/>): after re-tagging, every read shows the new tag.</summary>
public class CurrentEarTagTests(AdoptionDatabase database) : IClassFixture<AdoptionDatabase>
{
    [Fact]
    public async Task After_re_tagging_an_adopted_sheep_the_register_my_sheep_payments_reviews_and_orders_all_show_the_new_tag()
    {
        var (adoptionId, reference) = await database.AdoptAsync();
        var sheepId = (await database.AdoptionAsync(adoptionId)).SheepId;
        await using (var db = await database.CreateDbContextAsync())
        {
            // An electronic tag opened later must not pass for the ear tag.
            db.IdTags.Add(new IdTag { SheepId = sheepId, Type = IdTagType.Electronic, Value = $"EID-{sheepId}", ValidFrom = database.Clock.GetUtcNow().AddDays(1) });
            await db.SaveChangesAsync();
        }

        var oldTag = (await new MyAdoptions(database.DbFactory).FindAsync(adoptionId, database.SponsorA))!.EarTag;
        var newTag = EarTag.ForTaibus(90_000_000 + sheepId).Value;
        var register = new SheepRegister(database.DbFactory, database.Clock);
        Assert.True((await register.RetagAsync(sheepId, newTag, database.AdminId)).Succeeded);
        await database.ReportDeathAsync(sheepId);

        Assert.Equal(newTag, (await register.DetailAsync(sheepId))!.Sheep.EarTag);
        Assert.Equal(newTag, Assert.Single((await register.SearchAsync(new SheepSearch(oldTag), 0, 10)).Items).EarTag);
        Assert.Equal(newTag, (await new MyAdoptions(database.DbFactory).FindAsync(adoptionId, database.SponsorA))!.EarTag);
        Assert.Equal(newTag, (await new PaymentSummaries(database.DbFactory).ByReferenceAsync(reference))!.EarTag);
        var review = await new LogReview(database.DbFactory, database.Clock).PendingAsync(0, 500);
        Assert.Equal(newTag, Assert.Single(review.Items, i => i.SheepId == sheepId).EarTag);
        var chosen = await new OrderChoices(database.DbFactory).ByEarTagsAsync([oldTag, newTag]);
        Assert.Equal([sheepId], chosen.SheepIds);
        Assert.Equal([oldTag], chosen.NotFound);
    }
}
