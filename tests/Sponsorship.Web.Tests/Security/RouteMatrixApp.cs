using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Sponsorship.Core.Adoptions;
using Sponsorship.Core.Certificates;
using Sponsorship.Core.Data;
using Sponsorship.Core.Demo;
using Sponsorship.Core.Flock;
using Sponsorship.Core.Mail;
using Sponsorship.Core.Payments;
using Sponsorship.Core.Payouts;
using Sponsorship.Core.Programme;
using Sponsorship.Testing;

namespace Sponsorship.Web.Tests.Security;

/// <summary>Who asks: nobody, the two sponsors, the two herders, an administrator.</summary>
public enum Principal
{
    Anonymous,
    SponsorA,
    SponsorB,
    HerderA,
    HerderB,
    Admin,
}

/// <summary>
/// What the matrix's route values point at. Everything belongs to sponsor A (sponsor@example.com) or to herder A's
/// household (巴特尔家, herder@example.com), so B and the others are outsiders to all of it.
/// </summary>
public sealed record RouteFixtures(
    string SponsorAId,
    int AdoptionId,
    string SheepName,
    string EarTag,
    int SheepId,
    string CertificateSerial,
    string CertificateCode,
    string BankReference,
    string PendingSandboxReference,
    int PendingSandboxAdoptionId,
    int ReplaceAdoptionId,
    string GiftToken,
    string GiftSheepName,
    string FreeEarTag,
    string FreeSheepName,
    long PhotoId,
    int PayoutBatchId,
    string PayoutBatchReference,
    string MailId,
    string MailSubject,
    string UnsubscribeToken,
    string HouseholdName,
    string WeChatReference,
    string WeChatPrepayId,
    string WeChatSheepName,
    string AlipayReference,
    string AlipayTradeNo,
    string AlipaySheepName,
    OrganisationFixtures Organisation);

/// <summary>
/// One running app for the whole matrix: the fixtures above, and a client per principal signed in once (with the
/// antiforgery token its forms carry). Rows that sign out or change what later rows look at get fresh clients or
/// fresh fixtures of their own.
/// </summary>
public sealed partial class RouteMatrixApp : IAsyncLifetime
{
    private readonly Dictionary<Principal, HttpClient> clients = [];
    private readonly Dictionary<Principal, string> tokens = [];

    public SponsorshipAppFactory App { get; } = new MatrixAppFactory();

    public RouteFixtures Fixtures { get; private set; } = null!;

    public static DemoAccount? AccountOf(Principal principal) => principal switch
    {
        Principal.SponsorA => DemoAccounts.Sponsor,
        Principal.SponsorB => DemoAccounts.SecondSponsor,
        Principal.HerderA => DemoAccounts.Herder,
        Principal.HerderB => DemoAccounts.SecondHerder,
        Principal.Admin => DemoAccounts.Admin,
        _ => null,
    };

    public HttpClient Client(Principal principal) => clients[principal];

    /// <summary>The antiforgery token that belongs to the principal's client (its cookie and its identity).</summary>
    public string Token(Principal principal) => tokens[principal];

    /// <summary>A client of its own for the principal, for rows that sign out or must not share cookies.</summary>
    public async Task<(HttpClient Client, string Token)> FreshClientAsync(Principal principal)
    {
        var client = AccountOf(principal) is { } account
            ? await HttpTestClient.SignedInAsync(App, account.Email, DemoAccounts.Password)
            : HttpTestClient.Anonymous(App);
        return (client, await TokenOfAsync(client, signedIn: AccountOf(principal) is not null));
    }

    public async Task InitializeAsync()
    {
        App.CreateClient();
        Fixtures = await CreateFixturesAsync();
        foreach (var principal in Enum.GetValues<Principal>())
        {
            if (AccountOf(principal) is not null)
            {
                // The authenticator page makes the account's key on its first visit: make it now, not in the middle of a
                // case. Making it renews the account's security stamp, which ends the session that made it once the
                // session is checked again (a minute on): the matrix's own session signs in after it.
                using var first = (await FreshClientAsync(principal)).Client;
                Assert.Equal(HttpStatusCode.OK, (await first.GetAsync("/Account/Manage/EnableAuthenticator")).StatusCode);
            }

            var (client, token) = await FreshClientAsync(principal);
            clients[principal] = client;
            tokens[principal] = token;
        }
    }

    public Task DisposeAsync()
    {
        foreach (var client in clients.Values)
        {
            client.Dispose();
        }

        App.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>
    /// A checkout of sponsor A, its payment still pending, on a free sheep of herder A's household (or, for the cases
    /// that use one up, of a household neither herder has).
    /// </summary>
    public async Task<CheckoutResult> PlaceForSponsorAAsync(string provider, string? giftTo = null, bool ofHerderA = true)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var plan = (await services.GetRequiredService<CheckoutChoices>().ActivePlansAsync()).First(p => p.PriceFen == 180_000);
        var sheepId = await FreeSheepAsync(ofHerderA);
        var request = new CheckoutRequest(
            sheepId, plan.Id, "李喆", EndOfTermOptions.NothingFurther, DeathPolicy.Replacement, provider, "zh-CN", Guid.NewGuid().ToString("N"),
            GiftRecipientName: giftTo is null ? null : "Zoë", GiftRecipientEmail: giftTo);
        var placed = await services.GetRequiredService<Checkout>().PlaceAsync(request, await SponsorAIdAsync(), "/my");
        Assert.True(placed.Succeeded, placed.Error.ToString());
        return placed;
    }

    /// <summary>Has the sandbox capture the payment, through the signed webhook handling.</summary>
    public async Task CaptureAsync(string reference)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var sandbox = services.GetRequiredService<SandboxPayments>();
        var (body, signature) = sandbox.Event("payment.captured", reference, 180_000, "CNY");
        var notice = sandbox.ReadWebhook(body, h => h == SandboxPayments.SignatureHeader ? signature : null).Notice!;
        await services.GetRequiredService<PaymentEvents>().HandleAsync(notice, body);
    }

    public async Task<SponsorshipDbContext> DbAsync()
    {
        var scope = App.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<IDbContextFactory<SponsorshipDbContext>>().CreateDbContextAsync();
    }

    private async Task<RouteFixtures> CreateFixturesAsync()
    {
        var sponsorA = await SponsorAIdAsync();
        var adopted = await PlaceForSponsorAAsync(SandboxPayments.ProviderName);
        await CaptureAsync(adopted.PaymentReference);
        var bank = await PlaceForSponsorAAsync(BankTransferPayments.ProviderName);
        var pending = await PlaceForSponsorAAsync(SandboxPayments.ProviderName);
        var replace = await PlaceForSponsorAAsync(SandboxPayments.ProviderName);
        await CaptureAsync(replace.PaymentReference);
        var gift = await PlaceForSponsorAAsync(SandboxPayments.ProviderName, giftTo: "zoe.gift@example.com");
        await CaptureAsync(gift.PaymentReference);
        var wechat = await PendingWeChatPaymentAsync();
        var alipay = await PendingAlipayPaymentAsync();
        var organisation = await CreateOrganisationAsync();

        await using var scope = App.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        await services.GetRequiredService<GiftReveals>().RunAsync();
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var flock = FlockTestData.For(services);
        await using var db = await DbAsync();
        await db.Adoptions.Where(a => a.Id == replace.AdoptionId).ExecuteUpdateAsync(set => set.SetProperty(a => a.ReplacementDueAt, now.AddDays(14)));

        var sheep = await db.Adoptions.Where(a => a.Id == adopted.AdoptionId)
            .Select(a => new { a.SheepId, a.Sheep.Name, a.Sheep.Household.HeadName }).SingleAsync();
        var earTag = await db.IdTags.Where(IdTag.IsCurrentEarTag).Where(t => t.SheepId == sheep.SheepId)
            .Select(t => t.Value).SingleAsync();
        var serial = await db.Certificates.Where(c => c.AdoptionId == adopted.AdoptionId && c.Status == CertificateStatus.Valid)
            .Select(c => c.Serial).SingleAsync();
        var giftMail = await db.OutboxMails.Where(m => m.DedupeKey == $"gift-reveal:{gift.AdoptionId}").SingleAsync();
        var claimUrl = ((GiftRevealPayload)MailPayload.Read(giftMail)).ClaimUrl;
        var giftSheep = await db.Adoptions.Where(a => a.Id == gift.AdoptionId).Select(a => a.Sheep.Name).SingleAsync();
        var free = await FreeSheepAsync(ofHerderA: true);
        var freeSheep = await db.Sheep.Where(s => s.Id == free)
            .Select(s => new { s.Name, Tag = s.Tags.AsQueryable().Where(IdTag.IsCurrentEarTag).Select(t => t.Value).First() })
            .SingleAsync();
        var photo = await flock.AddLogAsync(sheep.SheepId, LogKind.Photo, now.AddDays(-1), withPhoto: true);
        var (batchId, batchReference) = await PayoutBatchAsync(services);
        var confirmationKey = $"confirmed:payment:{await PaymentIdAsync(db, adopted.PaymentReference)}";
        var confirmation = await db.OutboxMails.Where(m => m.DedupeKey == confirmationKey).SingleAsync();
        var caught = await CaughtAsync(confirmation.MessageId);

        return new RouteFixtures(
            sponsorA, adopted.AdoptionId, sheep.Name, earTag, sheep.SheepId, serial,
            services.GetRequiredService<CertificateCodes>().CodeFor(serial), bank.PaymentReference, pending.PaymentReference, pending.AdoptionId,
            replace.AdoptionId, new Uri(claimUrl).Segments[^1], giftSheep, freeSheep.Tag, freeSheep.Name, photo.PhotoId!.Value,
            batchId, batchReference, caught.Id, caught.Subject,
            services.GetRequiredService<UnsubscribeLinks>().Token(sponsorA, MailList.MonthlyDigest), sheep.HeadName,
            wechat.Reference, wechat.PrepayId, wechat.SheepName, alipay.Reference, alipay.TradeNo, alipay.SheepName, organisation);
    }

    private static async Task<int> PaymentIdAsync(SponsorshipDbContext db, string reference) =>
        await db.Payments.Where(p => p.ProviderReference == reference).Select(p => p.Id).SingleAsync();

    /// <summary>A payout batch with a line for herder A's household: the open one if there is one, else a new draft.</summary>
    private async Task<(int Id, string Reference)> PayoutBatchAsync(IServiceProvider services)
    {
        var batches = services.GetRequiredService<PayoutBatches>();
        var admin = await UserIdAsync(DemoAccounts.Admin.Email);
        var (drafted, _) = await batches.DraftAsync(services.GetRequiredService<ProgrammeCalendar>().Today, 1, admin);
        var id = drafted ?? (await batches.ListAsync(admin)).First(b => b.Status is PayoutBatchStatus.Draft or PayoutBatchStatus.Approved).Id;
        var detail = (await batches.DetailAsync(id, admin))!;
        await using var db = await DbAsync();
        var household = await db.Users.Where(u => u.Email == DemoAccounts.Herder.Email).Select(u => u.HerderHouseholdId).SingleAsync();
        Assert.Contains(detail.Lines, l => l.HouseholdId == household);
        return (id, detail.Batch.Reference);
    }

    /// <summary>Sends the outbox now (the app's own dispatcher may be at it too) and waits until the catcher has the mail.</summary>
    private async Task<CaughtMailSummary> CaughtAsync(string messageId)
    {
        var mailbox = App.Services.GetRequiredService<CaughtMailbox>();
        for (var round = 0; round < 200; round++)
        {
            await using (var scope = App.Services.CreateAsyncScope())
            {
                await scope.ServiceProvider.GetRequiredService<OutboxDispatcher>().DrainAsync();
            }

            foreach (var summary in mailbox.List(500))
            {
                if ((await mailbox.LoadAsync(summary.Id))?.MessageId == messageId)
                {
                    return summary;
                }
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"Mail {messageId} was not caught.");
    }

    /// <summary>The first living sheep nobody holds (after <paramref name="skip"/>), of herder A's household or of one that belongs to neither herder.</summary>
    private async Task<int> FreeSheepAsync(bool ofHerderA, int skip = 0)
    {
        await using var db = await DbAsync();
        var herders = await db.Users.Where(u => u.HerderHouseholdId != null).Select(u => u.HerderHouseholdId!.Value).ToListAsync();
        var herderA = await db.Users.Where(u => u.Email == DemoAccounts.Herder.Email).Select(u => u.HerderHouseholdId).SingleAsync();
        var held = db.Adoptions.Where(Adoption.HoldsSheep).Select(a => a.SheepId);
        var free = db.Sheep.Where(s => s.ArchivedAt == null && !held.Contains(s.Id));
        free = ofHerderA ? free.Where(s => s.HouseholdId == herderA) : free.Where(s => !herders.Contains(s.HouseholdId));
        return await free.OrderBy(s => s.Id).Skip(skip).Select(s => s.Id).FirstAsync();
    }

    private Task<string> SponsorAIdAsync() => UserIdAsync(DemoAccounts.Sponsor.Email);

    private async Task<string> UserIdAsync(string email)
    {
        await using var db = await DbAsync();
        return await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
    }

    private static async Task<string> TokenOfAsync(HttpClient client, bool signedIn)
    {
        // The sign-in page has a form for anyone; the account page has forms for whoever is signed in.
        var page = await client.GetStringAsync(signedIn ? "/Account/Manage" : "/Account/Login");
        var token = AntiforgeryToken().Match(page);
        Assert.True(token.Success, "No antiforgery token for the matrix client");
        return WebUtility.HtmlDecode(token.Groups[1].Value);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}

/// <summary>
/// The app as the matrix runs it. The sandbox's Pay button posts the signed webhook back to the app over HTTP, the app
/// calls the WeChat Pay and Alipay emulators at its own address over HTTP, and they post their notifications back; in
/// the test host those requests go to the in-memory server instead of the network.
/// </summary>
internal sealed class MatrixAppFactory : SponsorshipAppFactory
{
    protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services =>
        {
            string[] toTheApp =
            [
                Sponsorship.Web.Features.Payments.PaymentsSetup.SandboxWebhookClient, WeChatPayClient.HttpClientName, AlipayClient.HttpClientName,
                EmulatorNotifier.HttpClientName,
            ];
            foreach (var client in toTheApp)
            {
                services.AddHttpClient(client).ConfigurePrimaryHttpMessageHandler(() => Server.CreateHandler());
            }
        });
    }
}
