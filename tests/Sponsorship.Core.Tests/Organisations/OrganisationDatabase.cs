using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.DependencyInjection;
using Sponsorship.Core.Adoptions;
using Sponsorship.Core.Identity;
using Sponsorship.Core.Organisations;
using Sponsorship.Core.Payments;
using Sponsorship.Core.Tests.Adoptions;

namespace Sponsorship.Core.Tests.Organisations;

/// <summary>
/// The demo programme with the checkout, the payment providers and the organisation use cases over it. Each test makes
/// its own organisation (a fresh credit code and contact account), so tests in a class do not see each other's orders.
/// </summary>
public class OrganisationDatabase : AdoptionDatabase
{
    private int organisations;

    public OrganisationOptions OrganisationOptions { get; } = new() { BundleProgressEvery = 2 };

    public OrderPlacement Placement => new(
        DbFactory, [Sandbox, new BankTransferPayments(), Stripe], Wrap(Options), Wrap(OrganisationOptions), Calendar);

    public OrganisationRegistry Registry => new(DbFactory, Clock);

    public OrganisationAdmin Admin => new(DbFactory, Clock);

    public OrganisationMembers Members => new(DbFactory, Wrap(new AdoptionLinkOptions { PublicBaseUrl = LifecycleSteps.BaseUrl }), Clock);

    public OrganisationPages Pages => new(DbFactory, Clock);

    public OrderRenewals Renewals => new(DbFactory, [Sandbox, new BankTransferPayments(), Stripe], Wrap(Options), Clock);

    public OrderReservationExpiry Expiry => new(DbFactory, Clock);

    public InvoiceRequests Invoices => new(DbFactory, Calendar);

    /// <summary>A valid credit code that no other test uses: Beijing's Changping district, a running organisation number.</summary>
    public static string NewCreditCode(int number)
    {
        var body = $"91110114MA{number:D7}";
        return body + CreditCode.CheckCharacter(body);
    }

    public async Task<string> NewUserAsync(string email, string name)
    {
        await using var scope = CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = new ApplicationUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = name, PreferredCulture = Cultures.Chinese };
        var created = await users.CreateAsync(user, "grassland-demo-1096");
        Assert.True(created.Succeeded, string.Join("; ", created.Errors.Select(e => e.Description)));
        await users.AddToRoleAsync(user, Roles.Sponsor);
        return user.Id;
    }

    /// <summary>A new organisation with its own contact account; verified by the admin unless told otherwise.</summary>
    public async Task<(int OrganisationId, string ContactId)> NewOrganisationAsync(bool verified = true, string name = "北京市昌平区测试单位")
    {
        var n = Interlocked.Increment(ref organisations);
        var contact = await NewUserAsync($"contact{n}-{Guid.NewGuid():N}@example.com", $"联系人{n}");
        var registered = await Registry.RegisterAsync(new OrganisationForm($"{name}{n}", NewCreditCode(n + (1000 * Random.Shared.Next(1, 9000))), "张伟", "010-6974 1096"), contact);
        Assert.True(registered.Succeeded, registered.Error.ToString());
        if (verified)
        {
            Assert.True(await Admin.ReviewAsync(registered.OrganisationId, verify: true, note: null, AdminId));
        }

        return (registered.OrganisationId, contact);
    }

    public OrderRequest Order(
        int organisationId, int quantity, string provider = BankTransferPayments.ProviderName, CertificateNames names = CertificateNames.Organisation,
        IReadOnlyList<NameEntry>? list = null, IReadOnlyList<int>? sheepIds = null, DeathPolicy deathPolicy = DeathPolicy.Replacement, string? key = null) =>
        new(organisationId, PlanId, quantity, names, list ?? [], EndOfTermOptions.KeepForBreeding, deathPolicy, provider, "zh-CN",
            key ?? Guid.NewGuid().ToString("N"), SheepIds: sheepIds);

    public async Task<OrderResult> PlaceAsync(OrderRequest request, string contactId)
    {
        var placed = await Placement.PlaceAsync(request, contactId, "/organisations");
        Assert.True(placed.Succeeded, $"{placed.Error} {placed.Choice}");
        return placed;
    }

    public Task<NoticeResult?> ConfirmTransferAsync(string reference, long amountFen) => Events.ConfirmBankTransferAsync(reference, amountFen, AdminId);

    public async Task<List<Adoption>> AdoptionsOfAsync(int orderId)
    {
        await using var db = await CreateDbContextAsync();
        return await db.Adoptions.AsNoTracking().Where(a => a.OrganisationOrderId == orderId).OrderBy(a => a.Id).ToListAsync();
    }

    private static IOptions<T> Wrap<T>(T value)
        where T : class => Microsoft.Extensions.Options.Options.Create(value);

    public async Task<List<int>> FreeSheepIdsAsync(int count)
    {
        await using var db = await CreateDbContextAsync();
        var free = await OrderSheep.FreeAsync(db);
        return [.. free.OrderByDescending(c => c.SheepId).Take(count).Select(c => c.SheepId)];
    }
}
