using System.Text;
using Sponsorship.Core.Payments;

namespace Sponsorship.Web.Features.Payments;

/// <summary>
/// <c>POST /webhooks/payments/{provider}</c>: the signature is checked before anything else (a bad one is a 400 and
/// changes nothing); a replayed event is acknowledged with 200 and changes nothing. WeChat Pay and Alipay are answered
/// in their own words (a JSON code, the plain word <c>success</c>), or they would send the notification again.
/// </summary>
public static class PaymentWebhooks
{
    private const int MaxBodyBytes = 64 * 1024;

    public static void MapPaymentWebhooks(this WebApplication app) =>
        app.MapPost("/webhooks/payments/{provider}", ReceiveAsync).DisableAntiforgery().AllowAnonymous();

    private static async Task<IResult> ReceiveAsync(
        string provider, HttpRequest request, IEnumerable<IPaymentProvider> providers, PaymentEvents events,
        ILogger<PaymentEvents> logger, CancellationToken cancellationToken)
    {
        var handler = providers.FirstOrDefault(p => p.Name == provider);
        if (handler is null)
        {
            // With a body, so that the status-code pages (which re-run the request as a page) leave it alone.
            return Results.NotFound(new { error = "unknown payment provider" });
        }

        if (request.ContentLength > MaxBodyBytes)
        {
            return TooLarge();
        }

        // A chunked body has no length to check first: it is read up to the cap and refused there, not read to the end.
        var body = await ReadCappedAsync(request.Body, MaxBodyBytes, cancellationToken);
        if (body is null)
        {
            return TooLarge();
        }

        var reading = handler.ReadWebhook(body, name => request.Headers.TryGetValue(name, out var value) ? value.ToString() : null);
        if (reading.Notice is null)
        {
            logger.LogWarning("Rejected a {Provider} webhook: {Problem}", provider, reading.Problem);
            return handler is IWebhookAnswers refusal
                ? Answer(refusal.Refused(reading.Problem ?? "refused"))
                : Results.BadRequest(new { error = reading.Problem });
        }

        var result = await events.HandleAsync(reading.Notice, reading.Record ?? body, cancellationToken);
        return handler is IWebhookAnswers answers
            ? Answer(answers.Accepted)
            : Results.Ok(new { received = true, replay = result.Handling == NoticeHandling.Replay, outcome = result.Outcome });
    }

    /// <summary>With a body, so that the status-code pages (which re-run the request as a page) leave it alone.</summary>
    private static IResult TooLarge() =>
        Results.Json(new { error = $"body over {MaxBodyBytes} bytes" }, statusCode: StatusCodes.Status413PayloadTooLarge);

    /// <summary>The body as UTF-8 text, or null as soon as more than <paramref name="cap"/> bytes have arrived.</summary>
    public static async Task<string?> ReadCappedAsync(Stream body, int cap, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > cap)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static IResult Answer(WebhookAnswer answer) => Results.Content(answer.Body, answer.ContentType, Encoding.UTF8, answer.StatusCode);
}
