using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Sponsorship.Core.Adoptions;
using Sponsorship.Core.Payments;
using Sponsorship.Core.Tests.Adoptions;
using MsOptions = Microsoft.Extensions.Options.Options;

namespace Sponsorship.Core.Tests.Payments;

/// <summary>
/// The demo programme with WeChat Pay and Alipay configured with keys generated here: the merchant's and the Alipay
/// app's private keys (ours), WeChat Pay's and Alipay's (theirs, with which the tests sign what the gateways would
/// send), another pair that belongs to nobody we trust, and a fresh APIv3 key. Nothing here talks to a network.
/// </summary>
public sealed class GatewayDatabase : AdoptionDatabase
{
    public const string MerchantId = "1230000109";
    public const string WeChatAppId = "wxd678efh567hg6787";
    public const string MerchantSerial = "5157F09EFDC096DE15EBE81A47057A7232F1B8E1";
    public const string PlatformKeyId = "PUB_KEY_ID_0114232134912410000000000000";
    public const string AlipayAppId = "2014072300007148";
    public const string SellerId = "2088101106499364";
    public const string PublicBaseUrl = "https://sheep.example.org";

    public RSA Merchant { get; } = RSA.Create(2048);

    public RSA WeChatPlatform { get; } = RSA.Create(2048);

    public RSA AlipayApp { get; } = RSA.Create(2048);

    public RSA AlipayPlatform { get; } = RSA.Create(2048);

    /// <summary>A key nobody gave us: what a forger signs with.</summary>
    public RSA Stranger { get; } = RSA.Create(2048);

    public string ApiV3Key { get; } = RandomNumberGenerator.GetString("abcdefghijklmnopqrstuvwxyz0123456789", 32);

    public WeChatPayPayments WeChat { get; private set; } = null!;

    public AlipayPayments Alipay { get; private set; } = null!;

    public WeChatPayClient WeChatClient { get; private set; } = null!;

    public AlipayClient AlipayClient { get; private set; } = null!;

    public Checkout GatewayCheckout => new(
        DbFactory, [Sandbox, new BankTransferPayments(), WeChat, Alipay], MsOptions.Create(Options), Calendar);

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Options.Providers.AddRange([WeChatPayPayments.ProviderName, AlipayPayments.ProviderName]);
        Options.WeChat = new PaymentOptions.WeChatPaySettings
        {
            MerchantId = MerchantId,
            AppId = WeChatAppId,
            MerchantPrivateKey = RsaKeys.PrivatePem(Merchant),
            MerchantCertificateSerial = MerchantSerial,
            ApiV3Key = ApiV3Key,
            PlatformPublicKey = RsaKeys.PublicPem(WeChatPlatform),
            PlatformPublicKeyId = PlatformKeyId,
        };

        // Alipay's key tool writes bare base64 keys, without PEM armour: configured that way here.
        Options.Alipay = new PaymentOptions.AlipaySettings
        {
            AppId = AlipayAppId,
            AppPrivateKey = Convert.ToBase64String(AlipayApp.ExportPkcs8PrivateKey()),
            AlipayPublicKey = Convert.ToBase64String(AlipayPlatform.ExportSubjectPublicKeyInfo()),
            SellerId = SellerId,
        };
        var clients = new ServiceCollection().AddHttpClient().BuildServiceProvider().GetRequiredService<IHttpClientFactory>();
        var links = MsOptions.Create(new AdoptionLinkOptions { PublicBaseUrl = PublicBaseUrl });
        WeChatClient = new WeChatPayClient(clients, MsOptions.Create(Options), Clock);
        AlipayClient = new AlipayClient(clients, MsOptions.Create(Options), Clock);
        WeChat = new WeChatPayPayments(WeChatClient, links, Clock);
        Alipay = new AlipayPayments(AlipayClient, links, Clock);
    }

    /// <summary>A fresh sheep checked out by sponsor A, to be paid through <paramref name="provider"/>.</summary>
    public async Task<CheckoutResult> PlaceAsync(string provider)
    {
        var placed = await GatewayCheckout.PlaceAsync(Request(TakeFreeSheep(), provider: provider), SponsorA, "/my");
        return placed.Succeeded ? placed : throw new InvalidOperationException($"Checkout failed: {placed.Error}");
    }

    /// <summary>Reads a webhook as the endpoint does and, when it verifies, applies it.</summary>
    public async Task<(WebhookReading Reading, NoticeResult? Result)> DeliverAsync(IPaymentProvider provider, string body, IReadOnlyDictionary<string, string> headers)
    {
        var reading = provider.ReadWebhook(body, h => headers.GetValueOrDefault(h));
        return (reading, reading.Notice is { } notice ? await Events.HandleAsync(notice, reading.Record ?? body) : null);
    }

    /// <summary>Everything a notification could change about one payment, to compare before and after.</summary>
    public async Task<string> StateOfAsync(string reference)
    {
        await using var db = await CreateDbContextAsync();
        var payment = await db.Payments.Include(p => p.Adoption).SingleAsync(p => p.ProviderReference == reference);
        var ledger = await db.LedgerTransactions.CountAsync(t => t.AdoptionId == payment.AdoptionId);
        var certificates = await db.Certificates.CountAsync(c => c.AdoptionId == payment.AdoptionId);
        var mails = await db.OutboxMails.CountAsync();
        var refunds = string.Join(",", await db.Refunds.Where(r => r.PaymentId == payment.Id).Select(r => $"{r.Status}/{r.SettledAt}").ToListAsync());
        return new StringBuilder()
            .Append($"payment {payment.Status} {payment.CapturedAt} {payment.FlagReason}; ")
            .Append($"adoption {payment.Adoption!.Status} {payment.Adoption.StartAt}; ")
            .Append($"ledger {ledger}; certificates {certificates}; mails {mails}; refunds {refunds}")
            .ToString();
    }

    public override async Task DisposeAsync()
    {
        WeChatClient.Dispose();
        AlipayClient.Dispose();
        foreach (var key in new[] { Merchant, WeChatPlatform, AlipayApp, AlipayPlatform, Stranger })
        {
            key.Dispose();
        }

        await base.DisposeAsync();
    }
}
