namespace Sponsorship.Core.Payments;

/// <summary>
/// Payment by bank transfer: the sponsor gets a reference to quote, and an administrator marks the payment received
/// against that reference (<see cref="PaymentEvents.ConfirmBankTransferAsync"/>). No webhooks come from a bank.
/// </summary>
public sealed class BankTransferPayments : IPaymentProvider
{
    public const string ProviderName = "bank";

    public string Name => ProviderName;

    public Task<PaymentStart> StartAsync(PaymentStartRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Task.FromResult(new PaymentStart($"/my/payments/{Uri.EscapeDataString(request.PaymentReference)}/bank-transfer"));
    }

    public WebhookReading ReadWebhook(string body, Func<string, string?> header) =>
        WebhookReading.Rejected("bank transfers are confirmed by an administrator, not by webhook");
}
