using CsCheck;
using Sponsorship.Core.Ledger;

namespace Sponsorship.Core.Tests.Ledger;

public class ShareSplitTests
{
    private static readonly Gen<SplitRule> Rules =
        from a in Gen.Int[0, 10_000]
        from b in Gen.Int[0, 10_000]
        from c in Gen.Int[0, 10_000]
        from t1 in Gen.Int[0, 10_000]
        from t2 in Gen.Int[0, 10_000]
        let cuts = new[] { a, b, c }.Order().ToArray()
        let tranche = new[] { t1, t2 }.Order().ToArray()
        select new SplitRule
        {
            HerderBasisPoints = cuts[0], VillageBasisPoints = cuts[1] - cuts[0], CooperativeBasisPoints = cuts[2] - cuts[1], PlatformBasisPoints = 10_000 - cuts[2],
            ActivationTrancheBasisPoints = tranche[0], CareTrancheBasisPoints = tranche[1] - tranche[0],
        };

    [Fact]
    public void The_parts_always_add_up_to_the_price_and_each_is_within_a_fen_of_its_exact_share()
    {
        Gen.Select(Gen.Long[0, 100_000_000_000], Rules).Sample((amount, rule) =>
        {
            var parts = ShareSplit.Split(amount, rule);
            int[] bps = [rule.HerderBasisPoints, rule.VillageBasisPoints, rule.CooperativeBasisPoints, rule.PlatformBasisPoints];
            long[] got = [parts.HerderFen, parts.VillageFen, parts.CooperativeFen, parts.PlatformFen];
            var tranches = ShareSplit.Tranches(amount, rule);
            return parts.TotalFen == amount
                && got.All(p => p >= 0)
                && got.Zip(bps).All(x => Math.Abs(x.First * 10_000m - (decimal)amount * x.Second) < 10_000m)
                && tranches.TotalFen == parts.HerderFen && tranches.ActivationFen >= 0 && tranches.CareFen >= 0 && tranches.EndFen >= 0;
        }, iter: 20_000);
    }

    [Fact]
    public void The_initial_rule_splits_1800_yuan_as_published()
    {
        var parts = ShareSplit.Split(180_000, SplitRules.Initial(TestDatabase.Start));
        Assert.Equal(new SplitParts(108_000, 18_000, 27_000, 27_000), parts);
        Assert.Equal(new HerderTranches(32_400, 43_200, 32_400), ShareSplit.Tranches(180_000, SplitRules.Initial(TestDatabase.Start)));
    }

    [Fact]
    public void Leftover_fen_go_to_the_largest_remainders()
    {
        Assert.Equal([34, 33, 33], ShareSplit.Allocate(100, [1, 1, 1]));
        Assert.Equal([1, 1, 0], ShareSplit.Allocate(2, [3_334, 3_333, 3_333]));
        Assert.Equal([0, 1], ShareSplit.Allocate(1, [4_000, 6_000]));
    }

    [Fact]
    public void Split_rule_checks_name_what_is_wrong()
    {
        var now = TestDatabase.Start;
        SplitRuleDraft Draft(int herder = 6_000, int activation = 3_000, int care = 4_000, int days = 30, DateTimeOffset? from = null) =>
            new(from ?? now, herder, 1_000, 1_500, 1_500, activation, care, days);
        Assert.Equal(SplitRuleError.None, SplitRules.Check(Draft(), now));
        Assert.Equal(SplitRuleError.SharesNotHundred, SplitRules.Check(Draft(herder: 5_999), now));
        Assert.Equal(SplitRuleError.TranchesOverHundred, SplitRules.Check(Draft(activation: 6_000, care: 5_000), now));
        Assert.Equal(SplitRuleError.Negative, SplitRules.Check(Draft(days: -1), now));
        Assert.Equal(SplitRuleError.EffectiveInPast, SplitRules.Check(Draft(from: now.AddDays(-2)), now));
    }
}
