using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Adoptions;
using Sponsorship.Core.Certificates;
using Sponsorship.Core.Organisations;
using Sponsorship.Core.Payments;
using Sponsorship.Core.Privacy;
using Sponsorship.Core.Tests.Organisations;

namespace Sponsorship.Core.Tests.Privacy;

/// <summary>An organisation's orders are the organisation's: deleting the member who placed them leaves them whole.</summary>
public class OrganisationMemberDeletionTests(OrganisationDatabase database) : IClassFixture<OrganisationDatabase>
{
    [Fact]
    public async Task Deleting_the_member_who_placed_the_orders_keeps_the_organisations_sheep_names_choices_and_waiting_order()
    {
        var (organisationId, contact) = await database.NewOrganisationAsync();
        var paid = await database.PlaceAsync(database.Order(organisationId, 2), contact);
        Assert.Equal(OrderPayments.ActivatedOutcome, (await database.ConfirmTransferAsync(paid.PaymentReference, 2 * database.PlanPrice))!.Outcome);
        var waiting = await database.PlaceAsync(database.Order(organisationId, 2), contact);
        var before = await database.AdoptionsOfAsync(paid.OrderId);

        var result = await new PersonalDataDeletion(database.DbFactory, [], database.Clock).DeleteOwnAccountAsync(contact);

        Assert.True(result.Succeeded, result.Error.ToString());
        var after = await database.AdoptionsOfAsync(paid.OrderId);
        Assert.Equal(
            before.Select(a => (a.Status, a.NameOnCertificate, a.EndOfTermChoice, a.Fulfilment)),
            after.Select(a => (a.Status, a.NameOnCertificate, a.EndOfTermChoice, a.Fulfilment)));
        Assert.All(after, a => Assert.Equal((AdoptionStatus.Active, EndOfTermOptions.KeepForBreeding), (a.Status, a.EndOfTermChoice)));
        Assert.All(after, a => Assert.NotEqual("", a.NameOnCertificate));
        await using (var db = await database.CreateDbContextAsync())
        {
            var ids = after.Select(a => a.Id).ToList();
            Assert.All(await db.Certificates.Where(c => ids.Contains(c.AdoptionId)).ToListAsync(), c =>
            {
                Assert.Equal(CertificateStatus.Valid, c.Status);
                Assert.NotEqual("", c.NameOnCertificate);
            });
            Assert.Equal(PaymentStatus.Pending, (await db.Payments.SingleAsync(p => p.ProviderReference == waiting.PaymentReference)).Status);
        }

        // The waiting order still holds its sheep, and the organisation's transfer still activates it.
        Assert.All(await database.AdoptionsOfAsync(waiting.OrderId), a => Assert.Equal(AdoptionStatus.PendingPayment, a.Status));
        Assert.Equal(OrderPayments.ActivatedOutcome, (await database.ConfirmTransferAsync(waiting.PaymentReference, 2 * database.PlanPrice))!.Outcome);
        Assert.All(await database.AdoptionsOfAsync(waiting.OrderId), a => Assert.Equal(AdoptionStatus.Active, a.Status));
    }
}
