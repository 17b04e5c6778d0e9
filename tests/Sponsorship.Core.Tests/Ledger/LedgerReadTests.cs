using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Sponsorship.Core.Demo;
using Sponsorship.Core.Jobs;
using Sponsorship.Core.Ledger;
using Sponsorship.Testing;

namespace Sponsorship.Core.Tests.Ledger;

/// <summary>The ledger pages' read use cases: who may read what is decided here, not in the pages.</summary>
public sealed class LedgerReadTests(SeededDatabase database) : IClassFixture<SeededDatabase>
{
    private readonly JobRequests requests = new();

    private LedgerOverview Overview()
    {
        var verification = new LedgerVerification(database.DbFactory, database.Clock, NullLogger<LedgerVerification>.Instance);
        IScheduledJob[] jobs = [new LedgerIntegrityJob(verification), new LedgerFullCheckJob(verification)];
        return new LedgerOverview(database.DbFactory, new JobOverview(jobs, database.DbFactory, Options.Create(new JobsOptions()), requests));
    }

    [Fact]
    public async Task A_sponsor_reads_the_money_trail_of_their_own_adoption_and_never_another_sponsors()
    {
        var money = new MoneyTestData(database.DbFactory);
        var sponsorA = await money.UserIdAsync(DemoAccounts.Sponsor.Email);
        var sponsorB = await money.UserIdAsync(DemoAccounts.SecondSponsor.Email);
        var herder = await money.UserIdAsync(DemoAccounts.Herder.Email);
        var paid = await money.AdoptAndPayAsync(await money.FreeSheepAsync(3), sponsorA, 180_000, TestDatabase.Start.AddDays(-3));
        var trails = new MoneyTrail(database.DbFactory);

        var own = await trails.ForSponsorAsync(paid.AdoptionId, sponsorA);

        Assert.NotNull(own);
        Assert.Equal(paid.AdoptionId, own.AdoptionId);
        Assert.Equal(180_000, own.PaidFen);
        Assert.Null(await trails.ForSponsorAsync(paid.AdoptionId, sponsorB));
        Assert.Null(await trails.ForSponsorAsync(paid.AdoptionId, herder));
        Assert.Null(await trails.ForSponsorAsync(paid.AdoptionId, database.AdminId));
        Assert.Null(await trails.ForSponsorAsync(paid.AdoptionId, ""));
        Assert.Null(await trails.ForSponsorAsync(paid.AdoptionId + 100_000, sponsorA));
    }

    [Fact]
    public async Task The_ledger_overview_is_read_by_administrators_only_and_shows_the_books_and_the_last_report()
    {
        var money = new MoneyTestData(database.DbFactory);
        var sponsor = await money.UserIdAsync(DemoAccounts.Sponsor.Email);
        await money.AdoptAndPayAsync(await money.FreeSheepAsync(6), sponsor, 180_000, TestDatabase.Start.AddDays(-1));
        var overview = Overview();

        Assert.Null(await overview.ForAdminAsync(sponsor));
        Assert.Null(await overview.ForAdminAsync(await money.UserIdAsync(DemoAccounts.Herder.Email)));
        Assert.Null(await overview.ForAdminAsync(""));

        var before = await overview.ForAdminAsync(database.AdminId);
        Assert.NotNull(before);
        Assert.Equal(0, before.Kinds.Sum(k => k.BalanceFen));
        Assert.Contains(before.Kinds, k => k.Kind == AccountKind.AdoptionDeferred && k.Accounts > 0);
        Assert.InRange(before.Recent.Count, 1, LedgerOverview.RecentCount);
        Assert.Equal(before.Recent.OrderByDescending(t => t.Id).Select(t => t.Id), before.Recent.Select(t => t.Id));
        Assert.All(before.Recent, t => Assert.Equal(0, t.Entries.Sum(e => e.AmountFen)));

        var check = await new LedgerVerification(database.DbFactory, database.Clock, NullLogger<LedgerVerification>.Instance).RunAsync(full: false);
        var after = await overview.ForAdminAsync(database.AdminId);
        Assert.Equal(check.Id, after!.LastCheck!.Id);
        Assert.True(after.LastCheck.Intact, after.LastCheck.Detail);
        Assert.Equal(before.Recent[0].Id, after.LastCheck.UpToTransactionId);
    }

    [Fact]
    public async Task Only_an_administrator_can_start_a_full_check_and_it_is_queued_for_the_job_runner_not_run_in_the_request()
    {
        var overview = Overview();
        var sponsor = await new MoneyTestData(database.DbFactory).UserIdAsync(DemoAccounts.Sponsor.Email);

        Assert.False(await overview.StartFullCheckAsync(sponsor));
        Assert.False(requests.Reader.TryRead(out _));

        Assert.True(await overview.StartFullCheckAsync(database.AdminId));
        Assert.True(requests.Reader.TryRead(out var request));
        Assert.Equal(new JobRequest(LedgerFullCheckJob.JobName, database.AdminId), request);
    }

    [Fact]
    public async Task The_split_rules_are_listed_for_administrators_only_newest_first_with_the_one_in_force()
    {
        var rules = new SplitRules(database.DbFactory);
        var now = TestDatabase.Start;
        var (added, error) = await rules.AddVersionAsync(
            new SplitRuleDraft(now.AddDays(30), 5_500, 1_000, 1_500, 2_000, 3_000, 4_000, 30, "later"), database.AdminId, now);
        Assert.Equal(SplitRuleError.None, error);

        var list = await rules.ListAsync(database.AdminId, now);

        Assert.NotNull(list);
        Assert.Equal(added!.Version, list.Rules[0].Version);
        Assert.Equal(list.Rules.Select(r => r.Version).OrderDescending(), list.Rules.Select(r => r.Version));
        Assert.NotEqual(added.Id, list.InForce!.Id);
        Assert.Equal(added.Id, (await rules.ListAsync(database.AdminId, now.AddDays(31)))!.InForce!.Id);
        Assert.Null(await rules.ListAsync(await new MoneyTestData(database.DbFactory).UserIdAsync(DemoAccounts.Sponsor.Email), now));
        Assert.Equal(SplitRuleError.NotAllowed, (await rules.AddVersionAsync(
            new SplitRuleDraft(now.AddDays(1), 6_000, 1_000, 1_500, 1_500, 3_000, 4_000, 30), await new MoneyTestData(database.DbFactory).UserIdAsync(DemoAccounts.Sponsor.Email), now)).Error);
    }
}
