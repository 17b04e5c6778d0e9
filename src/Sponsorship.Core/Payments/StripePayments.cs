using Microsoft.Extensions.Options;
using Stripe;
using Stripe.Checkout;

namespace Sponsorship.Core.Payments;

/// <summary>
/// Stripe Checkout: a Checkout Session per payment (our reference in its metadata), and the webhook events
/// <c>checkout.session.*</c> verified with Stripe.net's signature check.
/// </summary>
public sealed class StripePayments(IOptions<PaymentOptions> options, TimeProvider clock) : IPaymentProvider
{
    public const string ProviderName = "stripe";
    public const string SignatureHeader = "Stripe-Signature";
    public const string ReferenceKey = "payment_reference";

    public string Name => ProviderName;

    public async Task<PaymentStart> StartAsync(PaymentStartRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var client = new StripeClient(options.Value.Stripe.SecretKey);
        var session = await new SessionService(client).CreateAsync(
            new SessionCreateOptions
            {
                Mode = "payment",
                ClientReferenceId = request.PaymentReference,
                CustomerEmail = string.IsNullOrEmpty(request.SponsorEmail) ? null : request.SponsorEmail,
                SuccessUrl = request.ReturnUrl,
                CancelUrl = request.ReturnUrl,
                Metadata = new Dictionary<string, string> { [ReferenceKey] = request.PaymentReference },
                LineItems =
                [
                    new SessionLineItemOptions
                    {
                        Quantity = 1,
                        PriceData = new SessionLineItemPriceDataOptions
                        {
                            Currency = request.Currency.ToLowerInvariant(),
                            UnitAmount = request.AmountFen,
                            ProductData = new SessionLineItemPriceDataProductDataOptions { Name = request.Description },
                        },
                    },
                ],
            },
            new RequestOptions { IdempotencyKey = request.PaymentReference },
            cancellationToken);
        return new PaymentStart(session.Url);
    }

    public WebhookReading ReadWebhook(string body, Func<string, string?> header)
    {
        ArgumentNullException.ThrowIfNull(header);
        Event stripeEvent;
        try
        {
            stripeEvent = EventUtility.ConstructEvent(
                body, header(SignatureHeader) ?? "", options.Value.Stripe.WebhookSecret,
                tolerance: (long)WebhookSignature.Tolerance.TotalSeconds, utcNow: clock.GetUtcNow().ToUnixTimeSeconds(),
                throwOnApiVersionMismatch: false);
        }
        catch (StripeException e)
        {
            return WebhookReading.Rejected(e.Message);
        }

        if (stripeEvent.Data?.Object is not Session session
            || session.Metadata is null || !session.Metadata.TryGetValue(ReferenceKey, out var reference))
        {
            return new WebhookReading(
                new PaymentNotice(ProviderName, stripeEvent.Id, stripeEvent.Type, PaymentNoticeKind.Other, "", 0, ""), null);
        }

        var kind = stripeEvent.Type switch
        {
            "checkout.session.completed" when session.PaymentStatus == "paid" => PaymentNoticeKind.Captured,
            "checkout.session.async_payment_succeeded" => PaymentNoticeKind.Captured,
            "checkout.session.async_payment_failed" => PaymentNoticeKind.Declined,
            "checkout.session.expired" => PaymentNoticeKind.Expired,
            _ => PaymentNoticeKind.Other,
        };
        return new WebhookReading(
            new PaymentNotice(
                ProviderName, stripeEvent.Id, stripeEvent.Type, kind, reference, session.AmountTotal ?? 0,
                (session.Currency ?? "").ToUpperInvariant()),
            null);
    }
}
