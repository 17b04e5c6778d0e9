using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Adoptions;
using Sponsorship.Core.Flock;
using Sponsorship.Core.Organisations;
using Sponsorship.Core.Payments;

namespace Sponsorship.Core.Tests.Organisations;

public class OrderPlacementTests(OrganisationDatabase database) : IClassFixture<OrganisationDatabase>
{
    [Fact]
    public async Task An_order_holds_its_sheep_across_as_many_households_as_it_can_for_the_credit_days()
    {
        var (organisationId, contact) = await database.NewOrganisationAsync();

        var placed = await database.PlaceAsync(database.Order(organisationId, 12), contact);

        Assert.Equal(OrderPlacement.OrderPath(organisationId, placed.OrderId), placed.RedirectUrl);
        var adoptions = await database.AdoptionsOfAsync(placed.OrderId);
        Assert.Equal(12, adoptions.Count);
        Assert.All(adoptions, a => Assert.Equal(AdoptionStatus.PendingPayment, a.Status));
        Assert.All(adoptions, a => Assert.Equal(database.Clock.GetUtcNow().AddDays(15), a.ReservedUntil));
        Assert.All(adoptions, a => Assert.StartsWith("北京市昌平区测试单位", a.NameOnCertificate, StringComparison.Ordinal));
        var order = (await database.Pages.OrderAsync(organisationId, placed.OrderId, contact))!;
        Assert.Equal(12, order.Summary.Households);
        Assert.True(order.Summary.Villages >= 5, $"{order.Summary.Villages} villages");
        var payment = Assert.Single(order.Payments);
        Assert.Equal((12 * database.PlanPrice, PaymentStatus.Pending, placed.PaymentReference), (payment.AmountFen, payment.Status, payment.Reference));
    }

    [Fact]
    public async Task An_unverified_organisation_pays_at_once_and_may_not_hold_sheep_for_a_bank_transfer()
    {
        var (organisationId, contact) = await database.NewOrganisationAsync(verified: false);

        var bank = await database.Placement.PlaceAsync(database.Order(organisationId, 3), contact, "/");
        var now = await database.Placement.PlaceAsync(database.Order(organisationId, 3, SandboxPayments.ProviderName), contact, "/");

        Assert.Equal(OrderError.BankNeedsVerification, bank.Error);
        Assert.True(now.Succeeded);
        Assert.StartsWith("/pay/sandbox/", now.RedirectUrl, StringComparison.Ordinal);
        Assert.All(await database.AdoptionsOfAsync(now.OrderId), a => Assert.Equal(database.Clock.GetUtcNow().AddMinutes(15), a.ReservedUntil));
        Assert.Single((await database.Pages.OverviewAsync(organisationId, contact))!.Orders);
    }

    [Fact]
    public async Task Only_the_contact_orders_and_a_refused_organisation_orders_nothing()
    {
        var (organisationId, _) = await database.NewOrganisationAsync();
        var (refusedId, refusedContact) = await database.NewOrganisationAsync(verified: false);
        Assert.True(await database.Admin.ReviewAsync(refusedId, verify: false, "营业执照与名称不符", database.AdminId));

        Assert.Equal(OrderError.NotFound, (await database.Placement.PlaceAsync(database.Order(organisationId, 2), database.SponsorA, "/")).Error);
        Assert.Equal(OrderError.OrganisationRejected, (await database.Placement.PlaceAsync(database.Order(refusedId, 2, SandboxPayments.ProviderName), refusedContact, "/")).Error);
    }

    [Fact]
    public async Task Wrong_quantities_and_name_lists_are_refused_with_the_line_and_column()
    {
        var (organisationId, contact) = await database.NewOrganisationAsync();
        NameEntry[] gifts = [new("王晓燕", "wang@example.com"), new("陈堃", "chen@")];

        Assert.Equal(OrderError.QuantityOutOfRange, (await database.Placement.PlaceAsync(database.Order(organisationId, 0), contact, "/")).Error);
        Assert.Equal(OrderError.QuantityOutOfRange, (await database.Placement.PlaceAsync(database.Order(organisationId, 501), contact, "/")).Error);
        Assert.Equal(
            OrderError.NamesCountMismatch,
            (await database.Placement.PlaceAsync(database.Order(organisationId, 3, names: CertificateNames.List, list: [new("王晓燕"), new("陈堃")]), contact, "/")).Error);
        var bad = await database.Placement.PlaceAsync(database.Order(organisationId, 2, names: CertificateNames.Gifts, list: gifts), contact, "/");
        Assert.Equal(OrderError.NameListInvalid, bad.Error);
        Assert.Equal([new NameListError(2, NameListColumn.Email, NameListErrorCode.EmailInvalid, "chen@")], bad.NameErrors);
        Assert.Empty((await database.Pages.OverviewAsync(organisationId, contact))!.Orders);

        var named = await database.PlaceAsync(database.Order(organisationId, 2, names: CertificateNames.List, list: [new("王晓燕"), new("Anna Müller")]), contact);
        Assert.Equal(["王晓燕", "Anna Müller"], (await database.AdoptionsOfAsync(named.OrderId)).Select(a => a.NameOnCertificate));
    }

    [Fact]
    public async Task A_gift_reveal_day_is_a_day_of_the_programmes_calendar_not_of_UTC()
    {
        var (organisationId, contact) = await database.NewOrganisationAsync();
        NameEntry[] gifts = [new("王晓燕", "wang@example.com"), new("陈堃", "chen@example.com")];
        // After 16:00 UTC it is already the next day in Taibus Banner (UTC+8): the UTC date is yesterday there.
        var now = database.Clock.GetUtcNow();
        database.Clock.Advance(TimeSpan.FromHours((16 - now.UtcDateTime.Hour + 24) % 24 + 1));
        var utcDay = DateOnly.FromDateTime(database.Clock.GetUtcNow().UtcDateTime);
        Assert.Equal(utcDay.AddDays(1), database.Calendar.Today);

        var yesterday = await database.Placement.PlaceAsync(
            database.Order(organisationId, 2, names: CertificateNames.Gifts, list: gifts) with { GiftRevealOn = utcDay }, contact, "/");
        var today = await database.PlaceAsync(
            database.Order(organisationId, 2, names: CertificateNames.Gifts, list: gifts) with { GiftRevealOn = database.Calendar.Today }, contact);

        Assert.Equal(OrderError.GiftRevealDateInPast, yesterday.Error);
        Assert.True(today.OrderId > 0);
    }

    [Fact]
    public async Task A_double_click_places_one_order_and_the_same_key_for_another_order_is_refused()
    {
        var (organisationId, contact) = await database.NewOrganisationAsync();
        var request = database.Order(organisationId, 4);

        var clicks = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(() => database.Placement.PlaceAsync(request, contact, "/"))));
        var other = await database.Placement.PlaceAsync(request with { Quantity = 5 }, contact, "/");

        Assert.All(clicks, c => Assert.True(c.Succeeded, c.Error.ToString()));
        Assert.Single(clicks.Select(c => c.OrderId).Distinct());
        Assert.Single(clicks.Select(c => c.PaymentReference).Distinct());
        Assert.Equal(4, (await database.AdoptionsOfAsync(clicks[0].OrderId)).Count);
        Assert.Equal(OrderError.KeyReused, other.Error);
    }

    [Fact]
    public async Task Sheep_chosen_by_hand_that_someone_holds_are_named_and_none_of_the_order_is_held()
    {
        var (organisationId, contact) = await database.NewOrganisationAsync();
        var sheep = await database.FreeSheepIdsAsync(3);
        var single = await database.Checkout.PlaceAsync(database.Request(sheep[1]), database.SponsorA, "/my");
        Assert.True(single.Succeeded);

        var placed = await database.Placement.PlaceAsync(database.Order(organisationId, 3, sheepIds: sheep), contact, "/");

        Assert.Equal(OrderError.SheepTaken, placed.Error);
        await using var db = await database.CreateDbContextAsync();
        var tag = await db.IdTags.Where(IdTag.IsCurrentEarTag).Where(t => t.SheepId == sheep[1]).Select(t => t.Value).SingleAsync();
        Assert.Equal([tag], placed.TakenEarTags);
        Assert.False(await db.Adoptions.Where(Adoption.HoldsSheep).AnyAsync(a => a.SheepId == sheep[0] || a.SheepId == sheep[2]));
    }

    [Fact]
    public async Task Parallel_orders_and_single_checkouts_racing_for_the_same_sheep_never_hold_part_of_an_order()
    {
        for (var round = 0; round < 3; round++)
        {
            var orgs = new List<(int Id, string Contact)>();
            for (var i = 0; i < 3; i++)
            {
                orgs.Add(await database.NewOrganisationAsync());
            }

            // Three orders overlapping pairwise, and three sponsors each after a sheep that two of them want.
            var s = await database.FreeSheepIdsAsync(12);
            int[][] wanted = [[.. s[0..6]], [.. s[3..9]], [.. s[6..12]], [s[0], s[5], s[9]]];
            using var barrier = new Barrier(6);
            var orders = Enumerable.Range(0, 3).Select(i => Task.Run(() =>
            {
                barrier.SignalAndWait();
                return database.Placement.PlaceAsync(database.Order(orgs[i].Id, 6, sheepIds: wanted[i]), orgs[i].Contact, "/");
            })).ToList();
            var checkouts = wanted[3].Select((sheepId, i) => Task.Run(() =>
            {
                barrier.SignalAndWait();
                return database.Checkout.PlaceAsync(database.Request(sheepId), i % 2 == 0 ? database.SponsorA : database.SponsorB, "/my");
            })).ToList();
            var orderResults = await Task.WhenAll(orders);
            await Task.WhenAll(checkouts);

            await using var db = await database.CreateDbContextAsync();
            var holders = await db.Adoptions.Where(Adoption.HoldsSheep).Where(a => s.Contains(a.SheepId))
                .Select(a => new { a.SheepId, a.OrganisationOrderId }).ToListAsync();
            Assert.Equal(holders.Count, holders.Select(h => h.SheepId).Distinct().Count());
            for (var i = 0; i < 3; i++)
            {
                var result = orderResults[i];
                Assert.True(result.Succeeded || result.Error == OrderError.SheepTaken, result.Error.ToString());
                var held = holders.Count(h => h.OrganisationOrderId == result.OrderId && result.Succeeded);
                Assert.Equal(result.Succeeded ? 6 : 0, held);
            }

            var orgIds = orgs.Select(g => g.Id).ToList();
            Assert.Equal(orderResults.Count(r => r.Succeeded), await db.OrganisationOrders.CountAsync(o => orgIds.Contains(o.OrganisationId)));
        }
    }

    [Fact]
    public async Task Orders_picked_by_the_platform_in_parallel_each_hold_every_sheep_they_asked_for()
    {
        var orgs = new List<(int Id, string Contact)>();
        for (var i = 0; i < 3; i++)
        {
            orgs.Add(await database.NewOrganisationAsync());
        }

        using var barrier = new Barrier(3);
        var results = await Task.WhenAll(orgs.Select(o => Task.Run(() =>
        {
            barrier.SignalAndWait();
            return database.Placement.PlaceAsync(database.Order(o.Id, 25), o.Contact, "/");
        })));

        Assert.All(results, r => Assert.True(r.Succeeded, r.Error.ToString()));
        await using var db = await database.CreateDbContextAsync();
        var ids = results.Select(r => r.OrderId).ToList();
        var held = await db.Adoptions.Where(a => ids.Contains(a.OrganisationOrderId!.Value) && a.Status == AdoptionStatus.PendingPayment).Select(a => a.SheepId).ToListAsync();
        Assert.Equal(75, held.Count);
        Assert.Equal(75, held.Distinct().Count());
    }

    [Fact]
    public async Task Asking_for_more_sheep_than_are_free_says_how_many_there_are()
    {
        var (organisationId, contact) = await database.NewOrganisationAsync();
        var placement = new OrderPlacement(
            database.DbFactory, [database.Sandbox, new BankTransferPayments()], Microsoft.Extensions.Options.Options.Create(database.Options),
            Microsoft.Extensions.Options.Options.Create(new OrganisationOptions { MaxOrderSize = 5_000 }), database.Calendar);
        await using var db = await database.CreateDbContextAsync();
        var free = (await OrderSheep.FreeAsync(db)).Count;

        var result = await placement.PlaceAsync(database.Order(organisationId, 5_000), contact, "/");

        Assert.Equal((OrderError.NotEnoughSheep, free), (result.Error, result.Available));
    }
}
