using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Demo;
using Sponsorship.Core.Ledger;
using Sponsorship.Testing;

namespace Sponsorship.Core.Tests.Ledger;

/// <summary>The ledger entries list: paged, ordered and filtered in the database, for administrators only.</summary>
public sealed class LedgerEntriesTests(SeededDatabaseWithoutMoney database) : IClassFixture<SeededDatabaseWithoutMoney>
{
    [Fact]
    public async Task Page_two_holds_the_rows_after_page_one_in_the_order_asked_for_and_a_filter_counts_only_what_matches()
    {
        var money = new MoneyTestData(database.DbFactory);
        var sponsor = await money.UserIdAsync(DemoAccounts.Sponsor.Email);
        var admin = await money.UserIdAsync(DemoAccounts.Admin.Email);
        for (var household = 50; household < 54; household++)
        {
            await money.AdoptAndPayAsync(await money.FreeSheepAsync(household), sponsor, 100_000 + household * 100, TestDatabase.Start.AddDays(-5));
        }

        await using var db = await database.CreateDbContextAsync();
        var all = await db.LedgerEntries.AsNoTracking().Select(e => new { e.Id, e.TransactionId, e.AmountFen, e.Account.Code }).ToListAsync();
        Assert.True(all.Count > 12, $"{all.Count} entries");
        var entries = new LedgerEntries(database.DbFactory);

        var newest = await entries.PageAsync(admin, new LedgerEntryQuery(Page: 2, Size: 5));
        Assert.Equal(all.Count, newest!.Total);
        Assert.Equal(all.OrderByDescending(e => e.Id).Skip(5).Take(5).Select(e => (e.TransactionId, e.Code, e.AmountFen)),
            newest.Rows.Select(r => (r.TransactionId, r.AccountCode, r.AmountFen)));

        var smallest = await entries.PageAsync(admin, new LedgerEntryQuery(Page: 2, Size: 4, Sort: LedgerEntrySort.Amount, Descending: false));
        Assert.Equal(all.OrderBy(e => e.AmountFen).ThenBy(e => e.Id).Skip(4).Take(4).Select(e => (e.Code, e.AmountFen)),
            smallest!.Rows.Select(r => (r.AccountCode, r.AmountFen)));

        var payable = LedgerAccounts.HerderPayable(51);
        var filtered = await entries.PageAsync(admin, new LedgerEntryQuery(Filter: payable));
        Assert.Equal(all.Count(e => e.Code.Contains(payable, StringComparison.Ordinal)), filtered!.Total);
        Assert.NotEmpty(filtered.Rows);
        Assert.All(filtered.Rows, r => Assert.Equal(payable, r.AccountCode));

        Assert.Null(await entries.PageAsync(sponsor, new LedgerEntryQuery()));
        Assert.Null(await entries.LatestAsync(sponsor));
    }
}
