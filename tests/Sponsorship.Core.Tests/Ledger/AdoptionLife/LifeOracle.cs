using System.Numerics;
using Sponsorship.Core.Adoptions;
using Sponsorship.Core.Flock;
using Sponsorship.Core.Ledger;
using Sponsorship.Core.Payments;
using Sponsorship.Core.Payouts;

namespace Sponsorship.Core.Tests.Ledger;

/// <summary>
/// Money worked out the plain way, independently of the app's ShareSplit and ProRata: a largest-remainder split and the
/// unexpired part of a term, in whole fen.
/// </summary>
public static class Fen
{
    /// <summary>Each part gets floor(amount × weight ÷ total); the fen left over go one each to the largest remainders, earlier parts first.</summary>
    public static long[] Split(long amount, params int[] weights)
    {
        long total = 0;
        foreach (var w in weights)
        {
            total += w;
        }

        var parts = new long[weights.Length];
        var remainders = new long[weights.Length];
        var given = 0L;
        for (var i = 0; i < weights.Length; i++)
        {
            parts[i] = amount * weights[i] / total;
            remainders[i] = amount * weights[i] % total;
            given += parts[i];
        }

        for (var left = amount - given; left > 0; left--)
        {
            var best = 0;
            for (var i = 1; i < weights.Length; i++)
            {
                if (remainders[i] > remainders[best])
                {
                    best = i;
                }
            }

            parts[best]++;
            remainders[best] = -1;
        }

        return parts;
    }

    /// <summary>amount × (time left of the term after <paramref name="endedAt"/> ÷ the term), rounded down.</summary>
    public static long Unexpired(long amount, DateTimeOffset start, DateTimeOffset end, DateTimeOffset endedAt)
    {
        var term = (end - start).Ticks;
        if (term <= 0)
        {
            return 0;
        }

        var from = endedAt > start ? endedAt : start;
        var left = Math.Clamp((end - from).Ticks, 0, term);
        return (long)(new BigInteger(amount) * left / term);
    }
}

public sealed class SheepModel(int id, int householdId, Breed breed)
{
    public int Id { get; } = id;
    public int HouseholdId { get; } = householdId;
    public Breed Breed { get; } = breed;
    public bool Alive { get; set; } = true;
    public List<LogModel> Logs { get; } = [];
}

public sealed class LogModel(long id, int sheepId, LogKind kind, DateTimeOffset at, bool approved)
{
    public long Id { get; } = id;
    public int SheepId { get; } = sheepId;
    public LogKind Kind { get; } = kind;
    public DateTimeOffset At { get; } = at;
    public bool Approved { get; set; } = approved;
}

public sealed class PaymentModel(int id, int adoptionId, string reference, string provider, bool renewal, long amount)
{
    public int Id { get; } = id;
    public int AdoptionId { get; } = adoptionId;
    public string Reference { get; } = reference;
    public string Provider { get; } = provider;
    public bool Renewal { get; } = renewal;
    public long Amount { get; } = amount;
    public PaymentStatus Status { get; set; } = PaymentStatus.Pending;
    public DateTimeOffset? TermStart { get; set; }
    public DateTimeOffset? TermEnd { get; set; }
    public long Village { get; set; }
    public long Cooperative { get; set; }
    public long Platform { get; set; }
    public long Herder { get; set; }
    public long Refunded { get; set; }
    public long CareTranche { get; set; }
    public bool CareReleased { get; set; }
    public bool FinalPosted { get; set; }
    public bool RefundPosted { get; set; }

    /// <summary>The part still held for the adoption (captured payments only).</summary>
    public long Deferred => Status == PaymentStatus.Captured ? Amount - Village - Cooperative - Platform - Herder - Refunded : 0;

    /// <summary>What the split gives the herder of this payment, computed the plain way.</summary>
    public long HerderShare => Fen.Split(Amount, LifeProgramme.Rule.HerderBasisPoints, LifeProgramme.Rule.VillageBasisPoints,
        LifeProgramme.Rule.CooperativeBasisPoints, LifeProgramme.Rule.PlatformBasisPoints)[0];
}

public sealed class AdoptionModel(int id, int sheepId, string sponsor, DeathPolicy policy, long priceFen, int termMonths)
{
    public int Id { get; } = id;
    public int SheepId { get; set; } = sheepId;
    public string Sponsor { get; } = sponsor;
    public DeathPolicy Policy { get; } = policy;
    public long PriceFen { get; } = priceFen;
    public int TermMonths { get; } = termMonths;
    public AdoptionStatus Status { get; set; } = AdoptionStatus.PendingPayment;
    public DateTimeOffset? EndAt { get; set; }
    public DateTimeOffset? ReservedUntil { get; set; }
    public DateTimeOffset? ReplacementDueAt { get; set; }

    /// <summary>When its sheep died, for the refund's bound (the unexpired part at that moment).</summary>
    public DateTimeOffset? DiedAt { get; set; }

    public List<PaymentModel> Payments { get; } = [];

    public bool Holds => Status is AdoptionStatus.PendingPayment or AdoptionStatus.Active;

    public bool IsOver => Status is AdoptionStatus.Ended or AdoptionStatus.Refunded or AdoptionStatus.Cancelled or AdoptionStatus.Replaced;

    public IEnumerable<PaymentModel> Captured => Payments.Where(p => p.Status == PaymentStatus.Captured).OrderBy(p => p.Id);
}

public sealed class LineModel(int id, int batchId, int householdId, long amount)
{
    public int Id { get; } = id;
    public int BatchId { get; } = batchId;
    public int HouseholdId { get; } = householdId;
    public long Amount { get; } = amount;
    public PayoutLineStatus Status { get; set; } = PayoutLineStatus.Draft;
}

public sealed class BatchModel(int id, string maker)
{
    public int Id { get; } = id;
    public string Maker { get; } = maker;
    public PayoutBatchStatus Status { get; set; } = PayoutBatchStatus.Draft;
    public List<LineModel> Lines { get; } = [];
}

/// <summary>
/// What the model expects of the programme: every adoption, payment, log and payout line, and every ledger balance,
/// worked out from the steps with the rules as the issue and the app's documentation state them (splits and pro-rata
/// refunds by <see cref="Fen"/>). It predicts each use case's answer; the test compares them with the real ones.
/// </summary>
public sealed class LifeOracle(LifeProgramme programme)
{
    private readonly Dictionary<string, long> balances = new(StringComparer.Ordinal);

    public Dictionary<int, SheepModel> Sheep { get; } = programme.Sheep.ToDictionary(s => s.Id, s => new SheepModel(s.Id, s.HouseholdId, s.Breed));

    public List<AdoptionModel> Adoptions { get; } = [];

    public List<BatchModel> Batches { get; } = [];

    public IEnumerable<PaymentModel> Payments => Adoptions.SelectMany(a => a.Payments).OrderBy(p => p.Id);

    public IEnumerable<LineModel> Lines => Batches.SelectMany(b => b.Lines).OrderBy(l => l.Id);

    public IReadOnlyDictionary<string, long> Balances => balances;

    public DateTimeOffset Now => programme.Clock.Now;

    public LifeHousehold Household(int id) => programme.Households.Single(h => h.Id == id);

    public bool IsHeld(int sheepId, AdoptionModel? except = null) => Adoptions.Any(a => a != except && a.SheepId == sheepId && a.Holds);

    public long Balance(string account) => balances.GetValueOrDefault(account);

    private void Move(string from, string to, long fen)
    {
        balances[from] = Balance(from) - fen;
        balances[to] = Balance(to) + fen;
    }

    // ---- Checkout and payment notices ----

    /// <summary>A death waiting for an administrator is named as such; once confirmed the sheep is simply unavailable.</summary>
    public CheckoutError Checkout(int sheepId) =>
        RemovalPending(sheepId) ? CheckoutError.SheepRemovalPending
        : !Sheep[sheepId].Alive ? CheckoutError.SheepUnavailable
        : IsHeld(sheepId) ? CheckoutError.SheepTaken
        : CheckoutError.None;

    public void Placed(AdoptionModel adoption, PaymentModel payment, string provider)
    {
        adoption.ReservedUntil = provider == BankTransferPayments.ProviderName ? Now.AddHours(72) : Now.AddMinutes(15);
        adoption.Payments.Add(payment);
        Adoptions.Add(adoption);
    }

    /// <summary>A capture notice for <paramref name="payment"/> of <paramref name="amount"/>; returns whether it activated or renewed.</summary>
    public bool Capture(PaymentModel payment, long amount)
    {
        var adoption = Adoption(payment);
        if (payment.Status is PaymentStatus.Captured or PaymentStatus.Flagged or PaymentStatus.Refunded)
        {
            return false;
        }

        var closed = !adoption.Holds;
        if (amount != payment.Amount || (closed && (!Sheep[adoption.SheepId].Alive || RemovalPending(adoption.SheepId) || IsHeld(adoption.SheepId, adoption))))
        {
            payment.Status = PaymentStatus.Flagged;
            return false;
        }

        if (payment.Renewal && adoption.Status == AdoptionStatus.Active && adoption.EndAt is { } end)
        {
            payment.TermStart = end;
            adoption.EndAt = end.AddMonths(adoption.TermMonths);
        }
        else
        {
            adoption.Status = AdoptionStatus.Active;
            adoption.EndAt = Now.AddMonths(adoption.TermMonths);
            adoption.ReservedUntil = null;
            payment.TermStart = Now;
        }

        payment.TermEnd = adoption.EndAt;
        payment.Status = PaymentStatus.Captured;
        Move(LedgerAccounts.PspClearing, LedgerAccounts.AdoptionDeferred(adoption.Id), payment.Amount);
        Activate(adoption, payment);
        return true;
    }

    public void Decline(PaymentModel payment)
    {
        if (payment.Status != PaymentStatus.Pending)
        {
            return;
        }

        payment.Status = PaymentStatus.Declined;
        var adoption = Adoption(payment);
        if (!payment.Renewal && adoption.Status == AdoptionStatus.PendingPayment)
        {
            adoption.Status = AdoptionStatus.Cancelled;
            adoption.ReservedUntil = null;
        }
    }

    // ---- Releases ----

    private void Activate(AdoptionModel adoption, PaymentModel payment)
    {
        var rule = LifeProgramme.Rule;
        var split = Fen.Split(payment.Amount, rule.HerderBasisPoints, rule.VillageBasisPoints, rule.CooperativeBasisPoints, rule.PlatformBasisPoints);
        var tranches = Fen.Split(split[0], rule.ActivationTrancheBasisPoints, rule.CareTrancheBasisPoints, 10_000 - rule.ActivationTrancheBasisPoints - rule.CareTrancheBasisPoints);
        var household = Household(Sheep[adoption.SheepId].HouseholdId);
        var deferred = LedgerAccounts.AdoptionDeferred(adoption.Id);
        Move(deferred, LedgerAccounts.VillageCollective(household.VillageId), split[1]);
        Move(deferred, LedgerAccounts.Cooperative, split[2]);
        Move(deferred, LedgerAccounts.PlatformFees, split[3]);
        Move(deferred, LedgerAccounts.HerderPayable(household.Id), tranches[0]);
        (payment.Village, payment.Cooperative, payment.Platform, payment.Herder, payment.CareTranche) = (split[1], split[2], split[3], tranches[0], tranches[1]);
    }

    private void ToHerder(AdoptionModel adoption, PaymentModel payment, long fen)
    {
        Move(LedgerAccounts.AdoptionDeferred(adoption.Id), LedgerAccounts.HerderPayable(Sheep[adoption.SheepId].HouseholdId), fen);
        payment.Herder += fen;
    }

    private void Final(AdoptionModel adoption, PaymentModel payment)
    {
        if (!payment.FinalPosted && payment.Deferred > 0)
        {
            payment.FinalPosted = true;
            ToHerder(adoption, payment, payment.Deferred);
        }
    }

    private void Refund(AdoptionModel adoption, PaymentModel payment, DateTimeOffset endedAt)
    {
        if (payment.RefundPosted || payment.FinalPosted)
        {
            return;
        }

        var fen = Math.Min(Fen.Unexpired(payment.Amount, payment.TermStart!.Value, payment.TermEnd!.Value, endedAt), payment.Deferred);
        if (fen > 0)
        {
            payment.RefundPosted = true;
            payment.Refunded += fen;

            // The refund waits for the provider to confirm it (the refund dispatcher and its tests, outside this model).
            Move(LedgerAccounts.AdoptionDeferred(adoption.Id), LedgerAccounts.RefundsPending, fen);
        }

        Final(adoption, payment);
    }

    /// <summary>The hourly release job: care after approved proof, the rest when a payment's term is over.</summary>
    public void ReleaseJob()
    {
        foreach (var adoption in Adoptions)
        {
            foreach (var payment in adoption.Captured.Where(p => !p.FinalPosted && !p.RefundPosted))
            {
                if (payment.TermEnd!.Value <= Now)
                {
                    Final(adoption, payment);
                    continue;
                }

                var from = payment.TermStart!.Value.AddDays(LifeProgramme.Rule.CareMinDays);
                if (adoption.Status != AdoptionStatus.Active || payment.CareReleased || from > Now)
                {
                    continue;
                }

                var proof = Sheep[adoption.SheepId].Logs.Where(l => l.Approved && l.At >= from && l.At <= payment.TermEnd.Value).ToList();
                if (proof.Any(l => l.Kind == LogKind.Weighing) && proof.Any(l => l.Kind == LogKind.Photo))
                {
                    var fen = Math.Min(payment.CareTranche, payment.Deferred);
                    if (fen > 0)
                    {
                        payment.CareReleased = true;
                        ToHerder(adoption, payment, fen);
                    }
                }
            }
        }
    }

    /// <summary>The term-end job: an active adoption whose term is over ends, and every ended term releases its rest.</summary>
    public void TermEnds()
    {
        foreach (var adoption in Adoptions.Where(a => a.Status == AdoptionStatus.Active && a.EndAt <= Now))
        {
            adoption.Status = AdoptionStatus.Ended;
            foreach (var payment in adoption.Captured.Where(p => p.TermEnd <= Now))
            {
                Final(adoption, payment);
            }
        }
    }

    public void ReservationExpiry()
    {
        foreach (var adoption in Adoptions.Where(a => a.Status == AdoptionStatus.PendingPayment && a.ReservedUntil < Now))
        {
            adoption.Status = AdoptionStatus.Cancelled;
            adoption.ReservedUntil = null;
            foreach (var payment in adoption.Payments.Where(p => !p.Renewal && p.Status == PaymentStatus.Pending))
            {
                payment.Status = PaymentStatus.Expired;
            }
        }
    }

    // ---- The flock: logs, reviews, deaths, replacements ----

    /// <summary>Whether the herder's entry for this sheep is recorded (a removed sheep takes none).</summary>
    public bool Record(int sheepId) => Sheep[sheepId].Alive;

    /// <summary>A reported death waits for an administrator: the sheep stays in the flock but nobody may take it on.</summary>
    public bool RemovalPending(int sheepId) => Sheep[sheepId].Logs.Any(l => l.Kind == LogKind.Death && !l.Approved);

    public void Recorded(long logId, int sheepId, LogKind kind)
    {
        var sheep = Sheep[sheepId];
        var trusted = Household(sheep.HouseholdId).Trusted;
        sheep.Logs.Add(new LogModel(logId, sheepId, kind, Now, trusted && kind != LogKind.Death));
        if (kind == LogKind.Death)
        {
            if (trusted)
            {
                // A trusted household's death is approved with its write, and settles the adoptions there and then.
                Approve([logId]);
            }
        }
    }

    public IEnumerable<LogModel> PendingLogs => Sheep.Values.SelectMany(s => s.Logs).Where(l => !l.Approved).OrderBy(l => l.Id);

    /// <summary>An administrator approves these logs; a death among them settles the sheep's adoptions by their policy.</summary>
    public void Approve(IReadOnlyCollection<long> logIds)
    {
        var approved = PendingLogs.Where(l => logIds.Contains(l.Id)).ToList();
        foreach (var log in approved)
        {
            log.Approved = true;
        }

        foreach (var death in approved.Where(l => l.Kind == LogKind.Death))
        {
            Sheep[death.SheepId].Alive = false;
            foreach (var pending in Adoptions.Where(a => a.SheepId == death.SheepId && a.Status == AdoptionStatus.PendingPayment))
            {
                pending.Status = AdoptionStatus.Cancelled;
                pending.ReservedUntil = null;
                foreach (var payment in pending.Payments.Where(p => p.Status == PaymentStatus.Pending))
                {
                    payment.Status = PaymentStatus.Expired;
                }
            }

            foreach (var adoption in Adoptions.Where(a => a.SheepId == death.SheepId && a.Status == AdoptionStatus.Active && a.ReplacementDueAt is null).ToList())
            {
                switch (adoption.Policy)
                {
                    case DeathPolicy.ProRataRefund:
                        adoption.DiedAt = death.At;
                        foreach (var payment in adoption.Captured)
                        {
                            Refund(adoption, payment, death.At);
                        }

                        adoption.Status = AdoptionStatus.Refunded;
                        break;
                    case DeathPolicy.DonateRemainder:
                        foreach (var payment in adoption.Captured)
                        {
                            Final(adoption, payment);
                        }

                        adoption.Status = AdoptionStatus.Ended;
                        break;
                    default:
                        adoption.ReplacementDueAt = Now.AddDays(14);
                        break;
                }
            }
        }
    }

    public ReplacementError Replace(AdoptionModel adoption, int sheepId)
    {
        if (adoption.Status != AdoptionStatus.Active || adoption.ReplacementDueAt is null)
        {
            return ReplacementError.NotAwaiting;
        }

        if (!Sheep[sheepId].Alive || RemovalPending(sheepId))
        {
            return ReplacementError.SheepUnavailable;
        }

        if (IsHeld(sheepId, adoption))
        {
            return ReplacementError.SheepTaken;
        }

        adoption.SheepId = sheepId;
        adoption.ReplacementDueAt = null;
        return ReplacementError.None;
    }

    /// <summary>The replacement deadline job: a free living sheep, the dead one's breed first, then its household, then the oldest.</summary>
    public void ReplacementDeadlines()
    {
        foreach (var adoption in Adoptions.Where(a => a.Status == AdoptionStatus.Active && a.ReplacementDueAt <= Now).OrderBy(a => a.ReplacementDueAt).ToList())
        {
            var dead = Sheep[adoption.SheepId];
            var free = Sheep.Values.Where(s => s.Alive && !RemovalPending(s.Id) && !IsHeld(s.Id))
                .OrderBy(s => s.Breed == dead.Breed ? 0 : 1).ThenBy(s => s.HouseholdId == dead.HouseholdId ? 0 : 1).ThenBy(s => s.Id).FirstOrDefault();
            if (free is not null)
            {
                Replace(adoption, free.Id);
            }
        }
    }

    /// <summary>Whether a renewal may start now; the payment it continues when one is waiting the same way.</summary>
    public (bool Renewable, PaymentModel? Waiting) Renewal(AdoptionModel adoption, string provider) =>
        adoption.Status == AdoptionStatus.Active && Sheep[adoption.SheepId].Alive && adoption.EndAt is { } end && Now < end && Now >= end.AddDays(-30)
            ? (true, adoption.Payments.Where(p => p.Renewal && p.Status == PaymentStatus.Pending && p.Provider == provider).OrderByDescending(p => p.Id).FirstOrDefault())
            : (false, null);

    // ---- Payouts ----

    public BatchModel? OpenBatch => Batches.LastOrDefault(b => b.Status is PayoutBatchStatus.Draft or PayoutBatchStatus.Approved);

    /// <summary>The lines a draft would have: every household whose payable balance is at least the minimum.</summary>
    public List<(int HouseholdId, long Amount)> DraftLines(long minimumFen) =>
        [.. programme.Households.Select(h => (h.Id, Balance(LedgerAccounts.HerderPayable(h.Id)))).Where(x => x.Item2 >= Math.Max(1, minimumFen)).OrderBy(x => x.Id)];

    public void Export(BatchModel batch)
    {
        batch.Status = PayoutBatchStatus.Exported;
        foreach (var line in batch.Lines)
        {
            line.Status = PayoutLineStatus.InTransit;
            Move(LedgerAccounts.HerderPayable(line.HouseholdId), LedgerAccounts.HerderInTransit(line.HouseholdId), line.Amount);
        }
    }

    public bool Settle(LineModel line, bool paid)
    {
        if (line.Status != PayoutLineStatus.InTransit)
        {
            return false;
        }

        line.Status = paid ? PayoutLineStatus.Paid : PayoutLineStatus.Failed;
        Move(LedgerAccounts.HerderInTransit(line.HouseholdId), paid ? LedgerAccounts.World : LedgerAccounts.HerderPayable(line.HouseholdId), line.Amount);
        return true;
    }

    public AdoptionModel Adoption(PaymentModel payment) => Adoptions.Single(a => a.Id == payment.AdoptionId);
}
