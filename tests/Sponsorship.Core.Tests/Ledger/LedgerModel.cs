using Sponsorship.Core.Ledger;
using Sponsorship.Core.Payments;

namespace Sponsorship.Core.Tests.Ledger;

/// <summary>One random command: what it is and two numbers it draws its arguments from.</summary>
public readonly record struct Op(OpKind Kind, int A, int B)
{
    public override string ToString() => $"{Kind}({A},{B})";
}

public enum OpKind
{
    Pay,
    Care,
    End,
    Refund,
    Donate,
    Payout,
    Confirm,
    Fail,
    Replay,
}

/// <summary>
/// A pure, in-memory model of the ledger rules and of the release and payout commands: balanced postings, one per
/// idempotency key, refused when a protected account would go negative — the amounts from the real
/// <see cref="ShareSplit"/> and <see cref="ShareReleases.ProRata"/>. Cheap enough for tens of thousands of random
/// sequences; the real LedgerBook is checked against it on fewer sequences.
/// </summary>
public sealed class LedgerModel
{
    public const int Households = 3;
    public static readonly DateTimeOffset TermStart = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    public static readonly SplitRule Rule = SplitRules.Initial(TermStart);

    public Dictionary<string, long> Balances { get; } = new(StringComparer.Ordinal);
    public HashSet<string> Keys { get; } = new(StringComparer.Ordinal);
    public List<ModelPayment> Payments { get; } = [];
    public List<ModelLine> Lines { get; } = [];
    public int Batches { get; private set; }

    public sealed record ModelPayment(int Index, int Household, long AmountFen);

    public sealed class ModelLine(int index, int household, long amountFen)
    {
        public int Index { get; } = index;
        public int Household { get; } = household;
        public long AmountFen { get; } = amountFen;
        public string State { get; set; } = "in_transit";
    }

    public long Balance(string code) => Balances.GetValueOrDefault(code);

    /// <summary>LedgerBook's rules: false on a replayed key; throws when a protected account would go negative.</summary>
    public bool Post(string key, params (string Account, long Fen)[] legs)
    {
        if (legs.Sum(l => l.Fen) != 0)
        {
            throw new InvalidOperationException("unbalanced");
        }

        if (!Keys.Add(key))
        {
            return false;
        }

        foreach (var g in legs.GroupBy(l => l.Account))
        {
            var after = Balance(g.Key) + g.Sum(l => l.Fen);
            if (after < 0 && LedgerBook.IsProtected(LedgerAccounts.KindOf(g.Key)))
            {
                Keys.Remove(key);
                throw new LedgerRefusedException(key, g.Key, after);
            }
        }

        foreach (var (account, fen) in legs)
        {
            Balances[account] = Balance(account) + fen;
        }

        return true;
    }

    public static Payment Term(long amountFen) => new() { AmountFen = amountFen, TermStart = TermStart, TermEnd = TermStart.AddMonths(12) };

    public static DateTimeOffset EndedAt(int percent) => TermStart + (TermStart.AddMonths(12) - TermStart) * (percent / 100.0);

    public static string Deferred(ModelPayment p) => LedgerAccounts.AdoptionDeferred(p.Index + 1);

    private long Remaining(ModelPayment p) => Balance(Deferred(p));

    public void Pay(int household, long amountFen)
    {
        var p = new ModelPayment(Payments.Count, household, amountFen);
        Payments.Add(p);
        Post($"capture:{p.Index}", (LedgerAccounts.PspClearing, -amountFen), (Deferred(p), amountFen));
        Activate(p);
    }

    private void Activate(ModelPayment p)
    {
        var split = ShareSplit.Split(p.AmountFen, Rule);
        var first = ShareSplit.Tranches(p.AmountFen, Rule).ActivationFen;
        var legs = new List<(string, long)>
        {
            (Deferred(p), -(split.VillageFen + split.CooperativeFen + split.PlatformFen + first)),
            (LedgerAccounts.HerderPayable(p.Household), first), (LedgerAccounts.VillageCollective(1), split.VillageFen),
            (LedgerAccounts.Cooperative, split.CooperativeFen), (LedgerAccounts.PlatformFees, split.PlatformFen),
        };
        legs.RemoveAll(l => l.Item2 == 0);
        if (legs.Count >= 2)
        {
            Post($"activation:{p.Index}", [.. legs]);
        }
    }

    public void Care(ModelPayment p)
    {
        if (Keys.Contains($"final:{p.Index}") || Keys.Contains($"refund:{p.Index}"))
        {
            return;
        }

        var amount = Math.Min(ShareSplit.Tranches(p.AmountFen, Rule).CareFen, Remaining(p));
        if (amount > 0)
        {
            Post($"care:{p.Index}", (Deferred(p), -amount), (LedgerAccounts.HerderPayable(p.Household), amount));
        }
    }

    public void Final(ModelPayment p)
    {
        var amount = Remaining(p);
        if (!Keys.Contains($"final:{p.Index}") && amount > 0)
        {
            Post($"final:{p.Index}", (Deferred(p), -amount), (LedgerAccounts.HerderPayable(p.Household), amount));
        }
    }

    public void Refund(ModelPayment p, int percent)
    {
        if (Keys.Contains($"refund:{p.Index}") || Keys.Contains($"final:{p.Index}"))
        {
            return;
        }

        var amount = Math.Min(ShareReleases.ProRata(Term(p.AmountFen), EndedAt(percent)), Remaining(p));
        if (amount > 0)
        {
            Post($"refund:{p.Index}", (Deferred(p), -amount), (LedgerAccounts.PspClearing, amount));
        }

        Final(p);
    }

    /// <summary>Draft, approve and export at once: a line per household with at least the minimum.</summary>
    public void Payout(long minimumFen)
    {
        var due = Enumerable.Range(1, Households).Where(h => Balance(LedgerAccounts.HerderPayable(h)) >= Math.Max(1, minimumFen)).ToList();
        if (due.Count == 0)
        {
            return;
        }

        Batches++;
        foreach (var h in due)
        {
            var line = new ModelLine(Lines.Count, h, Balance(LedgerAccounts.HerderPayable(h)));
            Lines.Add(line);
            Post($"export:{line.Index}", (LedgerAccounts.HerderPayable(h), -line.AmountFen), (LedgerAccounts.HerderInTransit(h), line.AmountFen));
        }
    }

    public void Settle(ModelLine line, bool paid)
    {
        if (line.State != "in_transit")
        {
            return;
        }

        line.State = paid ? "paid" : "failed";
        Post($"settle:{line.Index}", (LedgerAccounts.HerderInTransit(line.Household), -line.AmountFen),
            (paid ? LedgerAccounts.World : LedgerAccounts.HerderPayable(line.Household), line.AmountFen));
    }

    /// <summary>
    /// Runs one command and returns it with its target resolved (the payment or line index it acted on), or null when it
    /// had nothing to act on; a replay runs such a resolved earlier command again.
    /// </summary>
    public Op? Apply(Op op, IReadOnlyList<Op> history)
    {
        switch (op.Kind)
        {
            case OpKind.Pay:
                Pay(1 + (op.A % Households), 1 + (op.B * 997L % 500_000));
                return op;
            case OpKind.Care or OpKind.End or OpKind.Donate or OpKind.Refund when Payments.Count > 0:
                var p = Payments[op.A % Payments.Count];
                if (op.Kind == OpKind.Care)
                {
                    Care(p);
                }
                else if (op.Kind == OpKind.Refund)
                {
                    Refund(p, op.B % 101);
                }
                else
                {
                    Final(p);
                }

                return op with { A = p.Index };
            case OpKind.Payout:
                Payout(op.B * 50L);
                return op;
            case OpKind.Confirm or OpKind.Fail when Lines.Count > 0:
                var line = Lines[op.A % Lines.Count];
                Settle(line, op.Kind == OpKind.Confirm);
                return op with { A = line.Index };
            case OpKind.Replay when history.Count > 0 && IsReplayable(history[op.A % history.Count]):
                Apply(history[op.A % history.Count], []);
                return op with { A = op.A % history.Count };
            default:
                return null;
        }
    }

    /// <summary>Payments and payout drafts are new requests each time; every other command carries its key and can be replayed.</summary>
    public static bool IsReplayable(Op op) => op.Kind is not (OpKind.Pay or OpKind.Payout or OpKind.Replay);

    /// <summary>Every invariant of DESIGN.md §4: zero-sum, no protected account negative, each payment's fen all accounted for.</summary>
    public string? Violation()
    {
        if (Balances.Values.Sum() != 0)
        {
            return "global sum is not zero";
        }

        if (Balances.FirstOrDefault(b => b.Value < 0 && LedgerBook.IsProtected(LedgerAccounts.KindOf(b.Key))) is { Key: not null } negative)
        {
            return $"{negative.Key} is negative";
        }

        var paidIn = Payments.Sum(p => p.AmountFen);
        var refunded = Balance(LedgerAccounts.PspClearing) + paidIn;
        var herders = Enumerable.Range(1, Households).Sum(h => Balance(LedgerAccounts.HerderPayable(h)) + Balance(LedgerAccounts.HerderInTransit(h)));
        var outside = Balance(LedgerAccounts.World) + Balance(LedgerAccounts.PlatformFees) + Balance(LedgerAccounts.Cooperative) + Balance(LedgerAccounts.VillageCollective(1));
        var deferred = Payments.Sum(Remaining);
        return paidIn == refunded + herders + outside + deferred ? null : "a payment's fen are not all accounted for";
    }
}
