namespace Sponsorship.Core.Payments;

/// <summary>The <c>Payments</c> section: which providers a sponsor may choose, and their settings.</summary>
public sealed class PaymentOptions
{
    public const string Section = "Payments";

    /// <summary>
    /// Offered at checkout, in this order: any of <c>sandbox</c>, <c>bank</c>, <c>stripe</c>. Development offers the
    /// sandbox and bank transfer; a production configuration names its providers (bank transfer alone by default).
    /// </summary>
    public List<string> Providers { get; set; } = [];

    /// <summary>How long a sheep is held for a sponsor whose payment is pending.</summary>
    public int ReservationMinutes { get; set; } = 15;

    public SandboxSettings Sandbox { get; set; } = new();
    public BankTransferSettings Bank { get; set; } = new();
    public StripeSettings Stripe { get; set; } = new();

    public IReadOnlyList<string> EnabledProviders =>
        Providers.Count > 0 ? Providers : [SandboxPayments.ProviderName, BankTransferPayments.ProviderName];

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
}
