using System.Globalization;
using System.Text;
using CsvHelper;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Data;
using Sponsorship.Core.Identity;
using Sponsorship.Core.Ledger;
using Sponsorship.Core.Payouts;
using Sponsorship.Core.Privacy;
using Sponsorship.Core.Programme;

namespace Sponsorship.Core.Demo;

/// <summary>
/// The demo's last month closed, through the same use cases the office uses: care shares released up to the end of
/// last month, a payout batch for that month drafted by the demo admin, approved by the second admin and exported,
/// and the bank's statement of that batch imported. The bank returns every line as it was sent but one, which it
/// debited together with its transfer fee: that line stays in transit and waits on the reconciliation page (and on
/// today's work) for the office to resolve. So the impact page shows money paid to herders, the demo herder's earnings
/// show a paid payout and the demo sponsors' money trails name the batch that paid their herders.
/// Deterministic (the calendar's dates, the data's order) and idempotent: every step is done once, and a seeding
/// stopped after any of them is finished by the next one.
/// </summary>
public sealed class DemoMoneyCycle(
    IDbContextFactory<SponsorshipDbContext> dbFactory,
    UserManager<ApplicationUser> users,
    AccountNumberProtector accountNumbers,
    ProgrammeCalendar calendar,
    DemoAdoptions adoptions)
{
    /// <summary>The smallest line, as the payouts page offers it.</summary>
    public const long MinimumFen = 10_000;

    /// <summary>What the bank charged for the one transfer it debited with its fee.</summary>
    public const long TransferFeeFen = 200;

    public async Task RunAsync(CancellationToken cancellationToken = default)
    {
        var maker = await UserIdAsync(DemoAccounts.Admin);
        var checker = await UserIdAsync(DemoAccounts.SecondAdmin);
        var batches = new PayoutBatches(dbFactory, accountNumbers, calendar.Clock);
        int? batchId;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            // The demo's batch is the first one, drafted by the demo admin. A seeding stopped half way left it somewhere
            // between drafted and imported: this one takes it on from there. A first batch someone else drafted is the
            // office's own, and the month is theirs to close.
            var first = await db.PayoutBatches.OrderBy(b => b.Id).Select(b => new { b.Id, b.CreatedByUserId }).FirstOrDefaultAsync(cancellationToken);
            if (first is not null && first.CreatedByUserId != maker)
            {
                return;
            }

            batchId = first?.Id;
        }

        if (batchId is null)
        {
            await adoptions.SeedDemoHerderAdoptionAsync(cancellationToken);
            var periodEnd = LastMonthEnd(calendar.Today);

            // What the hourly release job would have released by the end of that month; this month's care waits for the
            // next batch.
            await new CareReleaseJob(dbFactory, calendar.Clock).ReleaseDueAsync(calendar.StartOf(periodEnd.AddDays(1)), cancellationToken);
            var (drafted, outcome) = await batches.DraftAsync(periodEnd, MinimumFen, maker, cancellationToken);
            if (outcome == PayoutOutcome.NothingToPay)
            {
                return;
            }

            Require(outcome, "drafted");
            batchId = drafted!.Value;
        }

        // Each step answers AlreadyDone when an earlier seeding got that far.
        Require(await batches.ApproveAsync(batchId.Value, checker, cancellationToken), "approved");
        Require(await batches.ExportAsync(batchId.Value, checker, cancellationToken), "exported");
        if (await StatementImportedAsync(batchId.Value, cancellationToken))
        {
            return;
        }

        var bankFile = await batches.BankFileAsync(batchId.Value, maker, cancellationToken)
            ?? throw new InvalidOperationException("The demo payout batch has no bank file.");
        var statement = StatementOf(bankFile, calendar.Today, await FeeLineAsync(batchId.Value, cancellationToken));
        var imported = await new BankStatementImport(dbFactory, calendar).ImportAsync(string.Create(CultureInfo.InvariantCulture, $"对账单-{calendar.Today:yyyyMMdd}.csv"), statement, maker, cancellationToken);
        if (!imported.Succeeded)
        {
            throw new InvalidOperationException($"The demo bank statement was refused: {string.Join("; ", imported.Errors.Select(e => $"{e.Line} {e.Column} {e.Code} {e.Value}"))}.");
        }
    }

    /// <summary>Whether the bank's statement of the batch is in: any of its lines is matched, or waits, against a line of the batch.</summary>
    private async Task<bool> StatementImportedAsync(int batchId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var references = db.PayoutLines.Where(l => l.BatchId == batchId).Select(l => l.Reference);
        return await db.BankStatementLines.AnyAsync(s => references.Contains(s.Reference), cancellationToken);
    }

    public static DateOnly LastMonthEnd(DateOnly today) => new DateOnly(today.Year, today.Month, 1).AddDays(-1);

    /// <summary>
    /// The bank's statement of a batch, built from the bank file as the bank returns it: each transfer on the value date,
    /// with its reference and amount and the payee's name, except the line <paramref name="feeReference"/>, which the
    /// bank debited with its transfer fee as one amount.
    /// </summary>
    public static byte[] StatementOf(byte[] bankFile, DateOnly valueDate, string? feeReference)
    {
        var (text, _) = UploadedCsv.Decode(bankFile);
        var records = UploadedCsv.Read(text).ToList();
        var header = records[0].Fields.ToList();
        int Column(string name) => header.IndexOf(name) is var i and >= 0 ? i : throw new InvalidOperationException($"The bank file has no {name} column.");
        int reference = Column("reference"), payee = Column("payee"), amount = Column("amount");

        using var stream = new MemoryStream();
        using (var writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), leaveOpen: true))
        using (var csv = CsvWriter.Create(writer, new CsvWriterOptions(), leaveOpen: true))
        {
            csv.WriteRecord(["date", "reference", "amount", "description"]);
            foreach (var line in records.Skip(1).Where(r => r[reference].Length > 0))
            {
                var fen = BankStatementImport.ParseFen(line[amount]) ?? throw new InvalidOperationException($"The bank file's amount {line[amount]} is not yuan.");
                var withFee = string.Equals(line[reference], feeReference, StringComparison.Ordinal);
                csv.WriteRecord([
                    valueDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), line[reference], Money.Yuan(withFee ? fen + TransferFeeFen : fen),
                    withFee ? $"{line[payee]} 含手续费 {Money.Yuan(TransferFeeFen)}" : line[payee]]);
            }

            csv.Flush();
        }

        return stream.ToArray();
    }

    /// <summary>
    /// The line the bank debits with its fee: the last of the batch whose household neither a demo herder nor a demo
    /// sponsor signs in to see (their pages show a payout paid).
    /// </summary>
    private async Task<string?> FeeLineAsync(int batchId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var herders = await db.Users.Where(u => u.HerderHouseholdId != null).Select(u => u.HerderHouseholdId!.Value).ToListAsync(cancellationToken);
        string[] sponsorEmails = [DemoAccounts.Sponsor.Email, DemoAccounts.SecondSponsor.Email];
        var sponsored = await db.Adoptions.Where(a => db.Users.Any(u => u.Id == a.SponsorUserId && sponsorEmails.Contains(u.Email)))
            .Select(a => a.Sheep.HouseholdId).ToListAsync(cancellationToken);
        return await db.PayoutLines.Where(l => l.BatchId == batchId && !herders.Contains(l.HouseholdId) && !sponsored.Contains(l.HouseholdId))
            .OrderByDescending(l => l.Id).Select(l => l.Reference).FirstOrDefaultAsync(cancellationToken);
    }

    private async Task<string> UserIdAsync(DemoAccount account) =>
        (await users.FindByEmailAsync(account.Email))?.Id ?? throw new InvalidOperationException($"The demo account {account.Email} is missing.");

    private static void Require(PayoutOutcome outcome, string step)
    {
        if (outcome is not (PayoutOutcome.Done or PayoutOutcome.AlreadyDone))
        {
            throw new InvalidOperationException($"The demo payout batch could not be {step}: {outcome}.");
        }
    }
}
