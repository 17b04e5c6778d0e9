using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Adoptions;
using Sponsorship.Core.Certificates;
using Sponsorship.Core.Ledger;
using Sponsorship.Core.Mail;
using Sponsorship.Core.Organisations;
using Sponsorship.Core.Payments;
using Sponsorship.Core.Tests.Adoptions;

namespace Sponsorship.Core.Tests.Organisations;

public class OrderActivationTests(OrganisationDatabase database) : IClassFixture<OrganisationDatabase>
{
    [Fact]
    public async Task One_confirmed_transfer_activates_all_fifty_adoptions_once_and_a_replayed_confirmation_changes_nothing()
    {
        var (organisationId, contact) = await database.NewOrganisationAsync();
        var placed = await database.PlaceAsync(database.Order(organisationId, 50), contact);
        var total = 50 * database.PlanPrice;

        var confirmed = await database.ConfirmTransferAsync(placed.PaymentReference, total);
        var before = await CountsAsync(placed.OrderId);
        var replayed = await database.ConfirmTransferAsync(placed.PaymentReference, total);

        Assert.Equal((NoticeHandling.Applied, OrderPayments.ActivatedOutcome), (confirmed!.Handling, confirmed.Outcome));
        Assert.Equal(NoticeHandling.Replay, replayed!.Handling);
        Assert.Equal(before, await CountsAsync(placed.OrderId));

        var adoptions = await database.AdoptionsOfAsync(placed.OrderId);
        Assert.All(adoptions, a => Assert.Equal(AdoptionStatus.Active, a.Status));
        Assert.All(adoptions, a => Assert.Equal(database.Clock.GetUtcNow().AddMonths(12), a.EndAt));
        await using var db = await database.CreateDbContextAsync();
        var ids = adoptions.Select(a => a.Id).ToList();
        var orderPayment = await db.Payments.SingleAsync(p => p.ProviderReference == placed.PaymentReference);
        var shares = await db.Payments.Where(p => p.PartOfPaymentId == orderPayment.Id).ToListAsync();
        Assert.Equal(PaymentStatus.Captured, orderPayment.Status);
        Assert.Equal(ids, shares.Select(p => p.AdoptionId!.Value).Order());
        Assert.All(shares, p => Assert.Equal((PaymentStatus.Captured, database.PlanPrice), (p.Status, p.AmountFen)));
        Assert.Equal(50, await db.Certificates.CountAsync(c => ids.Contains(c.AdoptionId) && c.Status == CertificateStatus.Valid));

        // The ledger got the whole transfer, one capture and one activation release per adoption.
        Assert.Equal(-total, await db.LedgerEntries.Where(e => ids.Contains(e.Transaction.AdoptionId!.Value) && e.Transaction.Kind == LedgerKinds.Capture
            && e.Account.Code == LedgerAccounts.PspClearing).SumAsync(e => e.AmountFen));
        Assert.Equal(50, await db.LedgerTransactions.CountAsync(t => ids.Contains(t.AdoptionId!.Value) && t.Kind == LedgerKinds.Release));

        // One mail for the order, none for each sheep.
        var mail = Assert.Single(await db.OutboxMails.Where(m => m.Kind == MailKinds.OrderConfirmed && m.RecipientUserId == contact).ToListAsync());
        Assert.Equal(placed.OrderId, Assert.IsType<OrderConfirmedPayload>(MailPayload.Read(mail)).OrderId);
        Assert.Equal(0, await db.OutboxMails.CountAsync(m => m.Kind == MailKinds.AdoptionConfirmed && m.RecipientUserId == contact));
    }

    [Fact]
    public async Task Two_administrators_confirming_the_same_transfer_at_once_activate_the_order_once()
    {
        var (organisationId, contact) = await database.NewOrganisationAsync();
        var placed = await database.PlaceAsync(database.Order(organisationId, 8), contact);
        using var barrier = new Barrier(2);

        var results = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(async () =>
        {
            barrier.SignalAndWait();
            return await database.ConfirmTransferAsync(placed.PaymentReference, 8 * database.PlanPrice);
        })));

        Assert.Equal([NoticeHandling.Applied, NoticeHandling.Replay], results.Select(r => r!.Handling).Order());
        var (shares, certificates, captures, _) = await CountsAsync(placed.OrderId);
        Assert.Equal((8, 8, 8), (shares, certificates, captures));
    }

    [Fact]
    public async Task A_transfer_of_a_different_amount_is_flagged_for_the_administrators_and_activates_nothing()
    {
        var (organisationId, contact) = await database.NewOrganisationAsync();
        var placed = await database.PlaceAsync(database.Order(organisationId, 5), contact);

        var result = await database.ConfirmTransferAsync(placed.PaymentReference, (5 * database.PlanPrice) - 100);

        Assert.StartsWith("flagged", result!.Outcome, StringComparison.Ordinal);
        Assert.All(await database.AdoptionsOfAsync(placed.OrderId), a => Assert.Equal(AdoptionStatus.PendingPayment, a.Status));
        var row = Assert.Single((await database.Admin.TransfersAsync(database.AdminId))!, r => r.Reference == placed.PaymentReference);
        Assert.Equal(PaymentStatus.Flagged, row.PaymentStatus);
        Assert.Contains($"expected {5 * database.PlanPrice}", row.FlagReason, StringComparison.Ordinal);
        Assert.Null(await database.Admin.TransfersAsync(contact));
    }

    [Fact]
    public async Task An_unverified_organisation_pays_at_once_and_a_declined_payment_releases_every_sheep()
    {
        var (organisationId, contact) = await database.NewOrganisationAsync(verified: false);
        var paid = await database.PlaceAsync(database.Order(organisationId, 3, SandboxPayments.ProviderName), contact);
        var declined = await database.PlaceAsync(database.Order(organisationId, 3, SandboxPayments.ProviderName), contact);

        Assert.Equal(OrderPayments.ActivatedOutcome, (await database.SendSandboxAsync("payment.captured", paid.PaymentReference, 3 * database.PlanPrice)).Outcome);
        await database.SendSandboxAsync("payment.declined", declined.PaymentReference, 3 * database.PlanPrice);

        Assert.All(await database.AdoptionsOfAsync(paid.OrderId), a => Assert.Equal(AdoptionStatus.Active, a.Status));
        Assert.All(await database.AdoptionsOfAsync(declined.OrderId), a => Assert.Equal(AdoptionStatus.Cancelled, a.Status));
        var orders = (await database.Pages.OverviewAsync(organisationId, contact))!.Orders;
        Assert.Equal(OrderStatus.Active, orders.Single(o => o.Id == paid.OrderId).Status);
        Assert.Equal(OrderStatus.Cancelled, orders.Single(o => o.Id == declined.OrderId).Status);
    }

    [Fact]
    public async Task An_order_nobody_pays_in_time_releases_every_sheep_together_and_a_late_transfer_activates_it_only_if_all_are_still_free()
    {
        var (organisationId, contact) = await database.NewOrganisationAsync();
        var free = await database.PlaceAsync(database.Order(organisationId, 4), contact);
        var taken = await database.PlaceAsync(database.Order(organisationId, 4), contact);
        database.Clock.Advance(TimeSpan.FromDays(16));

        await new ReservationExpiry(database.DbFactory, database.Clock).RunAsync();
        Assert.All(await database.AdoptionsOfAsync(free.OrderId), a => Assert.Equal(AdoptionStatus.PendingPayment, a.Status));
        Assert.True(await database.Expiry.RunAsync() >= 2);
        Assert.All(await database.AdoptionsOfAsync(free.OrderId), a => Assert.Equal(AdoptionStatus.Cancelled, a.Status));

        // Someone adopts one sheep of the second order in between.
        var oneOfThem = (await database.AdoptionsOfAsync(taken.OrderId))[2].SheepId;
        Assert.True((await database.Checkout.PlaceAsync(database.Request(oneOfThem), database.SponsorB, "/my")).Succeeded);

        var late = await database.ConfirmTransferAsync(free.PaymentReference, 4 * database.PlanPrice);
        var refused = await database.ConfirmTransferAsync(taken.PaymentReference, 4 * database.PlanPrice);

        Assert.Equal(OrderPayments.ActivatedOutcome, late!.Outcome);
        Assert.All(await database.AdoptionsOfAsync(free.OrderId), a => Assert.Equal(AdoptionStatus.Active, a.Status));
        Assert.StartsWith("flagged: captured after the order's reservation lapsed", refused!.Outcome, StringComparison.Ordinal);
        Assert.All(await database.AdoptionsOfAsync(taken.OrderId), a => Assert.Equal(AdoptionStatus.Cancelled, a.Status));
    }

    [Fact]
    public async Task A_death_in_an_order_follows_the_policy_chosen_for_the_order()
    {
        var (organisationId, contact) = await database.NewOrganisationAsync();
        var refund = await database.PlaceAsync(database.Order(organisationId, 3, deathPolicy: DeathPolicy.ProRataRefund), contact);
        var replace = await database.PlaceAsync(database.Order(organisationId, 2, deathPolicy: DeathPolicy.Replacement), contact);
        await database.ConfirmTransferAsync(refund.PaymentReference, 3 * database.PlanPrice);
        await database.ConfirmTransferAsync(replace.PaymentReference, 2 * database.PlanPrice);
        var refunded = (await database.AdoptionsOfAsync(refund.OrderId))[0];
        var replaced = (await database.AdoptionsOfAsync(replace.OrderId))[1];
        database.Clock.Advance(TimeSpan.FromDays(30));

        await database.ConfirmDeathAsync(refunded.Id);
        await database.ConfirmDeathAsync(replaced.Id);

        var afterRefund = await database.AdoptionsOfAsync(refund.OrderId);
        Assert.Equal([AdoptionStatus.Refunded, AdoptionStatus.Active, AdoptionStatus.Active], afterRefund.Select(a => a.Status));
        Assert.Equal([CertificateStatus.Revoked], await database.CertificatesAsync(refunded.Id));
        await using var db = await database.CreateDbContextAsync();
        var share = await db.Payments.SingleAsync(p => p.AdoptionId == refunded.Id);
        Assert.Equal(1, await database.LedgerTransactionsAsync(LedgerKeys.Refund(share.Id)));
        var waiting = await database.AdoptionAsync(replaced.Id);
        Assert.Equal((AdoptionStatus.Active, database.Clock.GetUtcNow() + SheepDeaths.ReplacementPeriod), (waiting.Status, waiting.ReplacementDueAt));
    }

    [Fact]
    public async Task Renewing_an_order_renews_every_running_sheep_with_one_payment()
    {
        var (organisationId, contact) = await database.NewOrganisationAsync();
        var placed = await database.PlaceAsync(database.Order(organisationId, 4), contact);
        await database.ConfirmTransferAsync(placed.PaymentReference, 4 * database.PlanPrice);
        var end = (await database.AdoptionsOfAsync(placed.OrderId))[0].EndAt!.Value;

        var early = await database.Renewals.StartAsync(organisationId, placed.OrderId, contact, BankTransferPayments.ProviderName, Guid.NewGuid().ToString("N"), "/");
        database.Clock.Advance(end.AddDays(-10) - database.Clock.GetUtcNow());
        var renewal = await database.Renewals.StartAsync(organisationId, placed.OrderId, contact, BankTransferPayments.ProviderName, Guid.NewGuid().ToString("N"), "/");
        var result = await database.ConfirmTransferAsync(renewal.PaymentReference, 4 * database.PlanPrice);

        Assert.Equal(OrderError.NotRenewable, early.Error);
        Assert.Equal(OrderPayments.RenewedOutcome, result!.Outcome);
        var adoptions = await database.AdoptionsOfAsync(placed.OrderId);
        Assert.All(adoptions, a => Assert.Equal(end.AddMonths(12), a.EndAt));
        Assert.All(adoptions, a => Assert.Equal(AdoptionStatus.Active, a.Status));
        foreach (var adoption in adoptions)
        {
            Assert.Equal([CertificateStatus.Superseded, CertificateStatus.Valid], await database.CertificatesAsync(adoption.Id));
        }
    }

    [Fact]
    public async Task Each_gift_of_an_order_is_revealed_to_its_recipient_who_names_their_own_certificate()
    {
        var (organisationId, contact) = await database.NewOrganisationAsync();
        var memberEmail = $"worker-{Guid.NewGuid():N}@example.com";
        var member = await database.NewUserAsync(memberEmail, "王小明");
        var placed = await database.PlaceAsync(
            database.Order(organisationId, 2, names: CertificateNames.Gifts, list: [new("王小明", memberEmail), new("", "colleague@example.com")]), contact);
        await database.ConfirmTransferAsync(placed.PaymentReference, 2 * database.PlanPrice);

        await database.GiftReveals().RunAsync();
        var adoptions = await database.AdoptionsOfAsync(placed.OrderId);
        var mail = Assert.Single(await database.MailsAsync(MailKinds.GiftReveal, adoptions[0].Id));
        Assert.Equal(memberEmail, mail.ToEmail);
        var url = Assert.IsType<GiftRevealPayload>(MailPayload.Read(mail)).ClaimUrl;
        var preview = await database.GiftClaims().PreviewAsync(url[(url.LastIndexOf('/') + 1)..], member);
        var claimed = await database.GiftClaims().ClaimAsync(url[(url.LastIndexOf('/') + 1)..], member, "王小明（工会）");

        Assert.StartsWith("北京市昌平区测试单位", preview!.BuyerName, StringComparison.Ordinal);
        Assert.True(claimed.Succeeded, claimed.Error.ToString());
        Assert.Equal("王小明（工会）", (await database.AdoptionAsync(adoptions[0].Id)).NameOnCertificate);
        Assert.Single(await database.MailsAsync(MailKinds.GiftReveal, adoptions[1].Id));
        var myAdoptions = new MyAdoptions(database.DbFactory);
        Assert.Equal([adoptions[0].Id], (await myAdoptions.ListAsync(member)).Select(a => a.Id));
        Assert.DoesNotContain(await myAdoptions.ListAsync(contact), a => adoptions.Any(o => o.Id == a.Id));
        var sheep = (await database.Pages.SheepAsync(organisationId, contact, placed.OrderId))!;
        Assert.NotNull(sheep[0].GiftClaimedAt);
        Assert.Null(sheep[1].GiftClaimedAt);
    }

    /// <summary>Share payments, valid certificates, capture postings and order mails of an order.</summary>
    private async Task<(int Shares, int Certificates, int Captures, int Mails)> CountsAsync(int orderId)
    {
        await using var db = await database.CreateDbContextAsync();
        var ids = await db.Adoptions.Where(a => a.OrganisationOrderId == orderId).Select(a => a.Id).ToListAsync();
        return (
            await db.Payments.CountAsync(p => p.OrganisationOrderId == orderId && p.AdoptionId != null),
            await db.Certificates.CountAsync(c => ids.Contains(c.AdoptionId) && c.Status == CertificateStatus.Valid),
            await db.LedgerTransactions.CountAsync(t => ids.Contains(t.AdoptionId!.Value) && t.Kind == LedgerKinds.Capture),
            (await db.OutboxMails.Where(m => m.Kind == MailKinds.OrderConfirmed).ToListAsync())
                .Count(m => ((OrderConfirmedPayload)MailPayload.Read(m)).OrderId == orderId));
    }
}
