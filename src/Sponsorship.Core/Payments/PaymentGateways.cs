namespace Sponsorship.Core.Payments;

/// <summary>What the sponsor pays on: a computer shows a QR code (or the provider's desk page), a phone goes to the provider's mobile page.</summary>
public enum PaymentDevice
{
    Desktop = 1,
    Phone = 2,
}

/// <summary>What a gateway needs to open an order for one of our payments.</summary>
public sealed record GatewayOrder(string Reference, long AmountFen, string Currency, string Description, DateTimeOffset ExpiresAt);

public enum GatewayTradeState
{
    /// <summary>The gateway has no such order (never opened, or Alipay's buyer never reached the cashier).</summary>
    NotFound,
    Pending,
    Paid,
    Closed,
}

/// <summary>What a gateway says about our order; a paid one carries the capture to apply, as a notification would.</summary>
public sealed record GatewayOrderStatus(GatewayTradeState State, PaymentNotice? Capture = null);

public enum GatewayCloseOutcome
{
    /// <summary>Closed (or there was nothing to close): nobody can pay it any more.</summary>
    Closed,

    /// <summary>The payer paid before the close arrived: query it and apply the capture.</summary>
    AlreadyPaid,
}

/// <summary>A provider whose gateway can be asked about an order and told to close it.</summary>
public interface IPaymentGateway
{
    string Name { get; }

    Task<GatewayOrderStatus> QueryAsync(string paymentReference, CancellationToken cancellationToken = default);

    Task<GatewayCloseOutcome> CloseAsync(string paymentReference, CancellationToken cancellationToken = default);
}

/// <summary>A refund of part or all of a captured payment, named by our own refund reference.</summary>
public sealed record RefundOrder(
    string PaymentReference, string RefundReference, long RefundFen, long PaymentFen, string Currency, string Reason);

public enum GatewayRefundState
{
    Processing,
    Succeeded,
    Failed,
}

public sealed record GatewayRefundResult(GatewayRefundState State, string Detail);

/// <summary>A provider that pays money back the way it came.</summary>
public interface IRefundGateway
{
    string Name { get; }

    /// <summary>
    /// Asks for the refund. Asking again with the same <see cref="RefundOrder.RefundReference"/> is safe: the gateway
    /// pays each reference once and answers with that refund's state.
    /// </summary>
    Task<GatewayRefundResult> RefundAsync(RefundOrder order, CancellationToken cancellationToken = default);
}

/// <summary>How a provider wants its webhooks answered (Alipay wants the word <c>success</c>, WeChat Pay a JSON code).</summary>
public sealed record WebhookAnswer(int StatusCode, string ContentType, string Body);

public interface IWebhookAnswers
{
    WebhookAnswer Accepted { get; }

    WebhookAnswer Refused(string problem);
}

/// <summary>A gateway refused a call or answered with something we cannot trust (an unsigned or wrongly signed reply).</summary>
public sealed class PaymentGatewayException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>How long a gateway order may be paid: the sheep's reservation, a visit's pay-by time, or one hold's length for a renewal.</summary>
public static class GatewayOrderExpiry
{
    public static DateTimeOffset For(PaymentPurpose purpose, DateTimeOffset createdAt, DateTimeOffset? reservedUntil, PaymentOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return purpose is PaymentPurpose.Adoption or PaymentPurpose.Visit && reservedUntil is { } until ? until : createdAt.AddMinutes(options.ReservationMinutes);
    }
}
