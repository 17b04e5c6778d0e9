using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Adoptions;
using Sponsorship.Core.Ledger;
using Sponsorship.Core.Tests.Adoptions;

namespace Sponsorship.Core.Tests.Ledger;

/// <summary>
/// The end of a term is seen by two hourly jobs: <see cref="TermEnds"/> closes the adoption and <see cref="CareReleaseJob"/>
/// releases the last of the herder's share. Whichever runs first, the herder ends with the whole share and nothing stays
/// held for an adoption that is over.
/// </summary>
public class TermEndReleaseTests(AdoptionDatabase database) : IClassFixture<AdoptionDatabase>
{
    private DateTimeOffset Now => database.Clock.GetUtcNow();

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task The_herder_receives_the_whole_share_at_the_end_of_the_term_whichever_job_runs_first(bool termEndsFirst)
    {
        var (adoptionId, _) = await database.AdoptAsync();
        await database.SetTermAsync(adoptionId, Now.AddMonths(-12), Now.AddMinutes(-5));
        var termEnds = new TermEnds(database.DbFactory, database.Clock);
        var releases = new CareReleaseJob(database.DbFactory, database.Clock);

        if (termEndsFirst)
        {
            await termEnds.RunAsync();
            await releases.ReleaseDueAsync(Now);
        }
        else
        {
            await releases.ReleaseDueAsync(Now);
            await termEnds.RunAsync();
        }

        Assert.Equal(AdoptionStatus.Ended, (await database.AdoptionAsync(adoptionId)).Status);
        Assert.Equal(0, await database.BalanceAsync(LifecycleSteps.Deferred(adoptionId)));
        var (herderBasisPoints, price) = await RuleAndPriceAsync(adoptionId);
        Assert.Equal(0, price * herderBasisPoints % 10_000);
        Assert.Equal(price * herderBasisPoints / 10_000, await ToHerdersAsync(adoptionId));
    }

    [Fact]
    public async Task A_share_left_held_for_an_adoption_that_already_ended_is_released_by_the_next_run()
    {
        // An adoption closed by an earlier version of the term-end job, which did not release anything.
        var (adoptionId, _) = await database.AdoptAsync();
        await database.SetTermAsync(adoptionId, Now.AddMonths(-13), Now.AddMonths(-1));
        await using (var db = await database.CreateDbContextAsync())
        {
            await db.Adoptions.Where(a => a.Id == adoptionId)
                .ExecuteUpdateAsync(set => set.SetProperty(a => a.Status, AdoptionStatus.Ended).SetProperty(a => a.ClosedAt, Now.AddMonths(-1)));
        }

        Assert.True(await database.BalanceAsync(LifecycleSteps.Deferred(adoptionId)) > 0);

        var run = await new CareReleaseJob(database.DbFactory, database.Clock).ReleaseDueAsync(Now);

        Assert.True(run.EndReleased >= 1);
        Assert.Equal(0, await database.BalanceAsync(LifecycleSteps.Deferred(adoptionId)));
        var (herderBasisPoints, price) = await RuleAndPriceAsync(adoptionId);
        Assert.Equal(price * herderBasisPoints / 10_000, await ToHerdersAsync(adoptionId));
    }

    private async Task<(int HerderBasisPoints, long PriceFen)> RuleAndPriceAsync(int adoptionId)
    {
        await using var db = await database.CreateDbContextAsync();
        var row = await db.Adoptions.Where(a => a.Id == adoptionId).Select(a => new { a.SplitRule.HerderBasisPoints, a.PriceFen }).SingleAsync();
        return (row.HerderBasisPoints, row.PriceFen);
    }

    /// <summary>Everything the ledger moved to any herder's payable account for this adoption.</summary>
    private async Task<long> ToHerdersAsync(int adoptionId)
    {
        await using var db = await database.CreateDbContextAsync();
        return await db.LedgerEntries.Where(e => e.Transaction.AdoptionId == adoptionId && e.Account.Kind == AccountKind.HerderPayable)
            .SumAsync(e => e.AmountFen);
    }
}
