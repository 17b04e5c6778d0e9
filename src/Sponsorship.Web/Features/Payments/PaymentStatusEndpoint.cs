using System.Security.Claims;
using Sponsorship.Core.Payments;

namespace Sponsorship.Web.Features.Payments;

/// <summary>What the payment pages' script reads: the state of one payment and where to go next.</summary>
public sealed record PaymentStatusAnswer(string Status, string? Next);

/// <summary>
/// <c>GET /my/payments/{reference}/status</c>: the sponsor's own payment only (anybody else's is a 404, like one that
/// does not exist). While the payment is pending it asks the gateway (<see cref="PaymentProgress"/>), so the page moves
/// on even when the provider's notification is late. The payment pages poll it; no circuit is needed.
/// </summary>
public static class PaymentStatusEndpoint
{
    public static void MapPaymentStatus(this WebApplication app) =>
        app.MapGet("/my/payments/{reference}/status", CheckAsync).RequireAuthorization();

    public static string Url(string reference) => $"my/payments/{Uri.EscapeDataString(reference)}/status";

    private static async Task<IResult> CheckAsync(
        string reference, ClaimsPrincipal user, PaymentProgress progress, HttpResponse response, CancellationToken cancellationToken)
    {
        var payment = await progress.CheckAsync(reference, user.FindFirstValue(ClaimTypes.NameIdentifier) ?? "", cancellationToken);
        if (payment is null)
        {
            return Results.NotFound(new { error = "no such payment" });
        }

        response.Headers.CacheControl = "no-store";
        return Results.Ok(Answer(payment));
    }

    public static PaymentStatusAnswer Answer(PaymentSummary payment)
    {
        ArgumentNullException.ThrowIfNull(payment);
        return new PaymentStatusAnswer(
            payment.Status.ToString().ToLowerInvariant(),
            payment.Status switch
            {
                PaymentStatus.Captured => payment.PaidPath,
                PaymentStatus.Declined when payment.VisitDay is not null || payment.EarTag.Length > 0 => $"{payment.BackPath}?declined=1",
                _ => null,
            });
    }
}
