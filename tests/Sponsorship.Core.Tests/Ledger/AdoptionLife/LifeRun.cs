using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Adoptions;
using Sponsorship.Core.Flock;
using Sponsorship.Core.Jobs;
using Sponsorship.Core.Ledger;
using Sponsorship.Core.Payments;
using Sponsorship.Core.Payouts;
using Sponsorship.Core.Tests.Flock;

namespace Sponsorship.Core.Tests.Ledger;

/// <summary>Thrown when the programme and the model disagree; the message names the step and what differed.</summary>
public sealed class LifeMismatchException(string message) : Exception(message);

/// <summary>
/// Plays one story against the real programme (<see cref="LifeProgramme"/>: the app's use cases, signed payment notices,
/// the scheduled jobs) and the model (<see cref="LifeOracle"/>) side by side. After every step the ledger must be intact,
/// every balance what the model expects, every adoption and payment in the expected state, each refund within the
/// unexpired part, each herder's release within the herder's share, and an adoption that is over must hold no money. At
/// the end every term is over and every adoption's money is all accounted for, to the fen.
/// </summary>
public sealed class LifeRun(LifeProgramme programme)
{
    private static readonly byte[] Photo = TestImages.Jpeg(96, 72);
    private static readonly TimeSpan[] Waits =
    [
        TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(20), TimeSpan.FromHours(1), TimeSpan.FromDays(1), TimeSpan.FromDays(10), TimeSpan.FromDays(31),
        TimeSpan.FromDays(122), TimeSpan.FromDays(335),
    ];

    private readonly LifeOracle oracle = new(programme);
    private readonly List<Notice> notices = [];
    private string step = "start";

    private sealed record Notice(string Provider, string Body, string Signature, string Reference, long Amount);

    public async Task PlayAsync(LifeStory story)
    {
        ArgumentNullException.ThrowIfNull(story);
        for (var i = 0; i < story.Steps.Length; i++)
        {
            step = $"step {i + 1} {story.Steps[i]} at {programme.Clock.Now:yyyy-MM-dd HH:mm}";
            await ApplyAsync(story.Steps[i]);
            await CheckAsync();
        }

        await EndOfLifeAsync(story.FinalJobOrder);
    }

    private async Task ApplyAsync(LifeStep s)
    {
        switch (s.Kind)
        {
            case StepKind.Checkout:
                await CheckoutAsync(s);
                break;
            case StepKind.Capture or StepKind.CaptureWrongAmount or StepKind.Decline:
                await NoticeAsync(s);
                break;
            case StepKind.ReplayNotice:
                await ReplayAsync(s);
                break;
            case StepKind.Weigh or StepKind.Photo:
                await RecordAsync(s);
                break;
            case StepKind.Review:
                await ReviewAsync(s);
                break;
            case StepKind.Death:
                await DeathAsync(s);
                break;
            case StepKind.ChooseReplacement:
                await ReplaceAsync(s);
                break;
            case StepKind.Renew:
                await RenewAsync(s);
                break;
            case StepKind.Wait:
                programme.Clock.Now += Waits[s.A % Waits.Length];
                break;
            case StepKind.WaitForTermEnd:
                WaitForTermEnd(s);
                break;
            case StepKind.RunJob:
                await RunJobAsync(s.A % LifeSteps.Jobs);
                break;
            case StepKind.RunDueJobs:
                foreach (var ran in await programme.Runner.RunDueAsync("model", new SettledPeriods()))
                {
                    Expect(!ran.Failed, $"job {ran.Job} failed: {ran.Outcome}");
                    ModelJob(ran.Job);
                }

                break;
            default:
                await PayoutAsync(s);
                break;
        }
    }

    // ---- Checkout and payments ----

    private async Task CheckoutAsync(LifeStep s)
    {
        var sheepId = programme.Sheep[s.A % programme.Sheep.Count].Id;
        var sponsor = programme.Sponsors[s.B % programme.Sponsors.Count];
        var plan = programme.Plans[s.B / 2 % programme.Plans.Count];
        var policy = (DeathPolicy)(1 + (s.B / 4 % 3));
        var provider = s.B / 12 % 4 == 0 ? BankTransferPayments.ProviderName : SandboxPayments.ProviderName;
        var expected = oracle.Checkout(sheepId);
        var request = new CheckoutRequest(sheepId, plan.Id, "李喆", EndOfTermOptions.NothingFurther, policy, provider, "zh-CN", Guid.NewGuid().ToString("N"));

        var placed = await programme.Checkout.PlaceAsync(request, sponsor, "/my");

        Same(expected, placed.Error, "checkout");
        if (placed.Succeeded)
        {
            var paymentId = await PaymentIdAsync(placed.PaymentReference);
            oracle.Placed(
                new AdoptionModel(placed.AdoptionId, sheepId, sponsor, policy, plan.PriceFen, plan.TermMonths),
                new PaymentModel(paymentId, placed.AdoptionId, placed.PaymentReference, provider, renewal: false, plan.PriceFen), provider);
        }
    }

    private async Task NoticeAsync(LifeStep s)
    {
        var payments = oracle.Payments.ToList();
        if (payments.Count == 0)
        {
            return;
        }

        var payment = payments[s.A % payments.Count];
        var amount = payment.Amount + (s.Kind == StepKind.CaptureWrongAmount ? 1 + (s.B % 500) : 0);
        NoticeResult? result;
        if (payment.Provider == BankTransferPayments.ProviderName)
        {
            if (s.Kind == StepKind.Decline)
            {
                return;
            }

            // A transfer's reference is its event: a second confirmation, whatever its amount, is the same transfer again.
            var confirmed = notices.Any(n => n.Provider == BankTransferPayments.ProviderName && n.Reference == payment.Reference);
            result = await programme.Events.ConfirmBankTransferAsync(payment.Reference, amount, programme.Maker);
            if (confirmed)
            {
                Same(NoticeHandling.Replay, result!.Handling, "a transfer confirmed a second time");
                return;
            }

            notices.Add(new Notice(payment.Provider, "", "", payment.Reference, amount));
        }
        else
        {
            var type = s.Kind == StepKind.Decline ? "payment.declined" : "payment.captured";
            var (body, signature) = programme.Sandbox.Event(type, payment.Reference, amount, "CNY");
            notices.Add(new Notice(payment.Provider, body, signature, payment.Reference, amount));
            result = await SendAsync(body, signature);
        }

        Expect(result is { Handling: NoticeHandling.Applied }, $"the notice was not applied: {result?.Outcome}");
        if (s.Kind == StepKind.Decline)
        {
            oracle.Decline(payment);
            return;
        }

        var activated = oracle.Capture(payment, amount);
        Same(activated, result!.Outcome.StartsWith("captured", StringComparison.Ordinal), $"capture outcome '{result.Outcome}'");
    }

    private async Task ReplayAsync(LifeStep s)
    {
        if (notices.Count == 0)
        {
            return;
        }

        var notice = notices[s.A % notices.Count];
        if (notice.Provider == BankTransferPayments.ProviderName)
        {
            var again = await programme.Events.ConfirmBankTransferAsync(notice.Reference, notice.Amount, programme.Maker);
            Same(NoticeHandling.Replay, again!.Handling, "a confirmed transfer confirmed again");
            return;
        }

        // A replay older than the signature's tolerance is refused before anything is read; a fresh one is acknowledged.
        var reading = programme.Sandbox.ReadWebhook(notice.Body, h => h == SandboxPayments.SignatureHeader ? notice.Signature : null);
        if (reading.Notice is { } read)
        {
            Same(NoticeHandling.Replay, (await programme.Events.HandleAsync(read, notice.Body)).Handling, "a replayed notice");
        }
    }

    private async Task<NoticeResult> SendAsync(string body, string signature)
    {
        var reading = programme.Sandbox.ReadWebhook(body, h => h == SandboxPayments.SignatureHeader ? signature : null);
        return await programme.Events.HandleAsync(reading.Notice ?? throw new LifeMismatchException($"{step}: {reading.Problem}"), body);
    }

    private async Task RenewAsync(LifeStep s)
    {
        if (oracle.Adoptions.Count == 0)
        {
            return;
        }

        var adoption = oracle.Adoptions[s.A % oracle.Adoptions.Count];
        var provider = s.B % 3 == 0 ? BankTransferPayments.ProviderName : SandboxPayments.ProviderName;
        var (renewable, waiting) = oracle.Renewal(adoption, provider);

        var result = await programme.Renewals.StartAsync(adoption.Id, adoption.Sponsor, provider, Guid.NewGuid().ToString("N"), "/my");

        Same(renewable ? RenewalError.None : RenewalError.NotRenewable, result.Error, "renewal");
        if (!renewable)
        {
            return;
        }

        if (waiting is not null)
        {
            Same(waiting.Reference, result.PaymentReference, "the renewal waiting for its money");
            return;
        }

        adoption.Payments.Add(new PaymentModel(
            await PaymentIdAsync(result.PaymentReference), adoption.Id, result.PaymentReference, provider, renewal: true, adoption.PriceFen));
    }

    private async Task<int> PaymentIdAsync(string reference)
    {
        await using var db = await programme.DbFactory.CreateDbContextAsync();
        return await db.Payments.Where(p => p.ProviderReference == reference).Select(p => p.Id).SingleAsync();
    }

    // ---- The flock ----

    private async Task RecordAsync(LifeStep s)
    {
        var sheep = programme.Sheep[s.A % programme.Sheep.Count];
        var herder = programme.Households.Single(h => h.Id == sheep.HouseholdId).HerderUserId;
        var key = Guid.NewGuid().ToString("N");
        var expected = oracle.Record(sheep.Id);

        var result = s.Kind == StepKind.Weigh
            ? await programme.Logbook.RecordWeighingAsync(herder, new WeighingEntry(key, sheep.Id, programme.Calendar.Today, 30m + (s.B % 20)))
            : await programme.Logbook.AddPhotosAsync(herder, new PhotoEntry(key, sheep.Id, programme.Calendar.Today, [new PhotoUpload("sheep.jpg", new MemoryStream(Photo))]));

        Same(expected ? LogbookOutcome.Recorded : LogbookOutcome.NotFound, result.Outcome, "herder's entry");
        if (result.Outcome == LogbookOutcome.Recorded)
        {
            oracle.Recorded(result.LogId!.Value, sheep.Id, s.Kind == StepKind.Weigh ? LogKind.Weighing : LogKind.Photo);
        }
    }

    private async Task ReviewAsync(LifeStep s)
    {
        var pending = oracle.PendingLogs.ToList();
        if (pending.Count == 0)
        {
            return;
        }

        List<long> ids = s.A % 3 == 0 ? [.. pending.Select(l => l.Id)] : [pending[s.B % pending.Count].Id];
        var result = await programme.Review.ApproveAsync(ids, programme.Checker);
        Same(ids.Count, result.Changed, "logs approved");
        oracle.Approve(ids);
    }

    private async Task DeathAsync(LifeStep s)
    {
        var sheepId = s.A % 3 != 0 && oracle.Adoptions.Count > 0
            ? oracle.Adoptions[s.B % oracle.Adoptions.Count].SheepId
            : programme.Sheep[s.B % programme.Sheep.Count].Id;
        var herder = programme.Households.Single(h => h.Id == oracle.Sheep[sheepId].HouseholdId).HerderUserId;
        var expected = !oracle.Record(sheepId) ? LogbookOutcome.NotFound
            : oracle.RemovalPending(sheepId) ? LogbookOutcome.Invalid
            : LogbookOutcome.Recorded;

        var result = await programme.Logbook.RecordDeathAsync(
            herder, new DeathEntry(Guid.NewGuid().ToString("N"), sheepId, programme.Calendar.Today, RemovalReason.NaturalDeath, "after the blizzard"));

        Same(expected, result.Outcome, "death recorded");
        if (result.Outcome != LogbookOutcome.Recorded)
        {
            return;
        }

        oracle.Recorded(result.LogId!.Value, sheepId, LogKind.Death);
        var trusted = programme.Households.Single(h => h.HerderUserId == herder).Trusted;
        if (s.A % 2 == 0)
        {
            // An administrator confirms it at once; otherwise a later review does. A trusted household's is confirmed already.
            Same(trusted ? 0 : 1, (await programme.Review.ApproveAsync([result.LogId.Value], programme.Maker)).Changed, "death confirmed");
            if (!trusted)
            {
                oracle.Approve([result.LogId.Value]);
            }
        }
    }

    private async Task ReplaceAsync(LifeStep s)
    {
        var awaiting = oracle.Adoptions.Where(a => a.ReplacementDueAt is not null && a.Status == AdoptionStatus.Active).ToList();
        var candidates = awaiting.Count > 0 ? awaiting : oracle.Adoptions;
        if (candidates.Count == 0)
        {
            return;
        }

        var adoption = candidates[s.A % candidates.Count];
        var sheepId = programme.Sheep[s.B % programme.Sheep.Count].Id;

        var result = await programme.Replacements.ChooseAsync(adoption.Id, adoption.Sponsor, sheepId);

        Same(oracle.Replace(adoption, sheepId), result.Error, "replacement");
    }

    // ---- Time and the scheduled jobs ----

    private void WaitForTermEnd(LifeStep s)
    {
        var ends = oracle.Adoptions.Where(a => a.EndAt is not null).Select(a => a.EndAt!.Value).Where(e => e > programme.Clock.Now).Order().ToList();
        TimeSpan[] around = [TimeSpan.FromMinutes(-1), TimeSpan.Zero, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(61)];
        var target = ends.Count == 0 ? programme.Clock.Now : ends[s.A % ends.Count] + around[s.B % around.Length];
        programme.Clock.Now = target > programme.Clock.Now ? target : programme.Clock.Now.AddMinutes(1);
    }

    private async Task RunJobAsync(int index)
    {
        var job = programme.Jobs[index];
        await job.RunAsync(CancellationToken.None);
        ModelJob(job.Name);
    }

    private void ModelJob(string name)
    {
        switch (name)
        {
            case "reservation-expiry":
                oracle.ReservationExpiry();
                break;
            case "term-ends":
                oracle.TermEnds();
                break;
            case "ledger-releases":
                oracle.ReleaseJob();
                break;
            case "replacement-deadlines":
                oracle.ReplacementDeadlines();
                break;
        }
    }

    // ---- Payouts ----

    private async Task PayoutAsync(LifeStep s)
    {
        var payouts = programme.Payouts;
        var batch = oracle.Batches.LastOrDefault();
        switch (s.Kind)
        {
            case StepKind.DraftPayout:
                long[] minimums = [0, 1, 5_000, 50_000];
                var minimum = minimums[s.A % minimums.Length];
                var open = oracle.OpenBatch;
                var lines = oracle.DraftLines(minimum);
                var (batchId, outcome) = await payouts.DraftAsync(programme.Calendar.Today, minimum, programme.Maker);
                Same(open is not null ? PayoutOutcome.OpenBatchExists : lines.Count == 0 ? PayoutOutcome.NothingToPay : PayoutOutcome.Done, outcome, "draft");
                if (batchId is { } id)
                {
                    var drafted = (await payouts.DetailAsync(id, programme.Maker))!.Lines.OrderBy(l => l.HouseholdId).ToList();
                    Same(string.Join(";", lines.Select(l => $"{l.HouseholdId}={l.Amount}")), string.Join(";", drafted.Select(l => $"{l.HouseholdId}={l.AmountFen}")), "draft lines");
                    var model = new BatchModel(id, programme.Maker);
                    model.Lines.AddRange(drafted.Select(l => new LineModel(l.Id, id, l.HouseholdId, l.AmountFen)));
                    oracle.Batches.Add(model);
                }

                break;
            case StepKind.ApprovePayout when batch is not null:
                var approver = s.B % 4 == 0 ? programme.Maker : programme.Checker;
                var approved = await payouts.ApproveAsync(batch.Id, approver);
                if (approver == batch.Maker)
                {
                    Same(PayoutOutcome.MakerCannotApprove, approved, "approval by the batch's maker");
                }
                else
                {
                    Same(batch.Status == PayoutBatchStatus.Draft, approved == PayoutOutcome.Done, $"approval ({approved})");
                    batch.Status = batch.Status == PayoutBatchStatus.Draft ? PayoutBatchStatus.Approved : batch.Status;
                }

                break;
            case StepKind.ExportPayout when batch is not null:
                var exported = await payouts.ExportAsync(batch.Id, programme.Checker);
                Same(batch.Status == PayoutBatchStatus.Approved, exported == PayoutOutcome.Done, $"export ({exported})");
                if (exported == PayoutOutcome.Done)
                {
                    oracle.Export(batch);
                }

                break;
            case StepKind.DiscardPayout when batch is not null:
                var discarded = await payouts.DiscardAsync(batch.Id, programme.Maker);
                Same(batch.Status is PayoutBatchStatus.Draft or PayoutBatchStatus.Approved, discarded == PayoutOutcome.Done, $"discard ({discarded})");
                batch.Status = discarded == PayoutOutcome.Done ? PayoutBatchStatus.Discarded : batch.Status;
                break;
            case StepKind.ConfirmLine or StepKind.FailLine:
                var all = oracle.Lines.ToList();
                if (all.Count == 0)
                {
                    return;
                }

                var line = all[s.A % all.Count];
                var paid = s.Kind == StepKind.ConfirmLine;
                var settled = paid ? await payouts.ConfirmLineAsync(line.Id, programme.Checker) : await payouts.FailLineAsync(line.Id, "returned by the bank", programme.Checker);
                Same(oracle.Settle(line, paid), settled == PayoutOutcome.Done, $"bank {(paid ? "confirmation" : "failure")} ({settled})");
                break;
        }
    }

    // ---- The end of every life ----

    private async Task EndOfLifeAsync(int[] jobOrder)
    {
        var lastEnd = oracle.Adoptions.Select(a => a.EndAt ?? programme.Clock.Now).DefaultIfEmpty(programme.Clock.Now).Max();
        foreach (var jump in new[] { TimeSpan.FromDays(15), (lastEnd > programme.Clock.Now ? lastEnd - programme.Clock.Now : TimeSpan.Zero) + TimeSpan.FromDays(1) })
        {
            programme.Clock.Now += jump;
            foreach (var job in jobOrder)
            {
                step = $"end of life, job {programme.Jobs[job].Name} at {programme.Clock.Now:yyyy-MM-dd HH:mm}";
                await RunJobAsync(job);
                await CheckAsync();
            }
        }

        step = "end of life";
        foreach (var job in jobOrder)
        {
            await RunJobAsync(job);
        }

        await CheckAsync();
        var (_, accounts, _, _, entries) = snapshot!;
        foreach (var adoption in oracle.Adoptions)
        {
            var paid = adoption.Captured.Sum(p => p.Amount);
            var mine = entries.Where(e => e.AdoptionId == adoption.Id).ToList();
            var captured = -mine.Where(e => e.TransactionKind == LedgerKinds.Capture && e.AccountKind == AccountKind.PspClearing).Sum(e => e.AmountFen);
            long To(AccountKind kind) => mine.Where(e => e.AccountKind == kind && e.TransactionKind != LedgerKinds.Capture).Sum(e => e.AmountFen);
            var refunds = To(AccountKind.PspClearing) + To(AccountKind.SponsorCredit) + To(AccountKind.RefundsPending);
            var parts = To(AccountKind.HerderPayable) + To(AccountKind.VillageCollective) + To(AccountKind.Cooperative) + To(AccountKind.PlatformFees);
            Expect(adoption.IsOver, $"adoption {adoption.Id} is still {adoption.Status} after every term ended");
            Same(paid, captured, $"adoption {adoption.Id}: captured into the ledger");
            Same(paid, parts + refunds, $"adoption {adoption.Id}: household + village + cooperative + platform + refunds");
            Same(0L, accounts.FirstOrDefault(a => a.Code == LedgerAccounts.AdoptionDeferred(adoption.Id))?.BalanceFen ?? 0, $"adoption {adoption.Id}: still held");
        }
    }

    // ---- After every step ----

    private sealed record EntryRow(int AdoptionId, string TransactionKind, AccountKind AccountKind, long AmountFen);

    private sealed record AccountRow(string Code, AccountKind Kind, long BalanceFen);

    private sealed record AdoptionRow(int Id, AdoptionStatus Status, int SheepId, DateTimeOffset? EndAt);

    private sealed record PaymentRow(int Id, PaymentStatus Status, DateTimeOffset? TermEnd);

    /// <summary>What the database held when it was last read: unchanged until another write commits.</summary>
    private sealed record Snapshot(
        LedgerIntegrityReport Integrity, List<AccountRow> Accounts, Dictionary<int, AdoptionRow> Adoptions, Dictionary<int, PaymentRow> Payments,
        List<EntryRow> Entries);

    private Snapshot? snapshot;

    private static Task<List<EntryRow>> EntriesAsync(Sponsorship.Core.Data.SponsorshipDbContext db) =>
        db.LedgerEntries.AsNoTracking().Where(e => e.Transaction.AdoptionId != null)
            .Select(e => new EntryRow(e.Transaction.AdoptionId!.Value, e.Transaction.Kind, e.Account.Kind, e.AmountFen)).ToListAsync();

    private async Task<Snapshot> ReadAsync()
    {
        await using var db = await programme.DbFactory.CreateDbContextAsync();
        return new Snapshot(
            await LedgerIntegrity.CheckAsync(db, programme.Clock.Now),
            await db.LedgerAccounts.AsNoTracking().Select(a => new AccountRow(a.Code, a.Kind, a.BalanceFen)).ToListAsync(),
            await db.Adoptions.AsNoTracking().Select(a => new AdoptionRow(a.Id, a.Status, a.SheepId, a.EndAt)).ToDictionaryAsync(a => a.Id),
            await db.Payments.AsNoTracking().Select(p => new PaymentRow(p.Id, p.Status, p.TermEnd)).ToDictionaryAsync(p => p.Id),
            await EntriesAsync(db));
    }

    /// <summary>
    /// The whole ledger re-verified and every row compared with the model. The database is read again only when a write
    /// committed since the last read (most waits and refused commands change nothing); the model is compared every time.
    /// </summary>
    private async Task CheckAsync()
    {
        if (await programme.ChangedSinceLastAskedAsync() || snapshot is null)
        {
            snapshot = await ReadAsync();
        }

        var (report, accounts, adoptions, payments, entries) = snapshot;
        Expect(report.IsIntact, $"the ledger is not intact (chain broken at {report.FirstBrokenTransactionId}, sum {report.GlobalSumFen})");
        foreach (var account in accounts.Where(a => LedgerBook.IsProtected(a.Kind)))
        {
            Expect(account.BalanceFen >= 0, $"{account.Code} is negative: {account.BalanceFen}");
        }

        foreach (var code in accounts.Select(a => a.Code).Union(oracle.Balances.Keys).Order(StringComparer.Ordinal))
        {
            Same(oracle.Balance(code), accounts.FirstOrDefault(a => a.Code == code)?.BalanceFen ?? 0, $"balance of {code}");
        }

        Same(oracle.Adoptions.Count, adoptions.Count, "adoptions");
        foreach (var adoption in oracle.Adoptions)
        {
            var real = adoptions[adoption.Id];
            Same(adoption.Status, real.Status, $"adoption {adoption.Id}'s status");
            Same(adoption.SheepId, real.SheepId, $"adoption {adoption.Id}'s sheep");
            Same(adoption.EndAt, real.EndAt, $"adoption {adoption.Id}'s end");
            foreach (var payment in adoption.Payments)
            {
                Same(payment.Status, payments[payment.Id].Status, $"payment {payment.Id}'s status");
                Same(payment.TermEnd, payments[payment.Id].TermEnd, $"payment {payment.Id}'s term end");
            }

            // Bounds worked out the plain way: nobody gets more than their share, no refund more than the time not lived.
            var mine = entries.Where(e => e.AdoptionId == adoption.Id).ToList();
            var refunded = mine.Where(e => e.TransactionKind == LedgerKinds.Refund && e.AccountKind is AccountKind.PspClearing or AccountKind.SponsorCredit or AccountKind.RefundsPending).Sum(e => e.AmountFen);
            var unexpired = adoption.DiedAt is { } died
                ? adoption.Captured.Sum(p => Fen.Unexpired(p.Amount, p.TermStart!.Value, p.TermEnd!.Value, died))
                : 0;
            Expect(refunded <= unexpired, $"adoption {adoption.Id}: refunded {refunded} fen, more than the unexpired {unexpired}");
            var toHerders = mine.Where(e => e.AccountKind == AccountKind.HerderPayable).Sum(e => e.AmountFen);
            var herderShare = adoption.Captured.Sum(p => p.HerderShare);
            Expect(toHerders <= herderShare, $"adoption {adoption.Id}: {toHerders} fen released to herders, more than their share {herderShare}");
            if (real.Status is not (AdoptionStatus.Active or AdoptionStatus.PendingPayment))
            {
                var held = accounts.FirstOrDefault(a => a.Code == LedgerAccounts.AdoptionDeferred(adoption.Id))?.BalanceFen ?? 0;
                Expect(held == 0, $"adoption {adoption.Id} is {real.Status} but {held} fen are still held for it");
            }
        }
    }

    private void Same<T>(T expected, T actual, string what)
    {
        if (!EqualityComparer<T>.Default.Equals(expected, actual))
        {
            throw new LifeMismatchException($"{step}: {what}: the model expects {expected}, the programme has {actual}");
        }
    }

    private void Expect(bool condition, string what)
    {
        if (!condition)
        {
            throw new LifeMismatchException($"{step}: {what}");
        }
    }
}

