using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Sponsorship.Core.Adoptions;
using Sponsorship.Core.Data;
using Sponsorship.Core.Demo;
using Sponsorship.Core.Flock;
using Sponsorship.Core.Payments;
using Sponsorship.Testing;

namespace Sponsorship.Web.Tests.Adoptions;

/// <summary>The payment webhook over real HTTP, and who may see an adoption.</summary>
[Collection(SharedApp.Name)]
public sealed class AdoptionEndpointTests(SponsorshipAppFactory app)
{
    [Fact]
    public async Task A_webhook_with_a_bad_signature_is_a_400_and_changes_nothing()
    {
        var placed = await PlaceAsync(DemoAccounts.Sponsor.Email, offset: 0);
        var (body, signature) = Sandbox().Event("payment.captured", placed.PaymentReference, 180_000, "CNY");

        var forged = await PostWebhookAsync(body.Replace("180000", "1", StringComparison.Ordinal), signature);
        var unsigned = await PostWebhookAsync(body, null);

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, unsigned.StatusCode);
        Assert.Equal(AdoptionStatus.PendingPayment, await StatusAsync(placed.AdoptionId));
    }

    [Fact]
    public async Task A_signed_webhook_activates_the_adoption_and_its_replay_is_acknowledged_without_change()
    {
        var placed = await PlaceAsync(DemoAccounts.Sponsor.Email, offset: 1);
        var (body, signature) = Sandbox().Event("payment.captured", placed.PaymentReference, 180_000, "CNY");

        var first = await PostWebhookAsync(body, signature);
        var replay = await PostWebhookAsync(body, signature);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        Assert.False((await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("replay").GetBoolean());
        Assert.True((await replay.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("replay").GetBoolean());
        Assert.Equal(AdoptionStatus.Active, await StatusAsync(placed.AdoptionId));
        await using var db = await DbAsync();
        Assert.Equal(1, await db.LedgerTransactions.CountAsync(t => t.AdoptionId == placed.AdoptionId && t.Kind == Sponsorship.Core.Ledger.LedgerKinds.Capture));
    }

    [Fact]
    public async Task An_unknown_provider_is_a_404()
    {
        var response = await PostWebhookAsync("{}", null, "paypal");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Only_its_sponsor_sees_an_adoption_others_get_404_and_anonymous_visitors_sign_in()
    {
        var placed = await PlaceAsync(DemoAccounts.Sponsor.Email, offset: 2);
        var path = $"/my/adoptions/{placed.AdoptionId}";

        var owner = await (await HttpTestClient.SignedInAsync(app, DemoAccounts.Sponsor.Email, DemoAccounts.Password)).GetAsync(path);
        var other = await (await HttpTestClient.SignedInAsync(app, DemoAccounts.SecondSponsor.Email, DemoAccounts.Password)).GetAsync(path);
        var anonymous = await HttpTestClient.Anonymous(app).GetAsync(path);
        var checkout = await HttpTestClient.Anonymous(app).GetAsync($"/sheep/{placed.EarTag}/adopt");

        Assert.Equal(HttpStatusCode.OK, owner.StatusCode);
        Assert.Contains(placed.SheepName, await owner.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        Assert.DoesNotContain(placed.SheepName, await other.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        HttpTestClient.AssertSentToSignIn(anonymous, path);
        HttpTestClient.AssertSentToSignIn(checkout, $"/sheep/{placed.EarTag}/adopt");
    }

    [Fact]
    public async Task My_sheep_lists_the_sponsors_own_adoptions_and_not_anyone_elses()
    {
        var mine = await PlaceAsync(DemoAccounts.SecondSponsor.Email, offset: 3);
        var theirs = await PlaceAsync(DemoAccounts.Sponsor.Email, offset: 4);

        var page = await (await HttpTestClient.SignedInAsync(app, DemoAccounts.SecondSponsor.Email, DemoAccounts.Password)).GetStringAsync("/my");

        Assert.Contains(mine.SheepName, page, StringComparison.Ordinal);
        Assert.DoesNotContain(theirs.SheepName, page, StringComparison.Ordinal);
    }

    private SandboxPayments Sandbox() => app.Services.GetRequiredService<SandboxPayments>();

    private async Task<HttpResponseMessage> PostWebhookAsync(string body, string? signature, string provider = "sandbox")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/webhooks/payments/{provider}")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        if (signature is not null)
        {
            request.Headers.Add(SandboxPayments.SignatureHeader, signature);
        }

        return await HttpTestClient.Anonymous(app).SendAsync(request);
    }

    private async Task<SponsorshipDbContext> DbAsync()
    {
        var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IDbContextFactory<SponsorshipDbContext>>().CreateDbContextAsync();
    }

    private async Task<AdoptionStatus> StatusAsync(int adoptionId)
    {
        await using var db = await DbAsync();
        return await db.Adoptions.Where(a => a.Id == adoptionId).Select(a => a.Status).SingleAsync();
    }

    /// <summary>Places a sandbox checkout through the app's own Checkout, for a sheep of a household the other tests leave alone.</summary>
    private async Task<(int AdoptionId, string PaymentReference, string EarTag, string SheepName)> PlaceAsync(string email, int offset)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<SponsorshipDbContext>>().CreateDbContextAsync();
        var userId = await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
        var planId = await db.AdoptionPlans.Where(p => p.TermMonths == 12).Select(p => p.Id).FirstAsync();
        var held = db.Adoptions.Select(a => a.SheepId);
        var sheep = await db.Sheep.Where(s => s.ArchivedAt == null && s.HouseholdId > 80 && !held.Contains(s.Id))
            .OrderByDescending(s => s.Id).Skip(offset)
            .Select(s => new { s.Id, s.Name, Tag = s.Tags.AsQueryable().Where(IdTag.IsCurrentEarTag).Select(t => t.Value).First() }).FirstAsync();
        var request = new CheckoutRequest(
            sheep.Id, planId, "测试", EndOfTermOptions.KeepForBreeding, DeathPolicy.Replacement, SandboxPayments.ProviderName, "zh-CN",
            Guid.NewGuid().ToString("N"));
        var result = await scope.ServiceProvider.GetRequiredService<Checkout>().PlaceAsync(request, userId, "/my");
        Assert.True(result.Succeeded, result.Error.ToString());
        return (result.AdoptionId, result.PaymentReference, sheep.Tag, sheep.Name);
    }
}
