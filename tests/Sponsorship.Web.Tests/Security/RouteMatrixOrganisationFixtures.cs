using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Sponsorship.Core.Adoptions;
using Sponsorship.Core.Certificates;
using Sponsorship.Core.Demo;
using Sponsorship.Core.Mail;
using Sponsorship.Core.Organisations;
using Sponsorship.Core.Payments;
using Sponsorship.Core.Programme;

namespace Sponsorship.Web.Tests.Security;

/// <summary>What the organisation rows point at: an organisation whose contact is sponsor A, and what it has.</summary>
public sealed record OrganisationFixtures(
    int Id, string Name, string PendingName, int OrderId, int BundleId, string CertificateSerial, string StatementSerial, string JoinToken);

/// <summary>
/// Sponsor A registers a work unit (verified by the administrator) and a second one still waiting for verification;
/// the verified one orders two sheep by corporate transfer, which the administrator confirms, so its certificates are
/// issued; sponsor A asks for the order's certificates as one PDF and for a statement of assistance, and invites a
/// colleague whose link is not used. All through the use cases the pages call.
/// </summary>
public sealed partial class RouteMatrixApp
{
    private const string Invitee = "colleague.matrix@example.com";

    private async Task<OrganisationFixtures> CreateOrganisationAsync()
    {
        var sponsorA = await SponsorAIdAsync();
        var admin = await UserIdAsync(DemoAccounts.Admin.Email);
        await using var scope = App.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var registry = services.GetRequiredService<OrganisationRegistry>();
        const string name = "锡林郭勒路线测试单位";
        const string pendingName = "锡林郭勒待审单位";
        var registered = await registry.RegisterAsync(new OrganisationForm(name, CreditCodeFor("1096001"), "李喆", "010-6974 1096"), sponsorA);
        Assert.True(registered.Succeeded, registered.Error.ToString());
        var pending = await registry.RegisterAsync(new OrganisationForm(pendingName, CreditCodeFor("1096002"), "李喆", "010-6974 1097"), sponsorA);
        Assert.True(pending.Succeeded, pending.Error.ToString());
        var id = registered.OrganisationId;
        Assert.True(await services.GetRequiredService<OrganisationAdmin>().ReviewAsync(id, verify: true, note: null, admin));

        var orderId = await PaidOrderAsync(services, id, sponsorA, admin);
        var bundleId = await ReadyBundleAsync(services, id, orderId, sponsorA);
        await using var db = await DbAsync();
        var certificate = await db.Certificates.Where(c => c.Adoption.OrganisationOrderId == orderId && c.Status == CertificateStatus.Valid)
            .OrderBy(c => c.Id).Select(c => c.Serial).FirstAsync();
        var today = services.GetRequiredService<ProgrammeCalendar>().Today;
        var (statementError, statement) = await services.GetRequiredService<AssistanceStatements>().IssueAsync(id, today.AddDays(-30), today, sponsorA);
        Assert.Equal(AssistanceStatementError.None, statementError);

        var invited = await services.GetRequiredService<OrganisationMembers>().InviteAsync(id, sponsorA, [Invitee], "zh-CN");
        Assert.Equal([Invitee], invited.Invited);
        var invitation = await db.OutboxMails.Where(m => m.DedupeKey!.StartsWith($"org-invite:{id}:")).SingleAsync();
        var joinUrl = ((OrganisationInvitationPayload)MailPayload.Read(invitation)).JoinUrl;

        return new OrganisationFixtures(id, name, pendingName, orderId, bundleId, certificate, statement, new Uri(joinUrl).Segments[^1]);
    }

    /// <summary>A valid unified social credit code (an enterprise of Changping district) with its check character.</summary>
    private static string CreditCodeFor(string number)
    {
        var body = $"91110114MA{number}";
        return body + CreditCode.CheckCharacter(body);
    }

    /// <summary>Two sheep of households neither herder has, ordered by bank transfer and paid: the order is active.</summary>
    private async Task<int> PaidOrderAsync(IServiceProvider services, int organisationId, string contact, string admin)
    {
        var plan = (await services.GetRequiredService<CheckoutChoices>().ActivePlansAsync()).First(p => p.PriceFen == 180_000);
        int[] sheep = [await FreeSheepAsync(ofHerderA: false), await FreeSheepAsync(ofHerderA: false, skip: 1)];
        var placed = await services.GetRequiredService<OrderPlacement>().PlaceAsync(
            new OrderRequest(organisationId, plan.Id, sheep.Length, CertificateNames.Organisation, [], EndOfTermOptions.NothingFurther,
                DeathPolicy.Replacement, BankTransferPayments.ProviderName, "zh-CN", Guid.NewGuid().ToString("N"), SheepIds: sheep),
            contact, "/organisations");
        Assert.True(placed.Succeeded, $"{placed.Error} {placed.Choice}");
        await services.GetRequiredService<PaymentEvents>().ConfirmBankTransferAsync(placed.PaymentReference, plan.PriceFen * sheep.Length, admin);
        await using var db = await DbAsync();
        Assert.Equal(sheep.Length, await db.Adoptions.CountAsync(a => a.OrganisationOrderId == placed.OrderId && a.Status == AdoptionStatus.Active));
        return placed.OrderId;
    }

    /// <summary>Asks for the order's certificates as one PDF and makes it (the app's own worker may be at it too).</summary>
    private static async Task<int> ReadyBundleAsync(IServiceProvider services, int organisationId, int orderId, string contact)
    {
        var bundles = services.GetRequiredService<CertificateBundles>();
        var requested = await bundles.RequestAsync(organisationId, orderId, BundleKind.Pdf, contact);
        Assert.NotNull(requested);
        var publicBaseUrl = services.GetRequiredService<IOptions<AdoptionLinkOptions>>().Value.PublicBaseUrl;
        for (var round = 0; round < 200; round++)
        {
            await bundles.ProcessNextAsync("route-matrix", publicBaseUrl);
            var state = (await bundles.StatusAsync(organisationId, orderId, contact))!.Single(b => b.Id == requested.Id);
            if (state.Status == BundleStatus.Ready)
            {
                return state.Id;
            }

            Assert.NotEqual(BundleStatus.Failed, state.Status);
            await Task.Delay(50);
        }

        throw new TimeoutException($"Bundle {requested.Id} was not made.");
    }
}
