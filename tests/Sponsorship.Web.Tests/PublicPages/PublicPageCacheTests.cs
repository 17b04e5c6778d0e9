using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Sponsorship.Core.Adoptions;
using Sponsorship.Core.Demo;
using Sponsorship.Core.Flock;
using Sponsorship.Core.Identity;
using Sponsorship.Core.Payments;
using Sponsorship.Testing;

namespace Sponsorship.Web.Tests.PublicPages;

/// <summary>The app with the shared page cache on, as in production (the other tests' app turns it off).</summary>
public sealed class CachedPagesApp : SponsorshipAppFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("PublicPages:Cache", "true");
    }
}

/// <summary>
/// The shared output cache of the public pages: really shared (a row written behind the use cases' back stays unseen),
/// evicted by exactly the changes that show (an approval, a re-tag, an adoption), keyed by language, never holding or
/// serving a signed-in visitor's page; compressed only where nothing secret is on the page.
/// </summary>
public sealed class PublicPageCacheTests(CachedPagesApp app) : IClassFixture<CachedPagesApp>
{
    private static DateTimeOffset Now => TimeProvider.System.GetUtcNow();

    [Fact]
    public async Task An_approval_makes_the_new_weight_visible_on_the_next_request_of_the_cached_profile()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var data = FlockTestData.For(scope.ServiceProvider);
        var (sheepId, tag) = await data.LivingSheepAsync(await data.HouseholdIdAsync(30));
        await data.AddLogAsync(sheepId, LogKind.Weighing, Now.AddDays(-20), kg: 30m);
        var pending = await data.AddLogAsync(sheepId, LogKind.Weighing, Now.AddDays(-1), ReviewStatus.Pending, kg: 33.3m);
        var client = HttpTestClient.Anonymous(app);
        Assert.Contains(CurrentWeight("30"), await client.GetStringAsync($"/sheep/{tag}"));

        // Written behind the use cases' back: the cached page does not know, which shows the page is really cached.
        await data.AddLogAsync(sheepId, LogKind.Weighing, Now.AddDays(-5), kg: 31m);
        Assert.Contains(CurrentWeight("30"), await client.GetStringAsync($"/sheep/{tag}"));

        var adminId = await new AdoptionTestData(data.DbFactory).UserIdAsync(DemoAccounts.Admin.Email);
        var review = await scope.ServiceProvider.GetRequiredService<LogReview>().ApproveAsync([pending.LogId], adminId);
        var after = await client.GetStringAsync($"/sheep/{tag}");

        Assert.Equal(1, review.Changed);
        Assert.Contains(CurrentWeight("33.3"), after);
    }

    [Fact]
    public async Task A_retag_evicts_the_catalogue_and_the_profile_moves_to_the_new_tag()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var data = FlockTestData.For(scope.ServiceProvider);
        var (sheepId, oldTag) = await data.LivingSheepAsync(await data.HouseholdIdAsync(1));
        var client = HttpTestClient.Anonymous(app);
        Assert.Contains($"sheep/{oldTag}", await client.GetStringAsync("/sheep"));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/sheep/{oldTag}")).StatusCode);

        var newTag = EarTag.ForTaibus(77_000_001).Value;
        var adminId = (await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync(DemoAccounts.Admin.Email))!.Id;
        var retag = await scope.ServiceProvider.GetRequiredService<SheepRegister>().RetagAsync(sheepId, newTag, adminId);
        var catalogue = await client.GetStringAsync("/sheep");
        var old = await client.GetAsync($"/sheep/{oldTag}");

        Assert.True(retag.Succeeded, retag.Error.ToString());
        Assert.Contains($"sheep/{newTag}", catalogue);
        Assert.DoesNotContain($"sheep/{oldTag}\"", catalogue);
        Assert.Equal(HttpStatusCode.Redirect, old.StatusCode);
        Assert.EndsWith($"sheep/{newTag}", old.Headers.Location!.ToString());
    }

    [Fact]
    public async Task A_checkout_holding_the_sheep_evicts_its_profile_so_it_is_no_longer_offered()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var data = FlockTestData.For(scope.ServiceProvider);
        var (sheepId, tag) = await FreeSheepAsync(data, householdNumber: 31);
        var client = HttpTestClient.Anonymous(app);
        Assert.Contains("data-testid=\"adopt-button\"", await client.GetStringAsync($"/sheep/{tag}"));

        var sponsorId = await new AdoptionTestData(data.DbFactory).UserIdAsync(DemoAccounts.Sponsor.Email);
        await using var db = await data.DbFactory.CreateDbContextAsync();
        var planId = await db.AdoptionPlans.Where(p => p.IsActive).OrderBy(p => p.Id).Select(p => p.Id).FirstAsync();
        var placed = await scope.ServiceProvider.GetRequiredService<Checkout>().PlaceAsync(
            new CheckoutRequest(sheepId, planId, "李喆", EndOfTermOptions.KeepForBreeding, DeathPolicy.Replacement, SandboxPayments.ProviderName, "zh-CN",
                Guid.NewGuid().ToString("N")),
            sponsorId, "/my");
        var after = await client.GetStringAsync($"/sheep/{tag}");

        Assert.True(placed.Succeeded, placed.Error.ToString());
        Assert.Contains("data-testid=\"adopted-note\"", after);
        Assert.DoesNotContain("data-testid=\"adopt-button\"", after);
    }

    [Fact]
    public async Task The_language_is_part_of_the_key_and_a_signed_in_visitors_page_is_never_shared()
    {
        var chinese = HttpTestClient.Anonymous(app);
        var english = HttpTestClient.Anonymous(app);
        await english.GetAsync("/language?culture=en&returnUrl=/");
        var sponsor = await HttpTestClient.SignedInAsync(app, DemoAccounts.Sponsor.Email, DemoAccounts.Password);

        var zh = await chinese.GetStringAsync("/impact");
        var en = await english.GetStringAsync("/impact");
        var signedIn = await sponsor.GetStringAsync("/impact");
        var anonymousAgain = await chinese.GetStringAsync("/impact");

        Assert.Contains("<html lang=\"zh-CN\"", zh);
        Assert.Contains("<html lang=\"en\"", en);
        Assert.Contains(DemoAccounts.Sponsor.DisplayName, signedIn);
        Assert.Contains("data-testid=\"sign-out\"", signedIn);
        Assert.DoesNotContain(DemoAccounts.Sponsor.DisplayName, anonymousAgain);
        Assert.Contains("data-testid=\"sign-in\"", anonymousAgain);
    }

    [Theory]
    [InlineData("br")]
    [InlineData("gzip")]
    public async Task Public_pages_are_compressed_without_any_secret_and_pages_with_one_are_not(string encoding)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var data = FlockTestData.For(scope.ServiceProvider);
        var (_, tag) = await data.LivingSheepAsync(await data.HouseholdIdAsync(32));
        var anonymous = HttpTestClient.Anonymous(app);
        var sponsor = await HttpTestClient.SignedInAsync(app, DemoAccounts.Sponsor.Email, DemoAccounts.Password);

        foreach (var path in new[] { "/", "/sheep", "/sheep?breed=Ujimqin", $"/sheep/{tag}", "/impact" })
        {
            var response = await GetAsync(anonymous, path, encoding);
            var html = await DecodedAsync(response);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal([encoding], response.Content.Headers.ContentEncoding);
            Assert.DoesNotContain("__RequestVerificationToken", html);
            Assert.DoesNotContain("Component-State", html);
            Assert.False(response.Headers.Contains("Set-Cookie"), $"{path} sets a cookie: {string.Join("; ", response.Headers.TryGetValues("Set-Cookie", out var c) ? c : [])}");

            var signedIn = await GetAsync(sponsor, path, encoding);
            Assert.Empty(signedIn.Content.Headers.ContentEncoding);
            Assert.Contains("__RequestVerificationToken", await signedIn.Content.ReadAsStringAsync());
        }

        var login = await GetAsync(anonymous, "/Account/Login", encoding);
        Assert.Empty(login.Content.Headers.ContentEncoding);
        Assert.Contains("__RequestVerificationToken", await login.Content.ReadAsStringAsync());
    }

    private static string CurrentWeight(string kg) => $"<span class=\"profile-stat-value\">{kg} 公斤</span>";

    private static async Task<HttpResponseMessage> GetAsync(HttpClient client, string path, string encoding)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue(encoding));
        return await client.SendAsync(request);
    }

    private static async Task<string> DecodedAsync(HttpResponseMessage response)
    {
        await using var body = await response.Content.ReadAsStreamAsync();
        await using Stream decoded = response.Content.Headers.ContentEncoding.SingleOrDefault() switch
        {
            "br" => new System.IO.Compression.BrotliStream(body, System.IO.Compression.CompressionMode.Decompress),
            "gzip" => new System.IO.Compression.GZipStream(body, System.IO.Compression.CompressionMode.Decompress),
            _ => body,
        };
        using var reader = new StreamReader(decoded);
        return await reader.ReadToEndAsync();
    }

    private static async Task<(int Id, string Tag)> FreeSheepAsync(FlockTestData data, int householdNumber)
    {
        var household = await data.HouseholdIdAsync(householdNumber);
        await using var db = await data.DbFactory.CreateDbContextAsync();
        for (var index = 0; ; index++)
        {
            var sheep = await data.LivingSheepAsync(household, index);
            if (!await db.Adoptions.Where(Adoption.HoldsSheep).AnyAsync(a => a.SheepId == sheep.Id))
            {
                return sheep;
            }
        }
    }
}
