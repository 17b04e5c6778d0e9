using System.Net;
using System.Net.Sockets;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Sponsorship.Core.Adoptions;
using Sponsorship.Core.Data;
using Sponsorship.Core.Demo;
using Sponsorship.Core.Ledger;
using Sponsorship.Core.Payments;
using Sponsorship.Testing;

namespace Sponsorship.Web.Tests.Payments;

/// <summary>
/// The app on a real port whose <c>App:PublicBaseUrl</c> is that port: WeChat Pay and Alipay are the Development
/// emulators inside it, reached over HTTP with signed requests, posting their notifications back over HTTP.
/// </summary>
public sealed class GatewayApp : IAsyncLifetime
{
    private static readonly int Port = FreePort();

    public SponsorshipAppFactory Factory { get; } = new WithoutScheduler { PublicBaseUrl = $"http://127.0.0.1:{Port}" };

    public string BaseUrl => Factory.PublicBaseUrl!;

    public IServiceProvider Services => Factory.Services;

    /// <summary>The context factory is scoped (its audit interceptor asks who acts): one scope for the tests' own reads and writes.</summary>
    public IDbContextFactory<SponsorshipDbContext> DbFactory { get; private set; } = null!;

    private AsyncServiceScope scope;

    public Task InitializeAsync()
    {
        Factory.UseKestrel(Port);
        Factory.StartServer();
        scope = Services.CreateAsyncScope();
        DbFactory = scope.ServiceProvider.GetRequiredService<IDbContextFactory<SponsorshipDbContext>>();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await scope.DisposeAsync();
        await Factory.DisposeAsync();
    }

    public T Get<T>()
        where T : notnull => Services.GetRequiredService<T>();

    public async Task<SponsorshipDbContext> DbAsync() => await DbFactory.CreateDbContextAsync();

    public async Task<string> UserIdAsync(string email)
    {
        await using var db = await DbAsync();
        return await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
    }

    /// <summary>A browser-like client of the real port: cookies kept, redirects not followed.</summary>
    public HttpClient Client() =>
        new(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() }) { BaseAddress = new Uri(BaseUrl) };

    /// <summary>Signed in through the real login form.</summary>
    public async Task<HttpClient> SignedInAsync(string email)
    {
        var client = Client();
        var response = await HttpTestClient.PostFormAsync(client, "/Account/Login", "login", new()
        {
            ["Input.Email"] = email,
            ["Input.Password"] = DemoAccounts.Password,
        });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    /// <summary>Checks out a free sheep for the demo sponsor, to be paid through <paramref name="provider"/>.</summary>
    public async Task<CheckoutResult> PlaceAsync(string provider, int? sheepId = null, string? sponsorEmail = null)
    {
        int planId;
        await using (var db = await DbAsync())
        {
            var held = db.Adoptions.Where(Adoption.HoldsSheep).Select(a => a.SheepId);
            sheepId ??= await db.Sheep.Where(s => s.ArchivedAt == null && !held.Contains(s.Id)).OrderBy(s => s.Id).Select(s => s.Id).FirstAsync();
            planId = await db.AdoptionPlans.OrderBy(p => p.Id).Select(p => p.Id).FirstAsync();
        }

        await using var checkout = Services.CreateAsyncScope();
        var placed = await checkout.ServiceProvider.GetRequiredService<Checkout>().PlaceAsync(
            new CheckoutRequest(sheepId.Value, planId, "李喆", EndOfTermOptions.KeepForBreeding, DeathPolicy.ProRataRefund, provider, "zh-CN", Guid.NewGuid().ToString("N")),
            await UserIdAsync(sponsorEmail ?? DemoAccounts.Sponsor.Email), "/my");
        return placed.Succeeded ? placed : throw new InvalidOperationException($"Checkout failed: {placed.Error}");
    }

    /// <summary>Opens the WeChat Pay order as the desk page does and returns the prepay id its QR code leads to.</summary>
    public async Task<string> OpenWeChatPayAsync(string reference)
    {
        await using var pages = Services.CreateAsyncScope();
        var page = await pages.ServiceProvider.GetRequiredService<GatewayCheckout>()
            .OpenWeChatPayAsync(reference, await UserIdAsync(DemoAccounts.Sponsor.Email), PaymentDevice.Desktop, "127.0.0.1");
        return page?.QrCodeContent?.Split('/')[^1] ?? throw new InvalidOperationException("The WeChat Pay order did not open.");
    }

    /// <summary>Posts the signed page.pay form to the gateway as the browser does and returns the trade it opened.</summary>
    public async Task<string> OpenAlipayAsync(string reference)
    {
        await using var pages = Services.CreateAsyncScope();
        var page = await pages.ServiceProvider.GetRequiredService<GatewayCheckout>()
            .OpenAlipayAsync(reference, await UserIdAsync(DemoAccounts.Sponsor.Email), PaymentDevice.Desktop);
        var form = page?.Form ?? throw new InvalidOperationException("The Alipay form was not made.");
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        using var content = new FormUrlEncodedContent(form.Fields);
        using var response = await client.PostAsync(new Uri(form.Action), content);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return response.Headers.Location!.AbsolutePath.Split('/')[^1];
    }

    /// <summary>A captured payment's refund, queued as a death under the refund policy queues it.</summary>
    public async Task<Refund> QueueDeathRefundAsync(int adoptionId)
    {
        var now = Get<TimeProvider>().GetUtcNow();
        await LedgerWrites.RunAsync(DbFactory, async db =>
        {
            var adoption = await db.Adoptions.SingleAsync(a => a.Id == adoptionId);
            return await ShareReleases.RefundRemainderAsync(db, adoption, now, now, RefundTo.PaymentProvider);
        });
        await using var read = await DbAsync();
        return await read.Refunds.SingleAsync(r => r.Payment.AdoptionId == adoptionId);
    }

    /// <summary>Waits (polling, with a deadline) until the database says what <paramref name="done"/> asks.</summary>
    public async Task<bool> EventuallyAsync(Func<SponsorshipDbContext, Task<bool>> done)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (waited.Elapsed < TimeSpan.FromSeconds(20))
        {
            await using var db = await DbAsync();
            if (await done(db))
            {
                return true;
            }

            await Task.Delay(100);
        }

        return false;
    }

    /// <summary>The scheduled jobs run when a test says so, not when the runner's tick comes round.</summary>
    private sealed class WithoutScheduler : SponsorshipAppFactory
    {
        protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Jobs:Enabled", "false");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

[CollectionDefinition(Name)]
public sealed class GatewayApps : ICollectionFixture<GatewayApp>
{
    public const string Name = "gateways";
}
