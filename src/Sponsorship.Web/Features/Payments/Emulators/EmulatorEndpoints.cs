using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Sponsorship.Core.Adoptions;
using Sponsorship.Core.Payments;

namespace Sponsorship.Web.Features.Payments.Emulators;

/// <summary>
/// Development only: the HTTP face of the WeChat Pay and Alipay emulators. Their APIs (<c>/dev/wechatpay/v3/…</c>,
/// <c>/dev/alipay/gateway.do</c>) answer the app's signed calls as the real gateways do; the demo payer's Pay and Cancel
/// on their phone pages are form posts that only the payment's owner can make.
/// </summary>
public static class EmulatorEndpoints
{
    private const int MaxBodyBytes = 64 * 1024;

    public static void MapWeChatPayEmulator(this WebApplication app)
    {
        app.MapMethods(WeChatPayEmulator.BasePath + "/v3/{**rest}", ["GET", "POST"], WeChatPayApiAsync).DisableAntiforgery().AllowAnonymous();
        app.MapPost(WeChatPayEmulator.BasePath + "/pay/{prepayId}", WeChatPayDecideAsync).RequireAuthorization();
    }

    public static void MapAlipayEmulator(this WebApplication app)
    {
        app.MapMethods(AlipayEmulator.GatewayPath, ["GET", "POST"], AlipayGatewayAsync).DisableAntiforgery().AllowAnonymous();
        app.MapPost(AlipayEmulator.CashierPath + "/{tradeNo}", AlipayDecideAsync).RequireAuthorization();
        app.MapGet(AlipayEmulator.CashierPath + "/{tradeNo}/state", AlipayStateAsync).RequireAuthorization();
    }

    /// <summary>The emulated trade's payment, if it belongs to the signed-in sponsor.</summary>
    public static async Task<bool> IsOwnerAsync(PaymentSummaries payments, string outTradeNo, ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(payments);
        var payment = await payments.ByReferenceAsync(outTradeNo);
        return payment is not null && payment.BuyerUserId == user.FindFirstValue(ClaimTypes.NameIdentifier);
    }

    private static async Task<IResult> WeChatPayApiAsync(HttpContext context, WeChatPayEmulator emulator)
    {
        var body = await ReadBodyAsync(context.Request);
        if (body is null)
        {
            return Results.StatusCode(StatusCodes.Status413PayloadTooLarge);
        }

        // The signature covers the URL exactly as sent, so take the raw request target.
        var target = context.Features.Get<IHttpRequestFeature>()?.RawTarget is { } raw && raw.StartsWith(WeChatPayEmulator.BasePath, StringComparison.Ordinal)
            ? raw[WeChatPayEmulator.BasePath.Length..]
            : context.Request.Path.Value![WeChatPayEmulator.BasePath.Length..] + context.Request.QueryString;
        var reply = emulator.Handle(context.Request.Method, target, context.Request.Headers.Authorization, body);
        return Write(context.Response, reply);
    }

    private static async Task<IResult> WeChatPayDecideAsync(
        string prepayId, [FromForm] string decision, [FromForm] string? redirect, ClaimsPrincipal user, WeChatPayEmulator emulator,
        PaymentSummaries payments, IOptions<AdoptionLinkOptions> links, CancellationToken cancellationToken)
    {
        if (emulator.Find(prepayId) is not { } order || !await IsOwnerAsync(payments, order.OutTradeNo, user))
        {
            return Results.NotFound();
        }

        var paid = decision == "pay" ? await emulator.PayAsync(prepayId, cancellationToken: cancellationToken) : (EmulatedPayment?)null;
        if (redirect is not null && EmulatorNotifier.IsUnder(redirect, links.Value.PublicBaseUrl))
        {
            return Results.Redirect(redirect);
        }

        return Results.LocalRedirect($"{WeChatPayEmulator.BasePath}/scan/{Uri.EscapeDataString(prepayId)}?done={(paid is null ? "cancelled" : "paid")}");
    }

    private static async Task<IResult> AlipayGatewayAsync(HttpContext context, AlipayEmulator emulator)
    {
        var parameters = context.Request.Query.ToDictionary(q => q.Key, q => q.Value.ToString(), StringComparer.Ordinal);
        if (context.Request.HasFormContentType)
        {
            if (context.Request.ContentLength > MaxBodyBytes)
            {
                return Results.StatusCode(StatusCodes.Status413PayloadTooLarge);
            }

            foreach (var (key, value) in await context.Request.ReadFormAsync())
            {
                parameters[key] = value.ToString();
            }
        }

        if (AlipayEmulator.IsCashierMethod(parameters.GetValueOrDefault("method")))
        {
            var (cashier, problem) = emulator.OpenCashier(parameters);
            return cashier is not null
                ? Results.Redirect(cashier)
                : Results.Content($"支付宝模拟器：{problem}", "text/plain", Encoding.UTF8, StatusCodes.Status400BadRequest);
        }

        return Write(context.Response, emulator.Call(parameters));
    }

    private static async Task<IResult> AlipayDecideAsync(
        string tradeNo, [FromForm] string decision, [FromForm] string? scan, ClaimsPrincipal user, AlipayEmulator emulator,
        PaymentSummaries payments, CancellationToken cancellationToken)
    {
        if (emulator.Find(tradeNo) is not { } trade || !await IsOwnerAsync(payments, trade.OutTradeNo, user))
        {
            return Results.NotFound();
        }

        var cashier = $"{AlipayEmulator.CashierPath}/{Uri.EscapeDataString(tradeNo)}";
        if (decision != "pay")
        {
            return scan is null && emulator.Cancel(tradeNo) is { } back ? Results.Redirect(back) : Results.LocalRedirect($"{cashier}?scan=1&done=cancelled");
        }

        var outcome = await emulator.PayAsync(tradeNo, cancellationToken: cancellationToken);
        return scan is null && outcome.ReturnUrl is { } returnUrl
            ? Results.Redirect(returnUrl)
            : Results.LocalRedirect($"{cashier}?scan=1&done={(outcome.Payment == EmulatedPayment.Paid ? "paid" : "closed")}");
    }

    /// <summary>What the desk cashier polls while a phone pays its QR code (the same small answer as our own status).</summary>
    private static async Task<IResult> AlipayStateAsync(string tradeNo, ClaimsPrincipal user, AlipayEmulator emulator, PaymentSummaries payments)
    {
        if (emulator.Find(tradeNo) is not { } trade || !await IsOwnerAsync(payments, trade.OutTradeNo, user))
        {
            return Results.NotFound();
        }

        return Results.Ok(new PaymentStatusAnswer(
            trade.Status switch { "TRADE_SUCCESS" or "TRADE_FINISHED" => "paid", "WAIT_BUYER_PAY" => "pending", _ => "closed" },
            trade.SignedReturnUrl));
    }

    private static IResult Write(HttpResponse response, EmulatorReply reply)
    {
        foreach (var (name, value) in reply.Headers)
        {
            response.Headers[name] = value;
        }

        return reply.Body.Length == 0 ? Results.StatusCode(reply.StatusCode) : Results.Content(reply.Body, reply.ContentType, Encoding.UTF8, reply.StatusCode);
    }

    /// <summary>The body as text, or null when it is larger than the cap (read no further than that).</summary>
    private static async Task<string?> ReadBodyAsync(HttpRequest request)
    {
        var buffer = new byte[MaxBodyBytes + 1];
        var length = 0;
        int read;
        while (length < buffer.Length && (read = await request.Body.ReadAsync(buffer.AsMemory(length))) > 0)
        {
            length += read;
        }

        return length > MaxBodyBytes ? null : Encoding.UTF8.GetString(buffer, 0, length);
    }
}
