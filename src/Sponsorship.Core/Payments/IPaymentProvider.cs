namespace Sponsorship.Core.Payments;

/// <summary>What a provider needs to start collecting a payment.</summary>
public sealed record PaymentStartRequest(
    string PaymentReference, long AmountFen, string Currency, string Description, string SponsorEmail, string ReturnUrl);

/// <summary>Where to send the sponsor next: the provider's checkout, or our page with bank-transfer instructions.</summary>
public sealed record PaymentStart(string RedirectUrl);

public enum PaymentNoticeKind
{
    Captured = 1,
    Declined = 2,
    Expired = 3,

    /// <summary>An event we record but that changes nothing (a provider sends many kinds).</summary>
    Other = 4,
}

/// <summary>A provider's verified statement about one payment, from a webhook or an admin's confirmation.</summary>
public sealed record PaymentNotice(
    string Provider, string EventId, string Type, PaymentNoticeKind Kind, string PaymentReference, long AmountFen, string Currency);

/// <summary>A webhook read: <see cref="Notice"/> is null when the signature did not verify (then nothing may change).</summary>
public sealed record WebhookReading(PaymentNotice? Notice, string? Problem)
{
    public static WebhookReading Rejected(string problem) => new(null, problem);
}

/// <summary>
/// A way to pay. Starting a payment sends the sponsor somewhere; the provider later tells us the outcome by a signed
/// webhook, which <see cref="ReadWebhook"/> verifies before anything else reads it.
/// </summary>
public interface IPaymentProvider
{
    string Name { get; }

    Task<PaymentStart> StartAsync(PaymentStartRequest request, CancellationToken cancellationToken = default);

    WebhookReading ReadWebhook(string body, Func<string, string?> header);
}
