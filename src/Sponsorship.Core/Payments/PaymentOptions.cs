namespace Sponsorship.Core.Payments;

/// <summary>The <c>Payments</c> section: which providers a sponsor may choose, and their settings.</summary>
public sealed class PaymentOptions
{
    public const string Section = "Payments";

    /// <summary>
    /// Offered at checkout, in this order (the sandbox always last, see <see cref="EnabledProviders"/>): any of
    /// <c>wechat</c>, <c>alipay</c>, <c>bank</c>, <c>stripe</c>, <c>sandbox</c>.
    /// Development offers WeChat Pay, Alipay (through their emulators), bank transfer and the sandbox; a production
    /// configuration names its providers (bank transfer alone by default).
    /// </summary>
    public List<string> Providers { get; set; } = [];

    /// <summary>How long a sheep is held for a sponsor whose payment is pending.</summary>
    public int ReservationMinutes { get; set; } = 15;

    /// <summary>A bank transfer takes days, not minutes: the sheep is held this long for a sponsor paying by bank.</summary>
    public int BankReservationHours { get; set; } = 72;

    public SandboxSettings Sandbox { get; set; } = new();
    public BankTransferSettings Bank { get; set; } = new();
    public StripeSettings Stripe { get; set; } = new();
    public WeChatPaySettings WeChat { get; set; } = new();
    public AlipaySettings Alipay { get; set; } = new();

    /// <summary>
    /// Development only: WeChat Pay and Alipay talk to the gateway emulators inside the app, with keys the emulators
    /// generate at start (the settings below are then ignored). Set it to false to try a real or sandbox gateway from a
    /// development machine with your own settings. Outside Development there are no emulators, whatever it says.
    /// </summary>
    public bool Emulators { get; set; } = true;

    /// <summary>
    /// The providers in the order a sponsor sees them, the first one chosen for them: the configured order with the
    /// sandbox moved last, so what is pre-selected is a way to really pay whenever there is one.
    /// </summary>
    public IReadOnlyList<string> EnabledProviders
    {
        get
        {
            IReadOnlyList<string> configured = Providers.Count > 0 ? Providers : [BankTransferPayments.ProviderName, SandboxPayments.ProviderName];
            return [.. configured.Where(p => p != SandboxPayments.ProviderName), .. configured.Where(p => p == SandboxPayments.ProviderName)];
        }
    }

    public sealed class SandboxSettings
    {
        /// <summary>Signs the sandbox's webhooks; the embedded default is only for Development.</summary>
        public string WebhookSecret { get; set; } = "";
    }

    public sealed class BankTransferSettings
    {
        public string AccountName { get; set; } = "太仆寺旗牧民合作社";
        public string AccountNumber { get; set; } = "6222 0206 0000 1096";
        public string BankName { get; set; } = "中国工商银行 太仆寺旗支行";
    }

    public sealed class StripeSettings
    {
        public string SecretKey { get; set; } = "";
        public string WebhookSecret { get; set; } = "";
    }

    /// <summary>WeChat Pay API v3 as a direct merchant (直连商户).</summary>
    public sealed class WeChatPaySettings
    {
        public const string OfficialGateway = "https://api.mch.weixin.qq.com";

        /// <summary>The merchant number (商户号, <c>mchid</c>).</summary>
        public string MerchantId { get; set; } = "";

        /// <summary>The app id bound to the merchant (a website's 公众号/移动应用 <c>appid</c>).</summary>
        public string AppId { get; set; } = "";

        /// <summary>The merchant API certificate's private key (<c>apiclient_key.pem</c>): PEM text, bare base64, or a file path.</summary>
        public string MerchantPrivateKey { get; set; } = "";

        /// <summary>The merchant API certificate's serial number, sent in every request's Authorization header.</summary>
        public string MerchantCertificateSerial { get; set; } = "";

        /// <summary>The APIv3 key (32 characters) that encrypts notifications.</summary>
        public string ApiV3Key { get; set; } = "";

        /// <summary>The WeChat Pay public key (微信支付公钥) that signs responses and notifications: PEM text, bare base64, or a file path.</summary>
        public string PlatformPublicKey { get; set; } = "";

        /// <summary>Its id (<c>PUB_KEY_ID_…</c>, or the platform certificate's serial), as WeChat Pay names it in <c>Wechatpay-Serial</c>.</summary>
        public string PlatformPublicKeyId { get; set; } = "";

        public string GatewayBaseUrl { get; set; } = OfficialGateway;
    }

    /// <summary>The Alipay open platform (支付宝开放平台) with RSA2 keys (公钥模式).</summary>
    public sealed class AlipaySettings
    {
        public const string OfficialGateway = "https://openapi.alipay.com/gateway.do";

        public string AppId { get; set; } = "";

        /// <summary>The application's private key (应用私钥): PEM text, bare base64 (as Alipay's key tool writes it), or a file path.</summary>
        public string AppPrivateKey { get; set; } = "";

        /// <summary>Alipay's public key (支付宝公钥) from the open platform console: PEM text, bare base64, or a file path.</summary>
        public string AlipayPublicKey { get; set; } = "";

        /// <summary>The seller's Alipay user id (2088…); when set, notifications for another seller are refused.</summary>
        public string SellerId { get; set; } = "";

        public string GatewayUrl { get; set; } = OfficialGateway;
    }
}
