using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Demo;
using Sponsorship.Core.Payments;
using Sponsorship.Testing;

namespace Sponsorship.Core.Tests.Payments;

/// <summary>The list of all payments: paged, ordered and filtered in the database, for administrators only.</summary>
public sealed class PaymentPageTests(SeededDatabase database) : IClassFixture<SeededDatabase>
{
    [Fact]
    public async Task Page_two_holds_the_payments_after_page_one_in_the_order_asked_for()
    {
        var (admin, payments, all) = await SetUpAsync();
        Assert.True(all.Count > 10, $"{all.Count} payments");

        var newest = await payments.PageAsync(admin, new PaymentQuery(Page: 2, Size: 5));
        Assert.Equal(all.Count, newest!.Total);
        Assert.Equal(all.OrderByDescending(p => p.CreatedAt).ThenByDescending(p => p.Id).Skip(5).Take(5).Select(p => p.Id), newest.Rows.Select(r => r.Id));

        var smallest = await payments.PageAsync(admin, new PaymentQuery(Page: 2, Size: 4, Sort: PaymentSort.Amount, Descending: false));
        Assert.Equal(all.OrderBy(p => p.AmountFen).ThenBy(p => p.Id).Skip(4).Take(4).Select(p => p.Id), smallest!.Rows.Select(r => r.Id));

        var byReference = await payments.PageAsync(admin, new PaymentQuery(Size: 3, Sort: PaymentSort.Reference, Descending: true));
        Assert.Equal(all.OrderByDescending(p => p.ProviderReference, StringComparer.Ordinal).Take(3).Select(p => p.Id), byReference!.Rows.Select(r => r.Id));
    }

    [Fact]
    public async Task Status_method_days_and_a_piece_of_the_reference_each_narrow_the_list_and_its_count()
    {
        var (admin, payments, all) = await SetUpAsync();

        var captured = await payments.PageAsync(admin, new PaymentQuery(Status: PaymentStatus.Captured, Size: 200));
        Assert.Equal(all.Count(p => p.Status == PaymentStatus.Captured), captured!.Total);
        Assert.All(captured.Rows, r => Assert.Equal(PaymentStatus.Captured, r.Status));

        var provider = all.GroupBy(p => p.Provider).OrderBy(g => g.Count()).First().Key;
        var byProvider = await payments.PageAsync(admin, new PaymentQuery(Provider: provider, Size: 200));
        Assert.Equal(all.Count(p => p.Provider == provider), byProvider!.Total);
        Assert.All(byProvider.Rows, r => Assert.Equal(provider, r.Provider));

        var day = database.Calendar.DayOf(all.OrderBy(p => p.Id).Last().CreatedAt);
        var onThatDay = await payments.PageAsync(admin, new PaymentQuery(From: day, To: day, Size: 200));
        Assert.Equal(all.Count(p => database.Calendar.DayOf(p.CreatedAt) == day), onThatDay!.Total);
        Assert.NotEmpty(onThatDay.Rows);
        var before = await payments.PageAsync(admin, new PaymentQuery(To: day.AddDays(-1), Size: 200));
        Assert.Equal(all.Count(p => database.Calendar.DayOf(p.CreatedAt) < day), before!.Total);

        var reference = all[all.Count / 2].ProviderReference;
        var piece = reference[^6..].ToLowerInvariant();
        var found = await payments.PageAsync(admin, new PaymentQuery(Reference: $"  {piece} "));
        Assert.Equal(all.Count(p => p.ProviderReference.Contains(piece, StringComparison.OrdinalIgnoreCase)), found!.Total);
        Assert.Contains(found.Rows, r => r.Reference == reference);

        var none = await payments.PageAsync(admin, new PaymentQuery(Status: PaymentStatus.Captured, Reference: "no such reference"));
        Assert.Equal(0, none!.Total);
        Assert.Empty(none.Rows);
    }

    [Fact]
    public async Task Nobody_but_an_administrator_reads_the_list()
    {
        var money = new MoneyTestData(database.DbFactory);
        var sponsor = await money.UserIdAsync(DemoAccounts.Sponsor.Email);
        Assert.Null(await new PaymentAdmin(database.DbFactory, database.Calendar).PageAsync(sponsor, new PaymentQuery()));
    }

    private async Task<(string Admin, PaymentAdmin Payments, List<Payment> All)> SetUpAsync()
    {
        var admin = await new MoneyTestData(database.DbFactory).UserIdAsync(DemoAccounts.Admin.Email);
        await using var db = await database.CreateDbContextAsync();
        var all = await db.Payments.AsNoTracking().Where(p => p.AdoptionId != null).ToListAsync();
        return (admin, new PaymentAdmin(database.DbFactory, database.Calendar), all);
    }
}
