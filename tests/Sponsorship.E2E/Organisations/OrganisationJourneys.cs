using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Sponsorship.Core.Adoptions;
using Sponsorship.Core.Data;
using Sponsorship.Core.Demo;
using Sponsorship.Core.Identity;
using Sponsorship.Core.Mail;
using Sponsorship.Core.Organisations;
using Sponsorship.Testing;
using Sponsorship.Core.Privacy;
using UglyToad.PdfPig;

namespace Sponsorship.E2E.Organisations;

[Collection(BrowserJourneys.Name)]
public sealed class OrganisationJourneys(BrowserApp app)
{
    private const string Office = "北京市昌平区回龙观街道办事处";

    static OrganisationJourneys() => Assertions.SetDefaultExpectTimeout(20_000);

    [Fact]
    public async Task A_work_unit_registers_is_verified_orders_twenty_gifts_pays_by_transfer_and_gets_its_certificates_and_statement()
    {
        var contactEmail = $"contact-{Guid.NewGuid():N}@huilongguan.example.com";
        var memberEmail = $"member-{Guid.NewGuid():N}@huilongguan.example.com";
        await NewAccountAsync(contactEmail, "孙立新");
        await NewAccountAsync(memberEmail, "马晓雯");
        var creditCode = NewCreditCode();

        // The contact registers the office; a mistyped credit code is caught as it is typed.
        var contact = await app.NewPageAsync();
        await Journeys.SignInAsync(contact, contactEmail);
        await contact.GotoAsync("/organisations/register");
        await Journeys.WaitUntilInteractiveAsync(contact);
        await contact.FillAsync("input[data-testid=org-name]", Office);
        await contact.FillAsync("input[data-testid=org-credit-code]", creditCode[..17] + (creditCode[17] == '0' ? '1' : '0'));
        await contact.FillAsync("input[data-testid=org-contact]", "孙立新");
        await Assertions.Expect(contact.Locator("main")).ToContainTextAsync("校验码");
        await BrowserApp.ScreenshotAsync(contact, "org-register-typo-zh");
        await contact.FillAsync("input[data-testid=org-credit-code]", creditCode);
        await contact.FillAsync("input[data-testid=org-phone]", "010-8171 2345");
        await contact.ClickAsync("[data-testid=org-register-submit]");
        await contact.WaitForURLAsync(url => new Uri(url).AbsolutePath.StartsWith("/organisations/", StringComparison.Ordinal) && !url.EndsWith("/register", StringComparison.Ordinal));
        var organisationId = int.Parse(new Uri(contact.Url).Segments[^1].TrimEnd('/'), System.Globalization.CultureInfo.InvariantCulture);
        await Assertions.Expect(contact.Locator("[data-testid=org-pending]")).ToBeVisibleAsync();

        // An administrator verifies it.
        var admin = await app.NewPageAsync();
        await Journeys.SignInAsync(admin, DemoAccounts.Admin.Email);
        await admin.GotoAsync("/admin/organisations");
        await Journeys.WaitUntilInteractiveAsync(admin);
        var registration = admin.Locator("[data-testid=admin-org-verify] tbody tr", new() { HasText = Office });
        await Assertions.Expect(registration).ToContainTextAsync(creditCode);
        await BrowserApp.ScreenshotAsync(admin, "admin-organisations-verify-zh");
        await registration.Locator("[data-testid=admin-org-approve]").ClickAsync();
        await Assertions.Expect(admin.Locator("[data-testid=admin-org-verify]")).Not.ToContainTextAsync(Office);

        // The contact picks 20 sheep of 20 families from the catalogue (households the other journeys leave alone), gives
        // them to colleagues and chooses a corporate transfer.
        await contact.GotoAsync($"/organisations/{organisationId}/order");
        await Journeys.WaitUntilInteractiveAsync(contact);
        await contact.ClickAsync("[data-testid=order-by-hand]");
        await contact.FillAsync("textarea[data-testid=order-ear-tags]", string.Join("\n", await FreeEarTagsAsync(20)));
        await contact.ClickAsync("[data-testid=order-names-gifts]");
        var recipients = string.Join("\n", [$"马晓雯,{memberEmail}", .. Enumerable.Range(1, 19).Select(n => $"colleague{n:D2}@huilongguan.example.com")]);
        await contact.FillAsync("textarea[data-testid=order-name-list]", recipients);
        await contact.Locator("textarea[data-testid=order-name-list]").PressAsync("Tab");
        await Assertions.Expect(contact.Locator("[data-testid=name-list-ok]")).ToContainTextAsync("20");
        await contact.ClickAsync("[data-testid=order-provider-bank]");
        await Assertions.Expect(contact.Locator("[data-testid=order-total]")).ToHaveTextAsync("¥36,000.00");
        await contact.EvaluateAsync("window.scrollTo(0, 0)");
        await BrowserApp.ScreenshotAsync(contact, "org-order-form-zh");
        await contact.ClickAsync("[data-testid=order-place]");
        await contact.WaitForURLAsync(url => url.Contains("/orders/", StringComparison.Ordinal));
        var orderId = int.Parse(new Uri(contact.Url).Segments[^1].TrimEnd('/'), System.Globalization.CultureInfo.InvariantCulture);
        var reference = (await contact.Locator("[data-testid=order-reference]").TextContentAsync())!.Trim();
        await Assertions.Expect(contact.Locator("[data-testid=order-amount]")).ToHaveTextAsync("¥36,000.00");
        await Assertions.Expect(contact.Locator("[data-testid=order-reach]")).ToContainTextAsync("20 户");
        await BrowserApp.ScreenshotAsync(contact, "org-order-bank-transfer-zh");

        // The administrator sees the transfer arrive and confirms it once for all twenty sheep.
        await admin.GotoAsync("/admin/organisations");
        await Journeys.WaitUntilInteractiveAsync(admin);
        await admin.GetByRole(AriaRole.Tab, new() { Name = "对公转账" }).ClickAsync();
        var transfer = admin.Locator("[data-testid=admin-org-transfers] tbody tr", new() { HasText = reference });
        await Assertions.Expect(transfer).ToBeVisibleAsync();
        await BrowserApp.ScreenshotAsync(admin, "admin-organisations-transfers-zh");
        // Typed from the statement, not filled in from the order.
        await Assertions.Expect(transfer.Locator("input[data-testid=transfer-amount]")).ToHaveValueAsync("");
        await transfer.Locator("input[data-testid=transfer-amount]").FillAsync("36000.00");
        await transfer.Locator("[data-testid=transfer-confirm]").ClickAsync();
        await Assertions.Expect(admin.Locator("[data-testid=admin-org-transfers]")).Not.ToContainTextAsync(reference);
        await using (var db = await DbAsync())
        {
            Assert.Equal(20, await db.Adoptions.CountAsync(a => a.OrganisationOrderId == orderId && a.Status == AdoptionStatus.Active));
        }

        // The gift links go out (as the scheduler would send them); the colleague claims theirs under their own name.
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<GiftReveals>().RunAsync();
        }

        var claimUrl = await ClaimUrlAsync(orderId, memberEmail);
        var member = await app.NewPageAsync(width: 390, height: 844);
        await member.GotoAsync(new Uri(claimUrl).AbsolutePath);
        await member.WaitForURLAsync(url => url.Contains("/Account/Login", StringComparison.Ordinal));
        await member.FillAsync("#Input\\.Email", memberEmail);
        await member.FillAsync("#Input\\.Password", DemoAccounts.Password);
        await member.ClickAsync("[data-testid=login-submit]");
        await member.WaitForURLAsync(url => url.Contains("/gifts/claim/", StringComparison.Ordinal));
        await Assertions.Expect(member.Locator("main")).ToContainTextAsync(Office);
        await member.FillAsync("[data-testid=gift-certificate-name]", "马晓雯（回龙观街道）");
        await BrowserApp.ScreenshotAsync(member, "org-gift-claim-zh-390");
        await member.ClickAsync("[data-testid=gift-claim]");
        await Assertions.Expect(member.Locator("[data-testid=gift-claimed]")).ToBeVisibleAsync();
        await member.ClickAsync("[data-testid=gift-to-my-sheep]");
        await member.Locator("a.sheep-card-link").First.ClickAsync();
        await member.WaitForURLAsync(url => url.Contains("/my/adoptions/", StringComparison.Ordinal));
        var mine = await member.RunAndWaitForDownloadAsync(() => member.ClickAsync("[data-testid=certificate-download]"));
        using (var certificate = PdfDocument.Open(await File.ReadAllBytesAsync(await mine.PathAsync())))
        {
            Assert.Contains("马晓雯（回龙观街道）", certificate.GetPage(1).Text, StringComparison.Ordinal);
        }

        // The contact gets all twenty certificates as one PDF, made in the background with a progress bar.
        await contact.GotoAsync($"/organisations/{organisationId}/orders/{orderId}");
        await Journeys.WaitUntilInteractiveAsync(contact);
        await Assertions.Expect(contact.Locator("[data-testid=order-active]")).ToBeVisibleAsync();
        await contact.Locator("[data-testid=bundle-pdf] [data-testid=bundle-request]").ClickAsync();
        var download = contact.Locator("[data-testid=bundle-pdf] [data-testid=bundle-download]");
        await Assertions.Expect(download).ToBeVisibleAsync(new() { Timeout = 120_000 });
        await BrowserApp.ScreenshotAsync(contact, "org-order-certificates-zh");
        var merged = await contact.RunAndWaitForDownloadAsync(() => download.ClickAsync());
        var mergedPdf = await File.ReadAllBytesAsync(await merged.PathAsync());
        using (var document = PdfDocument.Open(mergedPdf))
        {
            Assert.Equal(20, document.NumberOfPages);
            Assert.Contains(document.GetPages(), p => p.Text.Contains("马晓雯（回龙观街道）", StringComparison.Ordinal));
        }

        await File.WriteAllBytesAsync(Path.Combine(BrowserApp.ArtifactsDirectory, "org-certificates-merged-page1.png"), await PdfPages.RenderPngAsync(mergedPdf, 100));

        // The contact issues this year's statement of assistance and scans its QR code.
        await contact.GotoAsync($"/organisations/{organisationId}");
        await Journeys.WaitUntilInteractiveAsync(contact);
        await Assertions.Expect(contact.Locator("[data-testid=org-figures]")).ToContainTextAsync("¥36,000.00");
        await BrowserApp.ScreenshotAsync(contact, "org-page-zh");
        await contact.GetByRole(AriaRole.Tab, new() { Name = "帮扶证明" }).ClickAsync();
        await contact.ClickAsync("[data-testid=statement-issue]");
        var statementLink = contact.Locator("[data-testid=statement-download]").First;
        await Assertions.Expect(statementLink).ToBeVisibleAsync();
        var statement = await contact.RunAndWaitForDownloadAsync(() => statementLink.ClickAsync());
        var png = await PdfPages.RenderPngAsync(await File.ReadAllBytesAsync(await statement.PathAsync()));
        await File.WriteAllBytesAsync(Path.Combine(BrowserApp.ArtifactsDirectory, "org-statement.png"), png);
        var scanned = PdfPages.DecodeQr(png);
        Assert.NotNull(scanned);
        Assert.Contains("/verify/BF-", scanned, StringComparison.Ordinal);

        var anyone = await app.NewPageAsync(width: 412, height: 900);
        await anyone.GotoAsync(new Uri(scanned).PathAndQuery);
        await Assertions.Expect(anyone.Locator("[data-testid=verify-status]")).ToHaveAttributeAsync("data-status", "valid");
        await Assertions.Expect(anyone.Locator("[data-testid=verify-status]")).ToHaveAttributeAsync("data-kind", "statement");
        await Assertions.Expect(anyone.Locator("[data-testid=verify-organisation]")).ToHaveTextAsync(Office);
        await Assertions.Expect(anyone.Locator("[data-testid=verify-paid]")).ToHaveTextAsync("¥36,000.00");
        await BrowserApp.ScreenshotAsync(anyone, "org-statement-verify-phone");
    }

    private static string NewCreditCode()
    {
        var body = $"12110114MB{Random.Shared.Next(0, 10_000_000):D7}";
        return body + CreditCode.CheckCharacter(body);
    }

    private async Task NewAccountAsync(string email, string name)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = new ApplicationUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = name, PreferredCulture = Cultures.Chinese };
        PrivacyNotice.Accept(user, newsMail: false, DateTimeOffset.UtcNow);
        Assert.True((await users.CreateAsync(user, DemoAccounts.Password)).Succeeded);
        Assert.True((await users.AddToRoleAsync(user, Roles.Sponsor)).Succeeded);
    }

    private async Task<SponsorshipDbContext> DbAsync()
    {
        var factory = app.Services.GetRequiredService<IServiceScopeFactory>().CreateScope().ServiceProvider
            .GetRequiredService<IDbContextFactory<SponsorshipDbContext>>();
        return await factory.CreateDbContextAsync();
    }

    /// <summary>A free sheep's ear tag from each of the last households (the demo herders' and other journeys' lie before).</summary>
    private async Task<List<string>> FreeEarTagsAsync(int count)
    {
        await using var db = await DbAsync();
        var held = db.Adoptions.Where(Adoption.HoldsSheep).Select(a => a.SheepId);
        var households = await db.Households.OrderByDescending(h => h.Id).Take(count).Select(h => h.Id).ToListAsync();
        var tags = new List<string>();
        foreach (var household in households)
        {
            tags.Add(await db.Sheep.Where(s => s.HouseholdId == household && s.ArchivedAt == null && !held.Contains(s.Id)).OrderByDescending(s => s.Id)
                .Select(s => s.Tags.AsQueryable().Where(Sponsorship.Core.Flock.IdTag.IsCurrentEarTag).Select(t => t.Value).First())
                .FirstAsync());
        }

        return tags;
    }

    private async Task<string> ClaimUrlAsync(int orderId, string email)
    {
        await using var db = await DbAsync();
        var adoptionId = await db.Adoptions.Where(a => a.OrganisationOrderId == orderId && a.GiftRecipientEmail == email).Select(a => a.Id).SingleAsync();
        var mail = await db.OutboxMails.Where(m => m.Kind == MailKinds.GiftReveal && m.DedupeKey == $"gift-reveal:{adoptionId}").SingleAsync();
        return ((GiftRevealPayload)MailPayload.Read(mail)).ClaimUrl;
    }
}
