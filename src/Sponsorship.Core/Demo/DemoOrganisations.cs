using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Sponsorship.Core.Adoptions;
using Sponsorship.Core.Data;
using Sponsorship.Core.Identity;
using Sponsorship.Core.Organisations;
using Sponsorship.Core.Payments;
using Sponsorship.Core.Programme;

namespace Sponsorship.Core.Demo;

/// <summary>
/// The demo's work unit: a verified Changping district office with eight colleagues who joined, and an order of 30
/// sheep given to its staff — placed, paid by a confirmed corporate transfer and activated through the same code a real
/// order takes; five colleagues have claimed their gift and named their certificate, the others' links go out with the
/// next gift reveal. Idempotent: it adds nothing a second time.
/// </summary>
public sealed class DemoOrganisations(IDbContextFactory<SponsorshipDbContext> dbFactory, UserManager<ApplicationUser> users, ProgrammeCalendar calendar)
{
    public const string Name = "北京市昌平区支援合作办公室";

    /// <summary>A government body (1 1) of Changping district (110114), with its check character.</summary>
    public const string CreditCode = "11110114000010962C";

    public const int OrderSize = 30;

    private static readonly (string Email, string Name, string Certificate)[] Colleagues =
    [
        ("wangli@changping.example.com", "王丽", "王丽"), ("zhangqiang@changping.example.com", "张强", "张强（区支援合作办）"),
        ("lina@changping.example.com", "李娜", "李娜"), ("zhaomin@changping.example.com", "赵敏", "赵敏一家"),
        ("chenjing@changping.example.com", "陈静", "陈静"), ("yangfan@changping.example.com", "杨帆", ""),
        ("huanglei@changping.example.com", "黄磊", ""), ("zhouting@changping.example.com", "周婷", ""),
    ];

    private const int Claimed = 5;

    public async Task SeedAsync(CancellationToken cancellationToken = default)
    {
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            if (await db.Organisations.AnyAsync(o => o.CreditCode == CreditCode, cancellationToken))
            {
                return;
            }
        }

        var contact = await users.FindByEmailAsync(DemoAccounts.OrganisationContact.Email)
            ?? throw new InvalidOperationException("The demo organisation's contact account is missing.");
        var admin = await users.FindByEmailAsync(DemoAccounts.Admin.Email)
            ?? throw new InvalidOperationException("The demo administrator is missing.");
        var colleagues = new List<ApplicationUser>();
        foreach (var (email, name, _) in Colleagues)
        {
            colleagues.Add(await ColleagueAsync(email, name));
        }

        var registry = new OrganisationRegistry(dbFactory, calendar.Clock);
        var registered = await registry.RegisterAsync(
            new OrganisationForm(Name, CreditCode, contact.DisplayName, "010-6974 1096", InvoiceAddress: "北京市昌平区政府街 19 号 010-6974 1096",
                InvoiceBank: "北京银行昌平支行 0109 0396 0001 2010 9600"),
            contact.Id, cancellationToken);
        if (!registered.Succeeded)
        {
            throw new InvalidOperationException($"The demo organisation could not be registered: {registered.Error}.");
        }

        var organisationId = registered.OrganisationId;
        await new OrganisationAdmin(dbFactory, calendar.Clock).ReviewAsync(organisationId, verify: true, note: null, admin.Id, cancellationToken);
        await JoinAsync(organisationId, colleagues, cancellationToken);

        var paid = await OrderAsync(organisationId, contact.Id, admin.Id, colleagues, cancellationToken);
        await ClaimAsync(paid, colleagues, cancellationToken);
    }

    private async Task<ApplicationUser> ColleagueAsync(string email, string name)
    {
        var user = await users.FindByEmailAsync(email);
        if (user is null)
        {
            user = new ApplicationUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = name, PreferredCulture = Cultures.Chinese };
            if (!(await users.CreateAsync(user)).Succeeded || !(await users.AddToRoleAsync(user, Roles.Sponsor)).Succeeded)
            {
                throw new InvalidOperationException($"Could not create the demo colleague {email}.");
            }
        }

        return user;
    }

    /// <summary>The colleagues as members who accepted their invitation (the invitation mails themselves are not replayed).</summary>
    private async Task JoinAsync(int organisationId, List<ApplicationUser> colleagues, CancellationToken cancellationToken)
    {
        var now = calendar.Now;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        db.OrganisationMembers.AddRange(colleagues.Select(c => new OrganisationMember
        {
            OrganisationId = organisationId, Email = c.Email!, UserId = c.Id, Role = MemberRole.Member, InvitedAt = now.AddDays(-7), JoinedAt = now.AddDays(-6),
        }));
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Places the order as gifts to the colleagues and 22 more addresses and confirms its transfer.</summary>
    private async Task<int> OrderAsync(int organisationId, string contactId, string adminId, List<ApplicationUser> colleagues, CancellationToken cancellationToken)
    {
        int planId;
        long price;
        List<int> sheep;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            var plan = await db.AdoptionPlans.AsNoTracking().OrderBy(p => p.Id).FirstAsync(cancellationToken);
            (planId, price) = (plan.Id, plan.PriceFen);

            // Spread like any order, but off the demo herders' own flocks (households 1 and 2), which their journeys use.
            var herders = await db.Households.OrderBy(h => h.Id).Take(2).Select(h => h.Id).ToListAsync(cancellationToken);
            var free = (await OrderSheep.FreeAsync(db, cancellationToken)).Where(c => !herders.Contains(c.HouseholdId));
            sheep = [.. HouseholdSpread.Pick(free, OrderSize).Select(c => c.SheepId)];
        }

        NameEntry[] recipients =
        [
            .. colleagues.Select(c => new NameEntry(c.DisplayName, c.Email)),
            .. Enumerable.Range(1, OrderSize - colleagues.Count).Select(n => new NameEntry("", $"staff{n:D2}@changping.example.com")),
        ];
        var placement = new OrderPlacement(
            dbFactory, [new BankTransferPayments()], Options.Create(new PaymentOptions { Providers = [BankTransferPayments.ProviderName] }),
            Options.Create(new OrganisationOptions()), calendar);
        var placed = await placement.PlaceAsync(
            new OrderRequest(organisationId, planId, OrderSize, CertificateNames.Gifts, recipients, EndOfTermOptions.NothingFurther,
                DeathPolicy.Replacement, BankTransferPayments.ProviderName, Cultures.Chinese, "demo-organisation-order-1", SheepIds: sheep),
            contactId, "/", cancellationToken);
        if (!placed.Succeeded)
        {
            throw new InvalidOperationException($"The demo organisation's order could not be placed: {placed.Error}.");
        }

        await new PaymentEvents(dbFactory, calendar).ConfirmBankTransferAsync(placed.PaymentReference, price * OrderSize, adminId, cancellationToken);
        return placed.OrderId;
    }

    /// <summary>Five colleagues open their gift link and claim it, four with a name of their choosing on the certificate.</summary>
    private async Task ClaimAsync(int orderId, List<ApplicationUser> colleagues, CancellationToken cancellationToken)
    {
        var claims = new GiftClaims(dbFactory, calendar);
        for (var i = 0; i < Claimed; i++)
        {
            var token = GiftClaims.NewToken();
            await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
            {
                // What the reveal job does before it mails the link; this colleague's link is used at once.
                var email = colleagues[i].Email;
                await db.Adoptions.Where(a => a.OrganisationOrderId == orderId && a.GiftRecipientEmail == email)
                    .ExecuteUpdateAsync(
                        set => set.SetProperty(a => a.GiftClaimTokenHash, GiftClaims.Hash(token)).SetProperty(a => a.GiftRevealedAt, calendar.Now),
                        cancellationToken);
            }

            var result = await claims.ClaimAsync(token, colleagues[i].Id, Colleagues[i].Certificate, cancellationToken);
            if (!result.Succeeded)
            {
                throw new InvalidOperationException($"A demo gift could not be claimed: {result.Error}.");
            }
        }
    }
}
