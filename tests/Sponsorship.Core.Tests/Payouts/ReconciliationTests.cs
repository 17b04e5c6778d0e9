using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Demo;
using Sponsorship.Core.Ledger;
using Sponsorship.Core.Payouts;
using Sponsorship.Testing;

namespace Sponsorship.Core.Tests.Payouts;

public class ReconciliationTests : IClassFixture<SeededDatabaseWithoutMoney>, IAsyncLifetime
{
    /// <summary>
    /// What households 10 to 14 were paid for their sheep. The herder's share is 60 % and its first tranche 30 % of that, so
    /// each payout line is 18 % of its price: ¥324, ¥216, ¥432, ¥270 and ¥162, all different, so a line matched by
    /// amount cannot be matched by the amount of another.
    /// </summary>
    private static readonly long[] Prices = [180_000, 120_000, 240_000, 150_000, 90_000];

    private readonly SeededDatabaseWithoutMoney database;
    private readonly MoneyTestData money;
    private IReadOnlyList<PayoutLineView> lines = [];
    private string maker = "";

    public ReconciliationTests(SeededDatabaseWithoutMoney database)
    {
        this.database = database;
        money = new MoneyTestData(database.DbFactory);
    }

    public async Task InitializeAsync()
    {
        maker = await money.UserIdAsync(DemoAccounts.Admin.Email);
        var batches = new PayoutBatches(database.DbFactory, database.AccountNumbers, database.Clock);
        if ((await batches.ListAsync(maker)).Count > 0)
        {
            lines = (await batches.DetailAsync((await batches.ListAsync(maker))[0].Id, maker))!.Lines;
            return;
        }

        var sponsor = await money.UserIdAsync(DemoAccounts.Sponsor.Email);
        for (var i = 0; i < Prices.Length; i++)
        {
            await money.AdoptAndPayAsync(await money.FreeSheepAsync(10 + i), sponsor, Prices[i], TestDatabase.Start.AddDays(-20));
        }

        var (batchId, _) = await batches.DraftAsync(new DateOnly(2026, 11, 30), 1, maker);
        await batches.ApproveAsync(batchId!.Value, await money.UserIdAsync(DemoAccounts.SecondAdmin.Email));
        await batches.ExportAsync(batchId.Value, maker);
        lines = (await batches.DetailAsync(batchId.Value, maker))!.Lines;
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private BankStatementImport Importer => new(database.DbFactory, database.Calendar);

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    [Fact]
    public async Task A_statement_matches_by_reference_and_amount_and_lists_the_rest_as_exceptions_which_are_resolved_once()
    {
        Assert.Equal([10, 11, 12, 13, 14], lines.Select(l => l.HouseholdId));
        Assert.Equal([32_400L, 21_600L, 43_200L, 27_000L, 16_200L], lines.Select(l => l.AmountFen));
        var csv = "date,reference,amount,description\n"
            + $"2026-12-01,{lines[0].Reference},324.00,ok\n"
            + $"2026-12-01,{lines[1].Reference},\"1,000.00\",wrong amount\n"
            + "2026-12-01,NOT-OURS-1,12.50,bank fee\n"
            + $"2026-12-01,{lines[2].Reference},-432.00,debit sign\n"
            + $"2026-12-01,{lines[3].Reference},216.00,another line's amount\n";
        var result = await Importer.ImportAsync("statement-1.csv", Utf8(csv), maker);
        Assert.True(result.Succeeded, string.Join(", ", result.Errors));
        Assert.Equal((2, 2, 1), (result.Matched, result.Mismatched, result.Unmatched));
        Assert.Equal(0, await money.BalanceAsync(LedgerAccounts.HerderInTransit(lines[0].HouseholdId)));
        Assert.Equal(0, await money.BalanceAsync(LedgerAccounts.HerderInTransit(lines[2].HouseholdId)));
        Assert.Equal(27_000, await money.BalanceAsync(LedgerAccounts.HerderInTransit(lines[3].HouseholdId)));
        await using (var db = await database.CreateDbContextAsync())
        {
            // Confirmed by the statement, on the importing administrator's trail like a line marked paid by hand.
            var trail = await db.AuditEntries.Where(a => a.Entity == nameof(PayoutLine) && a.UserId == maker && a.ChangedFields == "Status,SettledAt")
                .Select(a => a.Key).ToListAsync();
            Assert.Equal(new[] { lines[0].Id, lines[2].Id }.Select(id => id.ToString(CultureInfo.InvariantCulture)).Order(), trail.Order());
        }


        var duplicate = await Importer.ImportAsync("again.csv", Utf8(csv), maker);
        Assert.Equal(StatementErrorCode.DuplicateFile, Assert.Single(duplicate.Errors).Code);

        var reconciliation = new Reconciliation(database.DbFactory, database.Clock);
        var view = await reconciliation.ViewAsync();
        Assert.Equal(3, view.Open.Count);
        var mismatch = view.Exceptions.Single(e => e.State == Sponsorship.Core.Payouts.StatementLineState.Mismatch && e.AmountFen == 100_000);
        var unrelated = view.Exceptions.Single(e => e.State == Sponsorship.Core.Payouts.StatementLineState.Unmatched);
        Assert.Equal(ResolveOutcome.NoteRequired, await reconciliation.ResolveAsync(mismatch.Id, Resolution.MatchByHand, "  ", maker));
        Assert.Equal(ResolveOutcome.NoPayoutLine, await reconciliation.ResolveAsync(unrelated.Id, Resolution.MatchByHand, "which?", maker));
        Assert.Equal(ResolveOutcome.Done, await reconciliation.ResolveAsync(unrelated.Id, Resolution.Unrelated, "Bank fee", maker));
        Assert.Equal(ResolveOutcome.Refused, await reconciliation.ResolveAsync(mismatch.Id, Resolution.Correct, "bank paid 1000", maker));
        var race = await Race.RunAsync(3, _ =>
            new Reconciliation(database.DbFactory, database.Clock).ResolveAsync(mismatch.Id, Resolution.MatchByHand, "Bank confirmed ¥216 by phone", maker));
        Assert.Equal(3, race.ReachedWrite);
        Assert.Equal([ResolveOutcome.Done], race.Results.Where(o => o != ResolveOutcome.AlreadyResolved));
        Assert.Equal(2, race.Results.Count(o => o == ResolveOutcome.AlreadyResolved));

        view = await reconciliation.ViewAsync();
        Assert.Equal(1, view.Open.Count);
        Assert.Equal(2, view.Resolved.Count);
        Assert.Equal(2, view.Matched.Count);
        Assert.Equal(0, await money.BalanceAsync(LedgerAccounts.HerderInTransit(lines[1].HouseholdId)));
        Assert.Equal(32_400 + 21_600 + 43_200, await money.BalanceAsync(LedgerAccounts.World));
        Assert.Empty(view.SettlementDifferences);
    }

    public static TheoryData<string, byte[], StatementErrorCode, int> BadFiles() => new()
    {
        { "wrong columns", Utf8("when,what,how much\n2026-12-01,X,1.00\n"), StatementErrorCode.MissingColumns, 1 },
        { "bad amount", Utf8("date,reference,amount\n2026-12-01,X,12.345\n"), StatementErrorCode.BadAmount, 2 },
        { "words for amount", Utf8("date,reference,amount\n2026-12-01,X,twelve\n2026-12-02,Y,5\n"), StatementErrorCode.BadAmount, 2 },
        { "zero", Utf8("date,reference,amount\n2026-12-01,X,0.00\n"), StatementErrorCode.ZeroAmount, 2 },
        { "bad date", Utf8("date,reference,amount\n2026-13-45,X,1.00\n"), StatementErrorCode.BadDate, 2 },
        { "no reference", Utf8("date,reference,amount\n2026-12-01,,1.00\n"), StatementErrorCode.Required, 2 },
        { "utf-16 without mark", Encoding.Unicode.GetBytes("date,reference,amount\n2026-12-01,X,1.00\n"), StatementErrorCode.NotText, 0 },
        { "empty", [], StatementErrorCode.EmptyFile, 0 },
        { "header only", Utf8("date,reference,amount\n"), StatementErrorCode.NoRows, 1 },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public async Task A_bad_file_names_the_line_and_column_and_saves_nothing(string name, byte[] content, StatementErrorCode code, int line)
    {
        var result = await Importer.ImportAsync(name + ".csv", content, maker);
        Assert.False(result.Succeeded);
        var error = result.Errors[0];
        Assert.Equal(code, error.Code);
        Assert.Equal(line, error.Line);
        await using var db = await database.CreateDbContextAsync();
        Assert.DoesNotContain(db.BankStatements, s => s.FileName == name + ".csv");
    }

    [Fact]
    public async Task A_GB18030_statement_with_Chinese_headers_is_read()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var csv = "交易日期,摘要,交易金额,对方户名\n2026-12-02,UNKNOWN-REF-7,88.00,巴特尔\n";
        var result = await Importer.ImportAsync("gb.csv", Encoding.GetEncoding("GB18030").GetBytes(csv), maker);
        Assert.True(result.Succeeded, string.Join(", ", result.Errors));
        Assert.Equal("GB18030", result.Encoding);
        Assert.Equal(1, result.Unmatched);
    }

    [Theory]
    [InlineData("1,234.56", 123_456L)]
    [InlineData("¥88", 8_800L)]
    [InlineData("-0.5", 50L)]
    [InlineData("12.345", null)]
    [InlineData("1e5", null)]
    [InlineData("", null)]
    public void Amounts_are_read_as_yuan(string text, long? fen) => Assert.Equal(fen, BankStatementImport.ParseFen(text));
}
