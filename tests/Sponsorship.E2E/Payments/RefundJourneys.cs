using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Sponsorship.Core.Adoptions;
using Sponsorship.Core.Data;
using Sponsorship.Core.Demo;
using Sponsorship.Core.Ledger;
using Sponsorship.Core.Payments;

namespace Sponsorship.E2E.Payments;

/// <summary>An administrator sends money back the way it came, and pays back by hand what no provider can.</summary>
[Collection(BrowserJourneys.Name)]
public sealed class RefundJourneys(BrowserApp app)
{
    static RefundJourneys() => Assertions.SetDefaultExpectTimeout(20_000);

    [Fact]
    public async Task An_administrator_refunds_a_flagged_WeChat_Pay_payment_and_pays_back_a_bank_transfer_by_hand()
    {
        var flagged = await FlaggedWeChatPaymentAsync();
        var byHand = await BankRefundAsync();
        var page = await app.NewPageAsync();
        await Journeys.SignInAsync(page, DemoAccounts.Admin.Email);
        await page.GotoAsync("/admin/payments");
        await Journeys.WaitUntilInteractiveAsync(page);

        var flaggedRow = page.Locator("[data-testid=flagged] tbody tr", new() { HasText = flagged });
        await Assertions.Expect(flaggedRow.Locator("[data-testid=flag-reason]")).ToContainTextAsync("refund it");
        var handRow = page.Locator("[data-testid=refunds] tbody tr", new() { HasText = byHand });
        await Assertions.Expect(handRow.Locator("[data-testid=refund-state]")).ToHaveTextAsync("待人工退回");
        await BrowserApp.ScreenshotAsync(page, "admin-refunds-before-zh");

        await flaggedRow.Locator("[data-testid=refund-flagged]").ClickAsync();
        var refundRow = page.Locator("[data-testid=refunds] tbody tr", new() { HasText = flagged });
        await Assertions.Expect(refundRow).ToBeVisibleAsync();
        await handRow.Locator("[data-testid=refund-paid-by-hand]").ClickAsync();
        await Assertions.Expect(handRow.Locator("[data-testid=refund-state]")).ToHaveTextAsync("已退款");

        // WeChat Pay confirms the refund by its notification a moment later; the page shows it when it is next loaded.
        Assert.True(await SettledAsync(flagged));
        await page.ReloadAsync();
        await Journeys.WaitUntilInteractiveAsync(page);
        await Assertions.Expect(page.Locator("[data-testid=refunds] tbody tr", new() { HasText = flagged }).Locator("[data-testid=refund-state]"))
            .ToHaveTextAsync("已退款");
        await Assertions.Expect(page.Locator("[data-testid=flagged]")).Not.ToContainTextAsync(flagged);
        await BrowserApp.ScreenshotAsync(page, "admin-refunds-after-zh");
    }

    /// <summary>
    /// A sponsor paid WeChat Pay after the sheep's reservation lapsed and another sponsor adopted it: the order watch
    /// finds the payment while closing the order, and the capture is flagged for a refund.
    /// </summary>
    private async Task<string> FlaggedWeChatPaymentAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var dbFactory = services.GetRequiredService<IDbContextFactory<SponsorshipDbContext>>();
        var (sheepId, planId) = await FreeSheepAsync(dbFactory);
        var sponsor = await UserIdAsync(dbFactory, DemoAccounts.Sponsor.Email);
        var placed = await services.GetRequiredService<Checkout>().PlaceAsync(Request(sheepId, planId, WeChatPayPayments.ProviderName), sponsor, "/my");
        var qr = (await services.GetRequiredService<GatewayCheckout>().OpenWeChatPayAsync(placed.PaymentReference, sponsor, PaymentDevice.Desktop, "127.0.0.1"))!.QrCodeContent!;
        await services.GetRequiredService<WeChatPayEmulator>().PayAsync(qr.Split('/')[^1], notify: false);

        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            await db.Adoptions.Where(a => a.Id == placed.AdoptionId).ExecuteUpdateAsync(set => set.SetProperty(a => a.ReservedUntil, DateTimeOffset.UnixEpoch));
        }

        await new ReservationExpiry(dbFactory, services.GetRequiredService<TimeProvider>()).RunAsync();
        var other = await services.GetRequiredService<Checkout>().PlaceAsync(
            Request(sheepId, planId, SandboxPayments.ProviderName), await UserIdAsync(dbFactory, DemoAccounts.SecondSponsor.Email), "/my");
        var sandbox = services.GetRequiredService<SandboxPayments>();
        var (body, signature) = sandbox.Event("payment.captured", other.PaymentReference, 180_000, "CNY");
        await services.GetRequiredService<PaymentEvents>().HandleAsync(sandbox.ReadWebhook(body, _ => signature).Notice!, body);
        await services.GetRequiredService<GatewayOrderWatch>().WatchAsync();
        return placed.PaymentReference;
    }

    /// <summary>A bank transfer received, then the sheep died under the refund policy: the refund waits for an administrator.</summary>
    private async Task<string> BankRefundAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var dbFactory = services.GetRequiredService<IDbContextFactory<SponsorshipDbContext>>();
        var (sheepId, planId) = await FreeSheepAsync(dbFactory);
        var placed = await services.GetRequiredService<Checkout>().PlaceAsync(
            Request(sheepId, planId, BankTransferPayments.ProviderName), await UserIdAsync(dbFactory, DemoAccounts.Sponsor.Email), "/my");
        await services.GetRequiredService<PaymentEvents>().ConfirmBankTransferAsync(placed.PaymentReference, 180_000, await UserIdAsync(dbFactory, DemoAccounts.Admin.Email));
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        await LedgerWrites.RunAsync(dbFactory, async db =>
            await ShareReleases.RefundRemainderAsync(db, await db.Adoptions.SingleAsync(a => a.Id == placed.AdoptionId), now, now));
        await using var read = await dbFactory.CreateDbContextAsync();
        var refund = await read.Refunds.SingleAsync(r => r.Payment.AdoptionId == placed.AdoptionId);
        Assert.Equal(RefundStatus.ByHand, await services.GetRequiredService<RefundDispatcher>().SendAsync(refund.Id));
        return refund.Reference;
    }

    private async Task<bool> SettledAsync(string paymentReference)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (waited.Elapsed < TimeSpan.FromSeconds(20))
        {
            await using var scope = app.Services.CreateAsyncScope();
            await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<SponsorshipDbContext>>().CreateDbContextAsync();
            if (await db.Refunds.AnyAsync(r => r.Payment.ProviderReference == paymentReference && r.Status == RefundStatus.Succeeded))
            {
                return true;
            }

            await Task.Delay(100);
        }

        return false;
    }

    private static CheckoutRequest Request(int sheepId, int planId, string provider) => new(
        sheepId, planId, "王燊", EndOfTermOptions.KeepForBreeding, DeathPolicy.ProRataRefund, provider, "zh-CN", Guid.NewGuid().ToString("N"));

    private static async Task<string> UserIdAsync(IDbContextFactory<SponsorshipDbContext> dbFactory, string email)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        return await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
    }

    /// <summary>A living sheep nobody holds, from households the other journeys leave alone.</summary>
    private static async Task<(int SheepId, int PlanId)> FreeSheepAsync(IDbContextFactory<SponsorshipDbContext> dbFactory)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        var held = db.Adoptions.Where(Adoption.HoldsSheep).Select(a => a.SheepId);
        var sheepId = await db.Sheep.Where(s => s.ArchivedAt == null && s.HouseholdId > 5 && s.HouseholdId <= 10 && !held.Contains(s.Id))
            .OrderBy(s => s.Id).Select(s => s.Id).FirstAsync();
        return (sheepId, await db.AdoptionPlans.OrderBy(p => p.Id).Select(p => p.Id).FirstAsync());
    }
}
