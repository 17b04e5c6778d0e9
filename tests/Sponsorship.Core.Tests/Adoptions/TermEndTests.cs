using Sponsorship.Core.Adoptions;
using Sponsorship.Core.Mail;

namespace Sponsorship.Core.Tests.Adoptions;

public class TermEndTests(AdoptionDatabase database) : IClassFixture<AdoptionDatabase>
{
    private DateTimeOffset Now => database.Clock.GetUtcNow();

    private async Task<int> AdoptAsync(EndOfTermOptions choice, string address = "")
    {
        var request = database.Request(database.TakeFreeSheep()) with { EndOfTermChoice = choice, DeliveryAddress = address };
        return (await database.AdoptAsync(request: request)).AdoptionId;
    }

    [Fact]
    public async Task A_term_that_is_over_ends_puts_the_choice_on_the_fulfilment_list_and_tells_the_sponsor()
    {
        var meat = await AdoptAsync(EndOfTermOptions.MeatBox, "北京市朝阳区建国路 88 号");
        var nothing = await AdoptAsync(EndOfTermOptions.NothingFurther);
        var running = await AdoptAsync(EndOfTermOptions.MeatBox, "上海市");
        await database.SetTermAsync(meat, Now.AddMonths(-12), Now.AddMinutes(-1));
        await database.SetTermAsync(nothing, Now.AddMonths(-12), Now);
        var job = new TermEnds(database.DbFactory, database.Clock);

        await job.RunAsync();
        await job.RunAsync();

        var ended = await database.AdoptionAsync(meat);
        Assert.Equal((AdoptionStatus.Ended, FulfilmentStatus.Due, (DateTimeOffset?)Now), (ended.Status, ended.Fulfilment, ended.ClosedAt));
        Assert.Equal((AdoptionStatus.Ended, FulfilmentStatus.NotDue), ((await database.AdoptionAsync(nothing)).Status, (await database.AdoptionAsync(nothing)).Fulfilment));
        Assert.Equal(AdoptionStatus.Active, (await database.AdoptionAsync(running)).Status);
        Assert.Single(await database.MailsAsync(MailKinds.EndOfTerm, meat));
        Assert.Single(await database.MailsAsync(MailKinds.EndOfTerm, nothing));
        Assert.Empty(await database.MailsAsync(MailKinds.EndOfTerm, running));

        var fulfilments = new Fulfilments(database.DbFactory);
        Assert.Null(await fulfilments.DueAsync(database.SponsorA));
        var item = Assert.Single((await fulfilments.DueAsync(database.AdminId))!, i => i.AdoptionId == meat);
        Assert.Equal((EndOfTermOptions.MeatBox, "北京市朝阳区建国路 88 号", "李喆", "sponsor@example.com"), (item.Choice, item.DeliveryAddress, item.SponsorName, item.SponsorEmail));
        Assert.Equal(15, item.EarTag.Length);
        Assert.DoesNotContain((await fulfilments.DueAsync(database.AdminId))!, i => i.AdoptionId == nothing);

        Assert.False(await fulfilments.MarkFulfilledAsync(meat, database.SponsorA));
        Assert.True(await fulfilments.MarkFulfilledAsync(meat, database.AdminId));
        Assert.False(await fulfilments.MarkFulfilledAsync(meat, database.AdminId));
        Assert.Equal(FulfilmentStatus.Fulfilled, (await database.AdoptionAsync(meat)).Fulfilment);
        Assert.DoesNotContain((await fulfilments.DueAsync(database.AdminId))!, i => i.AdoptionId == meat);
    }
}
