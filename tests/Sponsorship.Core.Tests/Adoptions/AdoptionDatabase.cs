using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Sponsorship.Core.Adoptions;
using Sponsorship.Core.Demo;
using Sponsorship.Core.Payments;

namespace Sponsorship.Core.Tests.Adoptions;

/// <summary>
/// The demo programme with the checkout, the three payment providers and the webhook handling over it. Tests take
/// free sheep from a pool so that each works on a sheep nobody else in the class touches.
/// </summary>
public class AdoptionDatabase : SeededDatabase
{
    public const string StripeSecret = "whsec_test_secret";
    private readonly Queue<int> freeSheep = new();
    private readonly Lock gate = new();

    public string SponsorA { get; private set; } = "";
    public string SponsorB { get; private set; } = "";
    public int PlanId { get; private set; }
    public long PlanPrice { get; private set; }

    public PaymentOptions Options { get; } = new()
    {
        Providers = [SandboxPayments.ProviderName, BankTransferPayments.ProviderName, StripePayments.ProviderName],
        Stripe = { SecretKey = "sk_test_unused", WebhookSecret = StripeSecret },
    };

    public SandboxPayments Sandbox => new(Microsoft.Extensions.Options.Options.Create(Options), Clock);

    public StripePayments Stripe => new(Microsoft.Extensions.Options.Options.Create(Options), Clock);

    public Checkout Checkout => new(
        DbFactory, [Sandbox, new BankTransferPayments(), Stripe], Microsoft.Extensions.Options.Options.Create(Options), Calendar);

    public PaymentEvents Events => new(DbFactory, Calendar);

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await using var db = await CreateDbContextAsync();
        SponsorA = await db.Users.Where(u => u.Email == DemoAccounts.Sponsor.Email).Select(u => u.Id).SingleAsync();
        SponsorB = await db.Users.Where(u => u.Email == DemoAccounts.SecondSponsor.Email).Select(u => u.Id).SingleAsync();
        var plan = await db.AdoptionPlans.OrderBy(p => p.Id).FirstAsync();
        (PlanId, PlanPrice) = (plan.Id, plan.PriceFen);
        var held = db.Adoptions.Select(a => a.SheepId);
        foreach (var id in await db.Sheep.Where(s => s.ArchivedAt == null && !held.Contains(s.Id)).OrderByDescending(s => s.Id).Take(300).Select(s => s.Id).ToListAsync())
        {
            freeSheep.Enqueue(id);
        }
    }

    public int TakeFreeSheep()
    {
        lock (gate)
        {
            return freeSheep.Dequeue();
        }
    }

    public CheckoutRequest Request(int sheepId, string? key = null, string provider = SandboxPayments.ProviderName) => new(
        sheepId, PlanId, "李喆", EndOfTermOptions.KeepForBreeding, DeathPolicy.Replacement, provider, "zh-CN",
        key ?? Guid.NewGuid().ToString("N"));

    /// <summary>Checks out a fresh sheep for sponsor A and has the sandbox capture it.</summary>
    public async Task<(int AdoptionId, string Reference)> AdoptAsync(string? sponsor = null, CheckoutRequest? request = null)
    {
        var placed = await Checkout.PlaceAsync(request ?? Request(TakeFreeSheep()), sponsor ?? SponsorA, "/my");
        if (!placed.Succeeded)
        {
            throw new InvalidOperationException($"Checkout failed: {placed.Error}");
        }

        await SendSandboxAsync("payment.captured", placed.PaymentReference, PlanPrice);
        return (placed.AdoptionId, placed.PaymentReference);
    }

    public async Task<NoticeResult> SendSandboxAsync(string type, string reference, long amountFen, string currency = "CNY")
    {
        var (body, signature) = Sandbox.Event(type, reference, amountFen, currency);
        var reading = Sandbox.ReadWebhook(body, h => h == SandboxPayments.SignatureHeader ? signature : null);
        return await Events.HandleAsync(reading.Notice ?? throw new InvalidOperationException(reading.Problem), body);
    }
}
