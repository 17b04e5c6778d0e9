using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Mail;
using Sponsorship.Core.Organisations;
using Sponsorship.Core.Tests.Adoptions;

namespace Sponsorship.Core.Tests.Organisations;

public class OrganisationAccountTests(OrganisationDatabase database) : IClassFixture<OrganisationDatabase>
{
    [Fact]
    public async Task A_registration_with_a_mistyped_credit_code_says_so_and_one_code_registers_one_organisation()
    {
        var contact = await database.NewUserAsync($"reg-{Guid.NewGuid():N}@example.com", "张伟");
        var code = OrganisationDatabase.NewCreditCode(424_242);
        var form = new OrganisationForm("北京市昌平区某某中学", code, "张伟", "13800138000");

        var typo = await database.Registry.RegisterAsync(form with { CreditCode = code[..17] + (code[17] == '0' ? '1' : '0') }, contact);
        using var barrier = new Barrier(3);
        var racing = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(() =>
        {
            barrier.SignalAndWait();
            return database.Registry.RegisterAsync(form, contact);
        })));

        Assert.Equal((OrganisationFormError.CreditCodeInvalid, CreditCodeError.CheckCharacterMismatch), (typo.Error, typo.CreditCode));
        Assert.Single(racing, r => r.Succeeded);
        Assert.All(racing.Where(r => !r.Succeeded), r => Assert.Equal(OrganisationFormError.CreditCodeTaken, r.Error));
        var organisation = (await database.Pages.OverviewAsync(racing.Single(r => r.Succeeded).OrganisationId, contact))!;
        Assert.Equal((OrganisationStatus.Pending, "北京市昌平区某某中学", code), (organisation.Status, organisation.InvoiceTitle, organisation.InvoiceTaxNumber));
        Assert.Equal(OrganisationFormError.PhoneInvalid, (await database.Registry.RegisterAsync(form with { ContactPhone = "call me" }, contact)).Error);
    }

    [Fact]
    public async Task An_administrator_verifies_or_refuses_with_a_reason_and_nobody_else_can()
    {
        var (first, contact) = await database.NewOrganisationAsync(verified: false);
        var (second, _) = await database.NewOrganisationAsync(verified: false);

        Assert.False(await database.Admin.ReviewAsync(first, verify: true, null, contact));
        Assert.Contains((await database.Admin.ListAsync(database.AdminId, onlyToVerify: true))!, o => o.Id == first);
        Assert.True(await database.Admin.ReviewAsync(first, verify: true, null, database.AdminId));
        Assert.False(await database.Admin.ReviewAsync(first, verify: true, null, database.AdminId));
        Assert.False(await database.Admin.ReviewAsync(second, verify: false, "  ", database.AdminId));
        Assert.True(await database.Admin.ReviewAsync(second, verify: false, "证照不清晰，请重新提交", database.AdminId));

        Assert.Equal(OrganisationStatus.Verified, (await database.Pages.OverviewAsync(first, contact))!.Status);
        Assert.DoesNotContain((await database.Admin.ListAsync(database.AdminId, onlyToVerify: true))!, o => o.Id == first || o.Id == second);
        Assert.Null(await database.Admin.ListAsync(contact, onlyToVerify: false));
    }

    [Fact]
    public async Task An_invited_member_joins_with_the_invited_account_only_and_then_sees_the_organisation_without_acting_for_it()
    {
        var (organisationId, contact) = await database.NewOrganisationAsync();
        var email = $"member-{Guid.NewGuid():N}@example.com";
        var member = await database.NewUserAsync(email, "李娜");
        var stranger = await database.NewUserAsync($"stranger-{Guid.NewGuid():N}@example.com", "路人");

        var invited = await database.Members.InviteAsync(organisationId, contact, [email, email.ToUpperInvariant(), "not an address"], "zh-CN");
        Assert.False((await database.Members.InviteAsync(organisationId, member, ["x@example.com"], "zh-CN")).Allowed);

        Assert.Equal([email], invited.Invited);
        Assert.Equal(["not an address"], invited.Invalid);
        await using var db = await database.CreateDbContextAsync();
        var mail = await db.OutboxMails.SingleAsync(m => m.Kind == MailKinds.OrganisationInvitation && m.ToEmail == email);
        var url = Assert.IsType<OrganisationInvitationPayload>(MailPayload.Read(mail)).JoinUrl;
        Assert.StartsWith(LifecycleSteps.BaseUrl + "/organisations/join/", url, StringComparison.Ordinal);
        var token = url[(url.LastIndexOf('/') + 1)..];

        Assert.Null(await database.Pages.OverviewAsync(organisationId, member));
        Assert.Equal(JoinError.OtherAccount, (await database.Members.JoinAsync(token, stranger)).Error);
        Assert.Equal((JoinError.None, organisationId), await database.Members.JoinAsync(token, member));
        Assert.Equal(JoinError.NotFound, (await database.Members.JoinAsync(token, member)).Error);

        var seen = await database.Pages.OverviewAsync(organisationId, member);
        Assert.NotNull(seen);
        Assert.False(seen.IsContact);
        Assert.Equal(OrderError.NotFound, (await database.Placement.PlaceAsync(database.Order(organisationId, 1), member, "/")).Error);
        Assert.Equal([MemberRole.Contact, MemberRole.Member], (await database.Members.ListAsync(organisationId, member))!.Select(m => m.Role));
        Assert.Null(await database.Members.ListAsync(organisationId, stranger));
    }

    [Fact]
    public async Task The_contact_asks_for_an_invoice_once_an_administrator_records_it_and_the_organisation_sees_it()
    {
        var (organisationId, contact) = await database.NewOrganisationAsync();
        var placed = await database.PlaceAsync(database.Order(organisationId, 2), contact);
        var paymentId = (await database.Pages.OrderAsync(organisationId, placed.OrderId, contact))!.Payments.Single().Id;

        Assert.Equal(InvoiceError.SpecialNeedsDetails, await database.Invoices.RequestAsync(organisationId, paymentId, InvoiceKind.Special, "", contact));
        Assert.Equal(InvoiceError.NotFound, await database.Invoices.RequestAsync(organisationId, paymentId, InvoiceKind.Ordinary, "", database.SponsorA));
        Assert.Equal(InvoiceError.None, await database.Invoices.RequestAsync(organisationId, paymentId, InvoiceKind.Ordinary, "请注明“消费帮扶”", contact));
        Assert.Equal(InvoiceError.AlreadyRequested, await database.Invoices.RequestAsync(organisationId, paymentId, InvoiceKind.Ordinary, "", contact));

        var request = Assert.Single((await database.Invoices.ForAdminAsync(database.AdminId))!, r => r.OrganisationId == organisationId);
        Assert.Equal((2 * database.PlanPrice, InvoiceStatus.Requested), (request.AmountFen, request.Status));
        var today = database.Calendar.Today;
        Assert.Equal(InvoiceError.NotFound, await database.Invoices.MarkIssuedAsync(request.Id, "12345678", today, contact));
        Assert.Equal(InvoiceError.NumberInvalid, await database.Invoices.MarkIssuedAsync(request.Id, "1234-567", today, database.AdminId));
        Assert.Equal(InvoiceError.DateInvalid, await database.Invoices.MarkIssuedAsync(request.Id, "12345678", today.AddDays(1), database.AdminId));
        Assert.Equal(InvoiceError.None, await database.Invoices.MarkIssuedAsync(request.Id, "24112000000012345678", today, database.AdminId));
        Assert.Equal(InvoiceError.NotWaiting, await database.Invoices.MarkIssuedAsync(request.Id, "12345678", today, database.AdminId));

        var seen = Assert.Single((await database.Invoices.ForOrganisationAsync(organisationId, contact))!);
        Assert.Equal((InvoiceStatus.Issued, "24112000000012345678", today), (seen.Status, seen.InvoiceNumber, seen.InvoiceDate));
        var payment = (await database.Pages.OrderAsync(organisationId, placed.OrderId, contact))!.Payments.Single();
        Assert.Equal((InvoiceStatus.Issued, "24112000000012345678"), (payment.Invoice, payment.InvoiceNumber));
    }
}
