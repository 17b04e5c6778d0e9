using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Sponsorship.Core.Adoptions;
using Sponsorship.Core.Data;
using Sponsorship.Core.Demo;
using Sponsorship.Core.Mail;
using Sponsorship.Core.Payments;
using Sponsorship.Testing;

namespace Sponsorship.Web.Tests.Security;

/// <summary>Links from the public address, answers that do not tell who is registered, the sandbox only for its payer.</summary>
[Collection(SharedApp.Name)]
public sealed partial class AccountAnswerTests(SponsorshipAppFactory app)
{
    [Fact]
    public async Task A_forged_host_header_does_not_reach_the_password_reset_mail()
    {
        var client = HttpTestClient.Anonymous(app);
        client.DefaultRequestHeaders.Host = "evil.example";
        var since = await LastMailIdAsync();

        var response = await HttpTestClient.PostFormAsync(client, "/Account/ForgotPassword", "forgot-password", new() { ["Input.Email"] = DemoAccounts.Herder.Email });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var mail = await MailSinceAsync(since, DemoAccounts.Herder.Email, MailKinds.PasswordReset);
        Assert.Contains("\"http://localhost:5080/Account/ResetPassword?", mail, StringComparison.Ordinal);
        Assert.DoesNotContain("evil.example", mail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Registering_a_known_address_answers_like_a_new_one_and_tells_the_owner_by_mail()
    {
        var since = await LastMailIdAsync();
        var known = await RegisterAsync(DemoAccounts.SecondSponsor.Email);
        var fresh = await RegisterAsync($"fresh-{Guid.NewGuid():N}@example.com");

        Assert.Equal((HttpStatusCode.Redirect, HttpStatusCode.Redirect), (known.StatusCode, fresh.StatusCode));
        Assert.Contains("/Account/RegisterConfirmation", known.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Contains("/Account/RegisterConfirmation", fresh.Headers.Location!.OriginalString, StringComparison.Ordinal);
        var mail = await MailSinceAsync(since, DemoAccounts.SecondSponsor.Email, MailKinds.AccountExists);
        Assert.Contains("http://localhost:5080/Account/Login", mail, StringComparison.Ordinal);
        await using var scope = app.Services.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<SponsorshipDbContext>>().CreateDbContextAsync();
        Assert.Equal(1, await db.Users.CountAsync(u => u.Email == DemoAccounts.SecondSponsor.Email));
    }

    [Fact]
    public async Task The_confirmation_page_sign_in_forgotten_password_and_resend_answer_alike_for_known_and_unknown_addresses()
    {
        var client = HttpTestClient.Anonymous(app);
        var unknown = $"nobody-{Guid.NewGuid():N}@example.com";

        var knownPage = await client.GetAsync($"/Account/RegisterConfirmation?email={Uri.EscapeDataString(DemoAccounts.Sponsor.Email)}");
        var unknownPage = await client.GetAsync($"/Account/RegisterConfirmation?email={Uri.EscapeDataString(unknown)}");
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (knownPage.StatusCode, unknownPage.StatusCode));
        Assert.Equal(
            MainContent(await knownPage.Content.ReadAsStringAsync()).Replace(DemoAccounts.Sponsor.Email, "X", StringComparison.Ordinal),
            MainContent(await unknownPage.Content.ReadAsStringAsync()).Replace(unknown, "X", StringComparison.Ordinal));

        foreach (var (path, form, field) in new[] { ("/Account/Login", "login", "Input.Email"), ("/Account/ForgotPassword", "forgot-password", "Input.Email"), ("/Account/ResendEmailConfirmation", "resend-email-confirmation", "Input.Email") })
        {
            var known = await HttpTestClient.PostFormAsync(HttpTestClient.Anonymous(app), path, form, new() { [field] = DemoAccounts.Herder.Email, ["Input.Password"] = "a wrong password here" });
            var nobody = await HttpTestClient.PostFormAsync(HttpTestClient.Anonymous(app), path, form, new() { [field] = unknown, ["Input.Password"] = "a wrong password here" });
            Assert.Equal(known.StatusCode, nobody.StatusCode);
            Assert.Equal(known.Headers.Location, nobody.Headers.Location);
            Assert.Equal(
                MainContent(await known.Content.ReadAsStringAsync()).Replace(DemoAccounts.Herder.Email, "X", StringComparison.Ordinal),
                MainContent(await nobody.Content.ReadAsStringAsync()).Replace(unknown, "X", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Only_the_sponsor_paying_may_open_or_decide_a_sandbox_payment()
    {
        var reference = await PlaceSandboxAsync(DemoAccounts.Sponsor.Email);
        var payer = await HttpTestClient.SignedInAsync(app, DemoAccounts.Sponsor.Email, DemoAccounts.Password);
        var other = await HttpTestClient.SignedInAsync(app, DemoAccounts.SecondSponsor.Email, DemoAccounts.Password);

        Assert.Equal(HttpStatusCode.OK, (await payer.GetAsync($"/pay/sandbox/{reference}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/pay/sandbox/{reference}")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await HttpTestClient.Anonymous(app).GetAsync($"/pay/sandbox/{reference}")).StatusCode);

        var token = AntiforgeryToken().Match(await other.GetStringAsync("/Account/Manage/ChangePassword")).Groups[1].Value;
        using var decline = new FormUrlEncodedContent(new Dictionary<string, string> { ["decision"] = "pay", ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token) });
        Assert.Equal(HttpStatusCode.NotFound, (await other.PostAsync($"/pay/sandbox/{reference}", decline)).StatusCode);
        await using var scope = app.Services.CreateAsyncScope();
        var payment = await scope.ServiceProvider.GetRequiredService<PaymentSummaries>().ByReferenceAsync(reference);
        Assert.Equal(PaymentStatus.Pending, payment!.Status);
    }

    [Fact]
    public async Task A_chunked_webhook_body_over_the_cap_gets_413_without_being_read_to_the_end()
    {
        var body = new EndlessJson(10 * 1024 * 1024);
        using var content = new StreamContent(body);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/payments/sandbox") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        var response = await HttpTestClient.Anonymous(app).SendAsync(request);

        Assert.True(response.StatusCode == HttpStatusCode.RequestEntityTooLarge, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        Assert.True(body.Served < body.Length, $"{body.Served} of {body.Length} bytes were read");
    }

    [Theory]
    [InlineData("/\\evil.example")]
    [InlineData("//evil.example")]
    [InlineData("https://evil.example/")]
    [InlineData("/%0d%0aSet-Cookie:x=1")]
    public async Task The_language_switch_only_goes_back_to_a_page_of_this_site(string returnUrl)
    {
        var response = await HttpTestClient.Anonymous(app).GetAsync($"/language?culture=en&returnUrl={Uri.EscapeDataString(returnUrl)}");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!.OriginalString;
        Assert.True(location == "/" || (location.StartsWith('/') && !location.StartsWith("//", StringComparison.Ordinal) && !location.StartsWith("/\\", StringComparison.Ordinal)), location);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/sheep")]
    [InlineData("/impact")]
    [InlineData("/healthz")]
    public async Task HEAD_on_a_public_page_answers_like_GET_without_a_body(string path)
    {
        var client = HttpTestClient.Anonymous(app);

        var head = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, path));
        var get = await client.GetAsync(path);

        Assert.Equal(get.StatusCode, head.StatusCode);
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
        Assert.Equal(get.Content.Headers.ContentType?.MediaType, head.Content.Headers.ContentType?.MediaType);
    }

    private async Task<HttpResponseMessage> RegisterAsync(string email) =>
        await HttpTestClient.PostFormAsync(HttpTestClient.Anonymous(app), "/Account/Register", "register", new()
        {
            ["Input.DisplayName"] = "重名者",
            ["Input.Email"] = email,
            ["Input.Password"] = "a long enough password",
            ["Input.ConfirmPassword"] = "a long enough password",
            ["Input.AcceptPrivacyNotice"] = "true",
        });

    private async Task<string> PlaceSandboxAsync(string email)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<SponsorshipDbContext>>().CreateDbContextAsync();
        var userId = await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
        var planId = await db.AdoptionPlans.Where(p => p.TermMonths == 12).Select(p => p.Id).FirstAsync();
        var held = db.Adoptions.Select(a => a.SheepId);
        var sheepId = await db.Sheep.Where(s => s.ArchivedAt == null && s.HouseholdId > 60 && s.HouseholdId <= 70 && !held.Contains(s.Id))
            .OrderBy(s => s.Id).Select(s => s.Id).FirstAsync();
        var request = new CheckoutRequest(sheepId, planId, "测试", EndOfTermOptions.KeepForBreeding, DeathPolicy.Replacement, SandboxPayments.ProviderName, "zh-CN", Guid.NewGuid().ToString("N"));
        var result = await scope.ServiceProvider.GetRequiredService<Checkout>().PlaceAsync(request, userId, "/my");
        Assert.True(result.Succeeded, result.Error.ToString());
        return result.PaymentReference;
    }

    private async Task<long> LastMailIdAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<SponsorshipDbContext>>().CreateDbContextAsync();
        return await db.OutboxMails.MaxAsync(m => (long?)m.Id) ?? 0;
    }

    private async Task<string> MailSinceAsync(long since, string to, string kind)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<SponsorshipDbContext>>().CreateDbContextAsync();
        return await db.OutboxMails.Where(m => m.Id > since && m.ToEmail == to && m.Kind == kind).Select(m => m.PayloadJson).SingleAsync();
    }

    /// <summary>The page's main content without the per-request parts (antiforgery token, nonce).</summary>
    private static string MainContent(string html)
    {
        var start = html.IndexOf("<main", StringComparison.Ordinal);
        var end = html.LastIndexOf("</main>", StringComparison.Ordinal);
        var main = start >= 0 && end > start ? html[start..end] : html;
        return Volatile().Replace(main, "");
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();

    [GeneratedRegex("(value|nonce|data-permanent|blazor-ssr)=\"[^\"]*\"|<!--.*?-->", RegexOptions.Singleline)]
    private static partial Regex Volatile();

    /// <summary>A JSON-looking body of the given length that counts how much of it the server read.</summary>
    private sealed class EndlessJson(long length) : Stream
    {
        public long Served { get; private set; }

        public override long Length => length;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Position { get => Served; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = (int)Math.Min(count, length - Served);
            Array.Fill(buffer, (byte)' ', offset, n);
            Served += n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
