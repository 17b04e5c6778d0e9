using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Sponsorship.Core.Data;
using Sponsorship.Core.Payments;

namespace Sponsorship.Web.Tests.Security;

/// <summary>What a POST could change, read before and after a case so that a refused one is seen to change nothing.</summary>
public static class RouteStates
{
    /// <summary>
    /// The number of rows in the tables a request can add to (audit rows too: every write by a signed-in user adds
    /// some). The mail outbox and job runs are left out: the app's own background work adds to them at any moment.
    /// </summary>
    public static async Task<string> RowCountsAsync(RouteMatrixApp app)
    {
        await using var db = await app.DbAsync();
        return string.Join(", ",
            // Reading account numbers is audited even when the page then refuses the form: a read, not a change.
            $"audit {await db.AuditEntries.CountAsync(e => e.Action != AuditAction.Read)}",
            $"adoptions {await db.Adoptions.CountAsync()}",
            $"payments {await db.Payments.CountAsync()}",
            $"events {await db.ProviderEvents.CountAsync()}",
            $"logs {await db.AnimalLogs.CountAsync()}",
            $"photos {await db.SheepPhotos.CountAsync()}",
            $"ledger {await db.LedgerTransactions.CountAsync()}",
            $"certificates {await db.Certificates.CountAsync()}",
            $"batches {await db.PayoutBatches.CountAsync()}",
            $"statements {await db.BankStatements.CountAsync()}",
            $"users {await db.Users.CountAsync()}");
    }

    public static async Task<string> RenewalsOfAsync(RouteMatrixApp app, RouteFixtures fixtures)
    {
        await using var db = await app.DbAsync();
        return $"renewals {await db.Payments.CountAsync(p => p.AdoptionId == fixtures.AdoptionId && p.Purpose == PaymentPurpose.Renewal)}";
    }

    public static async Task<string> LogsOfSheepAsync(RouteMatrixApp app, RouteFixtures fixtures)
    {
        await using var db = await app.DbAsync();
        return $"logs {await db.AnimalLogs.CountAsync(l => l.SheepId == fixtures.SheepId)}";
    }

    public static async Task<string> PendingSandboxPaymentAsync(RouteMatrixApp app, RouteFixtures fixtures)
    {
        await using var db = await app.DbAsync();
        var payment = await db.Payments.Where(p => p.ProviderReference == fixtures.PendingSandboxReference)
            .Select(p => new { p.Status, Adoption = p.Adoption!.Status }).SingleAsync();
        return $"payment {payment.Status}, adoption {payment.Adoption}";
    }

    /// <summary>A new pending sandbox payment of sponsor A for a case that will use it up.</summary>
    public static async Task<RouteFixtures> WithNewPendingSandboxPaymentAsync(RouteMatrixApp app)
    {
        var placed = await app.PlaceForSponsorAAsync(SandboxPayments.ProviderName, ofHerderA: false);
        return app.Fixtures with { PendingSandboxReference = placed.PaymentReference, PendingSandboxAdoptionId = placed.AdoptionId };
    }

    /// <summary>Sponsor A's WeChat Pay payment and its order at the emulator.</summary>
    public static async Task<string> WeChatPaymentAsync(RouteMatrixApp app, RouteFixtures fixtures)
    {
        var order = app.App.Services.GetRequiredService<WeChatPayEmulator>().Find(fixtures.WeChatPrepayId);
        return $"{await PaymentAsync(app, fixtures.WeChatReference)}, order {order?.State}";
    }

    /// <summary>Sponsor A's Alipay payment and its trade at the emulator.</summary>
    public static async Task<string> AlipayPaymentAsync(RouteMatrixApp app, RouteFixtures fixtures)
    {
        var trade = app.App.Services.GetRequiredService<AlipayEmulator>().Find(fixtures.AlipayTradeNo);
        return $"{await PaymentAsync(app, fixtures.AlipayReference)}, trade {trade?.Status} {trade?.Wap}";
    }

    /// <summary>A new pending WeChat Pay payment of sponsor A, its order open at the emulator, for a case that will pay it.</summary>
    public static async Task<RouteFixtures> WithNewWeChatPaymentAsync(RouteMatrixApp app)
    {
        var (reference, prepayId, sheepName) = await app.PendingWeChatPaymentAsync();
        return app.Fixtures with { WeChatReference = reference, WeChatPrepayId = prepayId, WeChatSheepName = sheepName };
    }

    /// <summary>A new pending Alipay payment of sponsor A, its trade open at the emulator, for a case that will pay it.</summary>
    public static async Task<RouteFixtures> WithNewAlipayPaymentAsync(RouteMatrixApp app)
    {
        var (reference, tradeNo, sheepName) = await app.PendingAlipayPaymentAsync();
        return app.Fixtures with { AlipayReference = reference, AlipayTradeNo = tradeNo, AlipaySheepName = sheepName };
    }

    private static async Task<string> PaymentAsync(RouteMatrixApp app, string reference)
    {
        await using var db = await app.DbAsync();
        var payment = await db.Payments.Where(p => p.ProviderReference == reference)
            .Select(p => new { p.Status, Adoption = p.Adoption!.Status }).SingleAsync();
        return $"payment {payment.Status}, adoption {payment.Adoption}";
    }
}
