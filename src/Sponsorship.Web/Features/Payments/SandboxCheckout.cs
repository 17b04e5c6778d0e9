using System.Text;
using Microsoft.AspNetCore.Mvc;
using Sponsorship.Core.Payments;

namespace Sponsorship.Web.Features.Payments;

/// <summary>
/// The sandbox provider's side: the sponsor's Pay or Decline on <c>/pay/sandbox/{reference}</c> becomes a signed
/// webhook posted over HTTP to this app's <c>/webhooks/payments/sandbox</c> — the path a real provider's takes.
/// </summary>
public static class SandboxCheckout
{
    public static void MapSandboxCheckout(this WebApplication app) =>
        app.MapPost("/pay/sandbox/{reference}", DecideAsync);

    private static async Task<IResult> DecideAsync(
        string reference, [FromForm] string decision, HttpRequest request, PaymentSummaries payments, SandboxPayments sandbox,
        IHttpClientFactory clients, CancellationToken cancellationToken)
    {
        var payment = await payments.ByReferenceAsync(reference, cancellationToken);
        if (payment is null || payment.Provider != SandboxPayments.ProviderName)
        {
            return Results.NotFound();
        }

        if (payment.Status == PaymentStatus.Pending)
        {
            var type = decision == "pay" ? "payment.captured" : "payment.declined";
            var (body, signature) = sandbox.Event(type, reference, payment.AmountFen, payment.Currency);
            using var client = clients.CreateClient(PaymentsSetup.SandboxWebhookClient);
            using var message = new HttpRequestMessage(HttpMethod.Post, new Uri($"{request.Scheme}://{request.Host}/webhooks/payments/sandbox"))
            {
                Content = new StringContent(body, Encoding.UTF8, "application/json"),
            };
            message.Headers.Add(SandboxPayments.SignatureHeader, signature);
            using var response = await client.SendAsync(message, cancellationToken);
            response.EnsureSuccessStatusCode();
        }

        if (payment.OrganisationOrderId is { } orderId)
        {
            return Results.LocalRedirect($"/organisations/{payment.OrganisationId}/orders/{orderId}?{(decision == "pay" ? "paid" : "declined")}=1");
        }

        return Results.LocalRedirect(decision == "pay" ? $"/my/adoptions/{payment.AdoptionId}?paid=1" : $"/sheep/{payment.EarTag}?declined=1");
    }
}
