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

    /// <summary>A refund we asked for reached the payer (<see cref="PaymentNotice.RefundReference"/> names it).</summary>
    RefundSucceeded = 5,

    /// <summary>A refund we asked for could not be paid back (closed, or the payer's account refused it).</summary>
    RefundFailed = 6,
}

/// <summary>
/// A provider's verified statement about one payment, from a webhook, an answer to our query, or an admin's
/// confirmation. For a refund, <see cref="AmountFen"/> is the amount refunded and <see cref="RefundReference"/> our
/// refund's reference.
/// </summary>
public sealed record PaymentNotice(
    string Provider, string EventId, string Type, PaymentNoticeKind Kind, string PaymentReference, long AmountFen, string Currency,
    string? RefundReference = null);

/// <summary>
/// A webhook read: <see cref="Notice"/> is null when the signature did not verify (then nothing may change).
/// <see cref="Record"/> is what to keep of it when the body itself says little (an encrypted notification, decrypted).
/// </summary>
public sealed record WebhookReading(PaymentNotice? Notice, string? Problem, string? Record = null)
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
