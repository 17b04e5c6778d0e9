using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Sponsorship.Core.Payments;

/// <summary>
/// The embedded provider: its own checkout page (<c>/pay/sandbox/{reference}</c>) where the sponsor presses Pay or
/// Decline; the page then posts a signed webhook to <c>/webhooks/payments/sandbox</c>, the path a real provider takes.
/// Its refunds are paid at once (no money moved in the first place).
/// </summary>
public sealed class SandboxPayments(IOptions<PaymentOptions> options, TimeProvider clock) : IPaymentProvider, IRefundGateway
{
    public const string ProviderName = "sandbox";
    public const string SignatureHeader = "Sandbox-Signature";

    /// <summary>Used only when none is configured, which the production settings check forbids.</summary>
    public const string DevelopmentSecret = "sandbox-development-secret-not-for-production";

    public string Name => ProviderName;

    private string Secret => options.Value.Sandbox.WebhookSecret is { Length: > 0 } secret ? secret : DevelopmentSecret;

    public Task<PaymentStart> StartAsync(PaymentStartRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Task.FromResult(new PaymentStart($"/pay/sandbox/{Uri.EscapeDataString(request.PaymentReference)}"));
    }

    public WebhookReading ReadWebhook(string body, Func<string, string?> header)
    {
        ArgumentNullException.ThrowIfNull(header);
        if (WebhookSignature.Problem(body, header(SignatureHeader), Secret, clock.GetUtcNow()) is { } problem)
        {
            return WebhookReading.Rejected(problem);
        }

        SandboxEvent? message;
        try
        {
            message = JsonSerializer.Deserialize<SandboxEvent>(body);
        }
        catch (JsonException)
        {
            return WebhookReading.Rejected("body is not a sandbox event");
        }

        if (message is null || string.IsNullOrEmpty(message.Id) || string.IsNullOrEmpty(message.Reference))
        {
            return WebhookReading.Rejected("body is not a sandbox event");
        }

        var kind = message.Type switch
        {
            "payment.captured" => PaymentNoticeKind.Captured,
            "payment.declined" => PaymentNoticeKind.Declined,
            "payment.expired" => PaymentNoticeKind.Expired,
            _ => PaymentNoticeKind.Other,
        };
        return new WebhookReading(
            new PaymentNotice(ProviderName, message.Id, message.Type, kind, message.Reference, message.AmountFen, message.Currency), null);
    }

    public Task<GatewayRefundResult> RefundAsync(RefundOrder order, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(order);
        return Task.FromResult(new GatewayRefundResult(GatewayRefundState.Succeeded, $"sandbox refund {order.RefundReference}"));
    }

    /// <summary>The webhook body and signature the sandbox sends after the sponsor's choice.</summary>
    public (string Body, string Signature) Event(string type, string reference, long amountFen, string currency)
    {
        var body = JsonSerializer.Serialize(new SandboxEvent($"evt_{Guid.NewGuid():N}", type, reference, amountFen, currency));
        return (body, WebhookSignature.Sign(body, Secret, clock.GetUtcNow()));
    }

    public sealed record SandboxEvent(string Id, string Type, string Reference, long AmountFen, string Currency);
}
