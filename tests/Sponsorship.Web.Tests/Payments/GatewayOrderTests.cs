using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Sponsorship.Core.Adoptions;
using Sponsorship.Core.Data;
using Sponsorship.Core.Demo;
using Sponsorship.Core.Payments;

namespace Sponsorship.Web.Tests.Payments;

/// <summary>
/// Keeping our payments and the gateways' orders in step over real HTTP: a lost notification is made up for by
/// asking (the payment page's status check and the scheduled watch), an unpaid order is closed when the reservation
/// ends, and a payment that slips in before the close is captured, not lost.
/// </summary>
[Collection(GatewayApps.Name)]
public sealed class GatewayOrderTests(GatewayApp app)
{
    [Fact]
    public async Task A_payment_whose_notification_was_lost_is_found_by_the_status_check_asking_WeChat_Pay()
    {
        var placed = await app.PlaceAsync(WeChatPayPayments.ProviderName);
        Assert.Equal(EmulatedPayment.Paid, await app.Get<WeChatPayEmulator>().PayAsync(await app.OpenWeChatPayAsync(placed.PaymentReference), notify: false));
        using var owner = await app.SignedInAsync(DemoAccounts.Sponsor.Email);
        using var someoneElse = await app.SignedInAsync(DemoAccounts.SecondSponsor.Email);
        using var anonymous = app.Client();
        var path = $"/my/payments/{placed.PaymentReference}/status";

        Assert.Equal(HttpStatusCode.NotFound, (await someoneElse.GetAsync(path)).StatusCode);
        var signIn = await anonymous.GetAsync(path);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Contains("/Account/Login", signIn.Headers.Location!.ToString(), StringComparison.Ordinal);
        var answer = await owner.GetFromJsonAsync<JsonElement>(path);

        Assert.Equal("captured", answer.GetProperty("status").GetString());
        Assert.Equal($"my/adoptions/{placed.AdoptionId}?paid=1", answer.GetProperty("next").GetString());
        await using var db = await app.DbAsync();
        var paymentId = await db.Payments.Where(p => p.ProviderReference == placed.PaymentReference).Select(p => p.Id).SingleAsync();
        var events = await db.ProviderEvents.Where(e => e.PaymentId == paymentId).Select(e => e.Type).ToListAsync();
        Assert.Equal(["trade_state.SUCCESS"], events);
        Assert.Equal(AdoptionStatus.Active, await db.Adoptions.Where(a => a.Id == placed.AdoptionId).Select(a => a.Status).SingleAsync());
    }

    [Fact]
    public async Task Only_the_sponsor_who_owns_a_payment_opens_its_pages_others_get_404_and_anonymous_visitors_sign_in()
    {
        var wechat = await app.PlaceAsync(WeChatPayPayments.ProviderName);
        var alipay = await app.PlaceAsync(AlipayPayments.ProviderName);
        var prepayId = await app.OpenWeChatPayAsync(wechat.PaymentReference);
        var tradeNo = await app.OpenAlipayAsync(alipay.PaymentReference);
        string[] paths =
        [
            $"/pay/wechat/{wechat.PaymentReference}", $"/pay/alipay/{alipay.PaymentReference}", $"/my/payments/{wechat.PaymentReference}/return",
            $"/my/payments/{alipay.PaymentReference}/status", $"/dev/wechatpay/scan/{prepayId}", $"/dev/alipay/cashier/{tradeNo}",
            $"/dev/alipay/cashier/{tradeNo}/state",
        ];
        using var owner = await app.SignedInAsync(DemoAccounts.Sponsor.Email);
        using var anonymous = app.Client();

        foreach (var path in paths)
        {
            Assert.Equal((path, HttpStatusCode.OK), (path, (await owner.GetAsync(path)).StatusCode));
            var signIn = await anonymous.GetAsync(path);
            Assert.Equal((path, HttpStatusCode.Redirect), (path, signIn.StatusCode));
            Assert.Contains("/Account/Login", signIn.Headers.Location!.ToString(), StringComparison.Ordinal);
        }

        foreach (var email in new[] { DemoAccounts.SecondSponsor.Email, DemoAccounts.Herder.Email, DemoAccounts.Admin.Email })
        {
            using var other = await app.SignedInAsync(email);
            foreach (var path in paths)
            {
                Assert.Equal((email, path, HttpStatusCode.NotFound), (email, path, (await other.GetAsync(path)).StatusCode));
            }
        }
    }

    [Fact]
    public async Task The_watch_asks_Alipay_about_an_order_whose_reservation_is_about_to_end_and_captures_what_was_paid()
    {
        var placed = await app.PlaceAsync(AlipayPayments.ProviderName);
        await app.Get<AlipayEmulator>().PayAsync(await app.OpenAlipayAsync(placed.PaymentReference), notify: false);
        await SetReservationAsync(placed.AdoptionId, TimeSpan.FromMinutes(2));

        var (queried, _) = await WatchAsync();

        Assert.True(queried >= 1);
        await using var db = await app.DbAsync();
        Assert.Equal(PaymentStatus.Captured, await db.Payments.Where(p => p.ProviderReference == placed.PaymentReference).Select(p => p.Status).SingleAsync());
        Assert.Equal(AdoptionStatus.Active, await db.Adoptions.Where(a => a.Id == placed.AdoptionId).Select(a => a.Status).SingleAsync());
    }

    [Fact]
    public async Task When_the_reservation_ends_the_unpaid_WeChat_Pay_order_is_closed_and_can_no_longer_be_paid()
    {
        var placed = await app.PlaceAsync(WeChatPayPayments.ProviderName);
        var prepayId = await app.OpenWeChatPayAsync(placed.PaymentReference);
        await SetReservationAsync(placed.AdoptionId, TimeSpan.FromSeconds(-1));

        var (_, closed) = await WatchAsync();

        Assert.True(closed >= 1);
        Assert.Equal(EmulatedPayment.Closed, await app.Get<WeChatPayEmulator>().PayAsync(prepayId));
        Assert.Equal("CLOSED", app.Get<WeChatPayEmulator>().Find(prepayId)!.State);
        await using var db = await app.DbAsync();
        var payment = await db.Payments.Include(p => p.Adoption).SingleAsync(p => p.ProviderReference == placed.PaymentReference);
        Assert.Equal((PaymentStatus.Expired, AdoptionStatus.Cancelled), (payment.Status, payment.Adoption!.Status));
        Assert.NotNull(payment.GatewayClosedAt);

        // Closed once: the next round leaves it alone.
        Assert.Equal(0, (await WatchAsync()).Closed);
    }

    [Fact]
    public async Task A_payment_that_slips_in_before_the_close_is_captured_and_activates_the_adoption_while_the_sheep_is_still_free()
    {
        var placed = await app.PlaceAsync(AlipayPayments.ProviderName);
        var tradeNo = await app.OpenAlipayAsync(placed.PaymentReference);
        await SetReservationAsync(placed.AdoptionId, TimeSpan.FromSeconds(-1));
        await new ReservationExpiry(app.DbFactory, app.Get<TimeProvider>()).RunAsync();
        await app.Get<AlipayEmulator>().PayAsync(tradeNo, notify: false);

        // The close is refused (the trade is paid); the watch asks, and the capture is applied as always.
        await WatchAsync();

        await using var db = await app.DbAsync();
        var payment = await db.Payments.Include(p => p.Adoption).SingleAsync(p => p.ProviderReference == placed.PaymentReference);
        Assert.Equal((PaymentStatus.Captured, AdoptionStatus.Active), (payment.Status, payment.Adoption!.Status));
        Assert.Equal(1, await db.LedgerTransactions.CountAsync(t => t.IdempotencyKey == $"capture:payment:{payment.Id}"));
    }

    [Fact]
    public async Task The_emulated_gateways_refuse_requests_that_are_not_signed_with_the_apps_keys()
    {
        using var client = new HttpClient();
        using var native = new HttpRequestMessage(HttpMethod.Post, $"{app.BaseUrl}/dev/wechatpay/v3/pay/transactions/native")
        {
            Content = new StringContent("{}", Encoding.UTF8, "application/json"),
        };
        native.Headers.TryAddWithoutValidation("Authorization",
            "WECHATPAY2-SHA256-RSA2048 mchid=\"1900009191\",nonce_str=\"x\",signature=\"AAAA\",timestamp=\"1\",serial_no=\"x\"");
        var wechat = await client.SendAsync(native);
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["app_id"] = GatewayEmulatorKeys.AlipayAppId, ["method"] = "alipay.trade.query", ["sign_type"] = "RSA2", ["sign"] = "AAAA",
            ["biz_content"] = "{\"out_trade_no\":\"TB0000000000\"}",
        });
        var alipay = await client.PostAsync(new Uri($"{app.BaseUrl}/dev/alipay/gateway.do"), form);

        Assert.Equal(HttpStatusCode.Unauthorized, wechat.StatusCode);
        Assert.Equal("SIGN_ERROR", (await wechat.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        Assert.Equal("40002", (await alipay.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("alipay_trade_query_response").GetProperty("code").GetString());
    }

    [Fact]
    public async Task Forged_notifications_are_answered_in_each_providers_own_words_and_change_nothing()
    {
        var placed = await app.PlaceAsync(AlipayPayments.ProviderName);
        using var client = new HttpClient();
        using var wechatBody = new StringContent("{\"id\":\"EV-1\",\"event_type\":\"TRANSACTION.SUCCESS\"}", Encoding.UTF8, "application/json");
        var wechat = await client.PostAsync(new Uri($"{app.BaseUrl}/webhooks/payments/wechat"), wechatBody);
        using var alipayBody = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["out_trade_no"] = placed.PaymentReference, ["trade_status"] = "TRADE_SUCCESS", ["total_amount"] = "1800.00",
            ["notify_id"] = "forged", ["sign_type"] = "RSA2", ["sign"] = "AAAA",
        });
        var alipay = await client.PostAsync(new Uri($"{app.BaseUrl}/webhooks/payments/alipay"), alipayBody);

        Assert.Equal(HttpStatusCode.BadRequest, wechat.StatusCode);
        Assert.Equal("FAIL", (await wechat.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        Assert.Equal((HttpStatusCode.BadRequest, "fail"), (alipay.StatusCode, await alipay.Content.ReadAsStringAsync()));
        await using var db = await app.DbAsync();
        Assert.False(await db.ProviderEvents.AnyAsync(e => e.EventId == "forged"));
        Assert.Equal(PaymentStatus.Pending, await db.Payments.Where(p => p.ProviderReference == placed.PaymentReference).Select(p => p.Status).SingleAsync());
    }

    private async Task<(int Queried, int Closed)> WatchAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<GatewayOrderWatch>().WatchAsync();
    }

    private async Task SetReservationAsync(int adoptionId, TimeSpan fromNow)
    {
        var until = app.Get<TimeProvider>().GetUtcNow() + fromNow;
        await using var db = await app.DbAsync();
        await db.Adoptions.Where(a => a.Id == adoptionId).ExecuteUpdateAsync(set => set.SetProperty(a => a.ReservedUntil, until));
    }
}
