using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Sponsorship.Core.Adoptions;
using Sponsorship.Core.Data;
using Sponsorship.Core.Demo;
using Sponsorship.Core.Payments;
using Sponsorship.Testing;

namespace Sponsorship.Web.Tests.Adoptions;

/// <summary>The lifecycle's pages and endpoint answer only the sponsor they belong to; anyone else gets 404, anonymous a sign-in.</summary>
[Collection(SharedApp.Name)]
public sealed partial class LifecycleOwnershipTests(SponsorshipAppFactory app)
{
    [Fact]
    public async Task Only_the_buyer_sees_a_bank_transfers_instructions()
    {
        var placed = await PlaceAsync(BankTransferPayments.ProviderName);
        var sponsorA = await HttpTestClient.SignedInAsync(app, DemoAccounts.Sponsor.Email, DemoAccounts.Password);
        var sponsorB = await HttpTestClient.SignedInAsync(app, DemoAccounts.SecondSponsor.Email, DemoAccounts.Password);
        var path = $"/my/payments/{placed.PaymentReference}/bank-transfer";

        var own = await sponsorA.GetAsync(path);
        var other = await sponsorB.GetAsync(path);
        var unknown = await sponsorA.GetAsync("/my/payments/TB0000000000/bank-transfer");

        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        var html = await own.Content.ReadAsStringAsync();
        Assert.Contains(placed.PaymentReference, html, StringComparison.Ordinal);
        Assert.Contains("6222 0206 0000 1096", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        Assert.DoesNotContain("6222 0206 0000 1096", await other.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task Only_the_sponsor_opens_the_replacement_page_of_their_adoption()
    {
        var placed = await PlaceAsync(SandboxPayments.ProviderName);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var factory = scope.ServiceProvider.GetRequiredService<IDbContextFactory<SponsorshipDbContext>>();
            await using var db = await factory.CreateDbContextAsync();
            await db.Adoptions.Where(a => a.Id == placed.AdoptionId).ExecuteUpdateAsync(set => set
                .SetProperty(a => a.Status, AdoptionStatus.Active)
                .SetProperty(a => a.ReplacementDueAt, scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow().AddDays(14)));
        }

        var sponsorA = await HttpTestClient.SignedInAsync(app, DemoAccounts.Sponsor.Email, DemoAccounts.Password);
        var sponsorB = await HttpTestClient.SignedInAsync(app, DemoAccounts.SecondSponsor.Email, DemoAccounts.Password);
        var path = $"/my/adoptions/{placed.AdoptionId}/replace";

        var own = await sponsorA.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Contains("data-testid=\"replace-candidate\"", await own.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await sponsorB.GetAsync(path)).StatusCode);
    }

    [Fact]
    public async Task Another_sponsor_posting_a_renewal_gets_404_and_no_payment_is_made()
    {
        var placed = await PlaceAsync(SandboxPayments.ProviderName);
        var sponsorB = await HttpTestClient.SignedInAsync(app, DemoAccounts.SecondSponsor.Email, DemoAccounts.Password);

        var response = await PostWithTokenAsync(sponsorB, $"/my/adoptions/{placed.AdoptionId}/renew", new() { ["provider"] = "sandbox", ["key"] = Guid.NewGuid().ToString("N") });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        await using var scope = app.Services.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<SponsorshipDbContext>>().CreateDbContextAsync();
        Assert.Equal(0, await db.Payments.CountAsync(p => p.AdoptionId == placed.AdoptionId && p.Purpose == PaymentPurpose.Renewal));
    }

    [Fact]
    public async Task The_owner_outside_the_renewal_window_is_sent_back_with_the_reason()
    {
        var placed = await PlaceAsync(SandboxPayments.ProviderName);
        var sponsorA = await HttpTestClient.SignedInAsync(app, DemoAccounts.Sponsor.Email, DemoAccounts.Password);

        var response = await PostWithTokenAsync(sponsorA, $"/my/adoptions/{placed.AdoptionId}/renew", new() { ["provider"] = "sandbox", ["key"] = Guid.NewGuid().ToString("N") });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"/my/adoptions/{placed.AdoptionId}?renewal=NotRenewable", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task The_owner_in_the_last_30_days_is_sent_to_pay_and_a_resent_post_gives_the_same_payment()
    {
        var placed = await PlaceAsync(SandboxPayments.ProviderName);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var now = scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow();
            await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<SponsorshipDbContext>>().CreateDbContextAsync();
            await db.Adoptions.Where(a => a.Id == placed.AdoptionId).ExecuteUpdateAsync(set => set
                .SetProperty(a => a.Status, AdoptionStatus.Active).SetProperty(a => a.StartAt, now.AddMonths(-11)).SetProperty(a => a.EndAt, now.AddDays(10)));
        }

        var sponsorA = await HttpTestClient.SignedInAsync(app, DemoAccounts.Sponsor.Email, DemoAccounts.Password);
        var fields = new Dictionary<string, string> { ["provider"] = "sandbox", ["key"] = Guid.NewGuid().ToString("N") };

        var first = await PostWithTokenAsync(sponsorA, $"/my/adoptions/{placed.AdoptionId}/renew", fields);
        var again = await PostWithTokenAsync(sponsorA, $"/my/adoptions/{placed.AdoptionId}/renew", fields);

        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.StartsWith("/pay/sandbox/TB", first.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Equal(first.Headers.Location, again.Headers.Location);
    }

    [Theory]
    [InlineData("/gifts/claim/abcdefghijklmnopqrstuvwxyz")]
    [InlineData("/my/payments/TB0000000000/bank-transfer")]
    [InlineData("/my/adoptions/1/replace")]
    public async Task Anonymous_visitors_are_sent_to_sign_in_and_back(string path)
    {
        var response = await HttpTestClient.Anonymous(app).GetAsync(path);

        HttpTestClient.AssertSentToSignIn(response, path);
    }

    [Fact]
    public async Task An_unknown_claim_link_is_404()
    {
        var sponsorB = await HttpTestClient.SignedInAsync(app, DemoAccounts.SecondSponsor.Email, DemoAccounts.Password);

        Assert.Equal(HttpStatusCode.NotFound, (await sponsorB.GetAsync("/gifts/claim/not-a-real-token")).StatusCode);
    }

    [Theory]
    [InlineData("/admin/plans")]
    [InlineData("/admin/payments")]
    [InlineData("/admin/fulfilment")]
    public async Task Admin_pages_are_for_admins_only(string path)
    {
        var sponsor = await HttpTestClient.SignedInAsync(app, DemoAccounts.Sponsor.Email, DemoAccounts.Password);
        var admin = await HttpTestClient.SignedInAsync(app, DemoAccounts.Admin.Email, DemoAccounts.Password);

        HttpTestClient.AssertAccessDenied(await sponsor.GetAsync(path), path);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync(path)).StatusCode);
    }

    /// <summary>Sponsor A checks out a free sheep (payment pending).</summary>
    private async Task<CheckoutResult> PlaceAsync(string provider)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var factory = scope.ServiceProvider.GetRequiredService<IDbContextFactory<SponsorshipDbContext>>();
        string sponsorA;
        int planId;
        List<int> free;
        await using (var db = await factory.CreateDbContextAsync())
        {
            sponsorA = await db.Users.Where(u => u.Email == DemoAccounts.Sponsor.Email).Select(u => u.Id).SingleAsync();
            planId = await db.AdoptionPlans.Where(p => p.IsActive).OrderBy(p => p.Id).Select(p => p.Id).FirstAsync();
            var held = db.Adoptions.Where(Adoption.HoldsSheep).Select(a => a.SheepId);
            free = await db.Sheep.Where(s => s.ArchivedAt == null && !held.Contains(s.Id)).OrderByDescending(s => s.Id).Select(s => s.Id).Take(50).ToListAsync();
        }

        foreach (var sheepId in free.OrderBy(_ => Random.Shared.Next()))
        {
            var request = new CheckoutRequest(
                sheepId, planId, "李喆", EndOfTermOptions.NothingFurther, DeathPolicy.Replacement, provider, "zh-CN", Guid.NewGuid().ToString("N"));
            var placed = await scope.ServiceProvider.GetRequiredService<Checkout>().PlaceAsync(request, sponsorA, "/my");
            if (placed.Succeeded)
            {
                return placed;
            }
        }

        throw new InvalidOperationException("No free sheep to check out.");
    }

    /// <summary>Posts a form with the antiforgery token of the signed-in user's layout (the sign-out form carries one).</summary>
    private static async Task<HttpResponseMessage> PostWithTokenAsync(HttpClient client, string path, Dictionary<string, string> fields)
    {
        var page = await client.GetStringAsync("/sheep");
        var token = AntiforgeryToken().Match(page);
        Assert.True(token.Success, "No antiforgery token on the page");
        using var content = new FormUrlEncodedContent(new Dictionary<string, string>(fields)
        {
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value),
        });
        return await client.PostAsync(path, content);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
