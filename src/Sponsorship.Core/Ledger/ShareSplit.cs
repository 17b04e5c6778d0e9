namespace Sponsorship.Core.Ledger;

/// <summary>An amount in fen split four ways; the parts always add up to the amount.</summary>
public readonly record struct SplitParts(long HerderFen, long VillageFen, long CooperativeFen, long PlatformFen)
{
    public long TotalFen => HerderFen + VillageFen + CooperativeFen + PlatformFen;
}

/// <summary>The herder's share split into the proof-of-care tranches.</summary>
public readonly record struct HerderTranches(long ActivationFen, long CareFen, long EndFen)
{
    public long TotalFen => ActivationFen + CareFen + EndFen;
}

/// <summary>
/// Splits amounts by basis points with the largest-remainder (Hamilton) method: each part gets its floor, and the fen
/// left over go one each to the parts with the largest remainders (ties to the earlier part). The parts add up to the
/// amount exactly, and no part is more than one fen from its exact share.
/// </summary>
public static class ShareSplit
{
    public static SplitParts Split(long amountFen, SplitRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        var parts = Allocate(amountFen, [rule.HerderBasisPoints, rule.VillageBasisPoints, rule.CooperativeBasisPoints, rule.PlatformBasisPoints]);
        return new SplitParts(parts[0], parts[1], parts[2], parts[3]);
    }

    /// <summary>The herder's share of <paramref name="amountFen"/> in activation, care and end tranches.</summary>
    public static HerderTranches Tranches(long amountFen, SplitRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        var herder = Split(amountFen, rule).HerderFen;
        var parts = Allocate(herder, [rule.ActivationTrancheBasisPoints, rule.CareTrancheBasisPoints, rule.EndTrancheBasisPoints]);
        return new HerderTranches(parts[0], parts[1], parts[2]);
    }

    /// <summary>Splits a non-negative amount in proportion to non-negative weights (that need not add up to anything).</summary>
    public static long[] Allocate(long amountFen, IReadOnlyList<int> weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentOutOfRangeException.ThrowIfNegative(amountFen);
        if (weights.Any(w => w < 0))
        {
            throw new ArgumentOutOfRangeException(nameof(weights), "Weights must not be negative.");
        }

        long total = weights.Sum(w => (long)w);
        var parts = new long[weights.Count];
        if (total == 0)
        {
            if (amountFen != 0)
            {
                throw new ArgumentException("An amount cannot be split by weights that are all zero.", nameof(weights));
            }

            return parts;
        }

        var remainders = new Int128[weights.Count];
        long given = 0;
        for (var i = 0; i < weights.Count; i++)
        {
            var exact = (Int128)amountFen * weights[i];
            parts[i] = (long)(exact / total);
            remainders[i] = exact % total;
            given += parts[i];
        }

        var order = Enumerable.Range(0, weights.Count).OrderByDescending(i => remainders[i]).ThenBy(i => i).ToArray();
        for (var k = 0; given < amountFen; k++)
        {
            parts[order[k]]++;
            given++;
        }

        return parts;
    }
}
