using System.Text;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Sponsorship.Core.Identity;
using Sponsorship.Core.Payments;

namespace Sponsorship.Web.Features.Payments;

/// <summary>
/// The sandbox provider's side: the sponsor's Pay or Decline on <c>/pay/sandbox/{reference}</c> becomes a signed
/// webhook posted over HTTP to this app's <c>/webhooks/payments/sandbox</c> — the path a real provider's takes. Only
/// the sponsor paying may decide (anyone else gets 404), and the webhook goes to this instance's own listening address
/// on loopback (or <c>App:PublicBaseUrl</c>), never to the Host the request named.
/// </summary>
public static class SandboxCheckout
{
    public static void MapSandboxCheckout(this WebApplication app) =>
        app.MapPost("/pay/sandbox/{reference}", DecideAsync).RequireAuthorization();

    private static async Task<IResult> DecideAsync(
        string reference, [FromForm] string decision, PaymentSummaries payments, SandboxPayments sandbox, ICurrentUser me,
        IHttpClientFactory clients, IServer server, IOptions<AppOptions> app, CancellationToken cancellationToken)
    {
        var payment = await payments.ForBuyerAsync(reference, SandboxPayments.ProviderName, me.UserId, cancellationToken);
        if (payment is null)
        {
            return Results.NotFound();
        }

        if (payment.Status == PaymentStatus.Pending)
        {
            var type = decision == "pay" ? "payment.captured" : "payment.declined";
            var (body, signature) = sandbox.Event(type, reference, payment.AmountFen, payment.Currency);
            using var client = clients.CreateClient(PaymentsSetup.SandboxWebhookClient);
            using var message = new HttpRequestMessage(HttpMethod.Post, WebhookAddress(server, app.Value))
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

        return Results.LocalRedirect(decision == "pay" ? $"/{payment.PaidPath}" : $"/{payment.BackPath}?declined=1");
    }

    /// <summary>This instance's own webhook address: where it listens (a wildcard host read as localhost), else the public base URL.</summary>
    public static Uri WebhookAddress(IServer server, AppOptions app)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(app);
        var listening = server.Features.Get<IServerAddressesFeature>()?.Addresses
            .Select(a => Uri.TryCreate(a.Replace("://+", "://localhost", StringComparison.Ordinal).Replace("://*", "://localhost", StringComparison.Ordinal), UriKind.Absolute, out var uri) ? uri : null)
            .FirstOrDefault(u => u is not null && u.Scheme == Uri.UriSchemeHttp)
            ?? server.Features.Get<IServerAddressesFeature>()?.Addresses
                .Select(a => Uri.TryCreate(a, UriKind.Absolute, out var uri) ? uri : null).FirstOrDefault(u => u is not null);
        if (listening is not null)
        {
            var host = listening.Host is "0.0.0.0" or "[::]" or "::" ? "localhost" : listening.Host;
            return new UriBuilder(listening.Scheme, host, listening.Port, "/webhooks/payments/sandbox").Uri;
        }

        return new Uri($"{app.PublicBaseUrl.TrimEnd('/')}/webhooks/payments/sandbox");
    }
}
