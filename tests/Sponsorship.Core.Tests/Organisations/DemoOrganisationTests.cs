using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Adoptions;
using Sponsorship.Core.Demo;
using Sponsorship.Core.Mail;
using Sponsorship.Core.Organisations;
using Sponsorship.Core.Payouts;

namespace Sponsorship.Core.Tests.Organisations;

public class DemoOrganisationTests(SeededDatabase database) : IClassFixture<SeededDatabase>
{
    [Fact]
    public async Task The_demo_has_a_verified_changping_office_with_thirty_sheep_paid_in_one_transfer_and_five_gifts_claimed()
    {
        await using var db = await database.CreateDbContextAsync();
        var organisation = await db.Organisations.SingleAsync(o => o.CreditCode == DemoOrganisations.CreditCode);
        var order = await db.OrganisationOrders.SingleAsync(o => o.OrganisationId == organisation.Id);
        var adoptions = await db.Adoptions.Where(a => a.OrganisationOrderId == order.Id).ToListAsync();

        Assert.StartsWith("北京市昌平区", organisation.Name, StringComparison.Ordinal);
        Assert.True(CreditCode.IsValid(organisation.CreditCode));
        Assert.Equal(OrganisationStatus.Verified, organisation.Status);
        Assert.Equal(OrderStatus.Active, order.Status);
        Assert.Equal(30, adoptions.Count);
        Assert.All(adoptions, a => Assert.Equal(AdoptionStatus.Active, a.Status));
        Assert.Equal(5, adoptions.Count(a => a.GiftClaimedAt is not null));
        Assert.Contains(adoptions, a => a.NameOnCertificate == "张强（区支援合作办）");
        Assert.Equal(1, await db.Payments.CountAsync(p => p.OrganisationOrderId == order.Id && p.AdoptionId == null && p.Status == Sponsorship.Core.Payments.PaymentStatus.Captured));
        Assert.Equal(1, await db.OutboxMails.CountAsync(m => m.Kind == MailKinds.OrderConfirmed));
        Assert.Equal(9, await db.OrganisationMembers.CountAsync(m => m.OrganisationId == organisation.Id && m.JoinedAt != null));

        // Thirty households, none of them the demo herders' own (their journeys use those flocks).
        var households = await db.Adoptions.Where(a => a.OrganisationOrderId == order.Id).Select(a => a.Sheep.HouseholdId).Distinct().ToListAsync();
        var herders = await db.Households.OrderBy(h => h.Id).Take(2).Select(h => h.Id).ToListAsync();
        Assert.Equal(30, households.Count);
        Assert.Empty(households.Intersect(herders));
        Assert.NotNull(await db.Users.SingleOrDefaultAsync(u => u.Email == DemoAccounts.OrganisationContact.Email && u.PasswordHash != null));
    }

    [Fact]
    public async Task The_office_transfer_settles_through_its_shares_and_is_counted_once()
    {
        await using var db = await database.CreateDbContextAsync();
        var order = await db.OrganisationOrders.SingleAsync(o => o.Organisation.CreditCode == DemoOrganisations.CreditCode);
        var transfer = await db.Payments.SingleAsync(p => p.OrganisationOrderId == order.Id && p.AdoptionId == null);
        var individual = await db.Payments.Where(p => p.CapturedAt != null && p.OrganisationOrderId == null).SumAsync(p => p.AmountFen);

        var view = await new Reconciliation(database.DbFactory, database.Clock).ViewAsync();

        Assert.Empty(view.SettlementDifferences);
        Assert.Equal(individual + transfer.AmountFen, view.CapturedFen);
        Assert.Equal(view.CapturedFen, view.ClearingCapturedFen);
    }
}
