namespace Sponsorship.Core.Payments;

/// <summary>
/// What the payment pages poll: the state of the sponsor's own payment, after asking the gateway when it is still
/// pending (a lost notification does not leave the sponsor waiting). Someone else's payment is not found.
/// </summary>
public sealed class PaymentProgress(PaymentSummaries summaries, GatewayOrderWatch watch)
{
    public async Task<PaymentSummary?> CheckAsync(string reference, string userId, CancellationToken cancellationToken = default)
    {
        var payment = await summaries.ByReferenceAsync(reference, cancellationToken);
        if (payment is null || payment.BuyerUserId != userId)
        {
            return null;
        }

        if (payment.Status != PaymentStatus.Pending || await watch.CheckAsync(payment.PaymentId, cancellationToken: cancellationToken) is null)
        {
            return payment;
        }

        return await summaries.ByReferenceAsync(reference, cancellationToken);
    }
}
