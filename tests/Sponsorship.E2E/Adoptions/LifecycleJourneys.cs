using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Sponsorship.Core.Adoptions;
using Sponsorship.Core.Data;
using Sponsorship.Core.Demo;
using Sponsorship.Core.Flock;
using Sponsorship.Core.Mail;
using Sponsorship.Core.Payments;

namespace Sponsorship.E2E.Adoptions;

[Collection(BrowserJourneys.Name)]
public sealed class LifecycleJourneys(BrowserApp app)
{
    static LifecycleJourneys() => Assertions.SetDefaultExpectTimeout(15_000);

    [Fact]
    public async Task A_gift_is_bought_revealed_and_claimed_by_a_second_account()
    {
        var (earTag, name) = await FreeSheepAsync(offset: 0);
        var buyer = await app.NewPageAsync();
        await Journeys.SignInAsync(buyer, DemoAccounts.Sponsor.Email);

        // The buyer gives the sheep to sponsor2 through the checkout, revealed today, and pays in the sandbox.
        await buyer.GotoAsync($"/sheep/{earTag}/adopt");
        await Journeys.WaitUntilInteractiveAsync(buyer);
        await buyer.ClickAsync("[data-testid=checkout-next]");
        await buyer.Locator("[data-testid=checkout-step-1]").WaitForAsync();
        await buyer.CheckAsync("[data-testid=name-gift]");
        await buyer.FillAsync("input[data-testid=gift-name]", "Zoë");
        // An address the checkout refuses (no domain after the @) is named on this step, in the checkout's own words.
        await buyer.FillAsync("input[data-testid=gift-email]", "zoe@example");
        await buyer.ClickAsync("[data-testid=checkout-next]");
        await Assertions.Expect(buyer.Locator("[data-testid=checkout-error]")).ToHaveTextAsync("请填写受赠人的电子邮箱，例如 name@example.com。");
        await Assertions.Expect(buyer.Locator("[data-testid=checkout-step-1]")).ToBeVisibleAsync();
        await BrowserApp.ScreenshotAsync(buyer, "gift-checkout-email-refused-zh");
        await buyer.FillAsync("input[data-testid=gift-email]", DemoAccounts.SecondSponsor.Email);
        for (var step = 2; step <= 4; step++)
        {
            await buyer.ClickAsync("[data-testid=checkout-next]");
            await buyer.Locator($"[data-testid=checkout-step-{step}]").WaitForAsync();
        }

        await Journeys.ChooseProviderAsync(buyer, "sandbox");
        await buyer.ClickAsync("[data-testid=checkout-pay]");
        await buyer.WaitForURLAsync(url => url.Contains("/pay/sandbox/", StringComparison.Ordinal));
        await buyer.ClickAsync("[data-testid=sandbox-pay]");
        await buyer.WaitForURLAsync(url => url.Contains("/my/adoptions/", StringComparison.Ordinal));
        var adoptionId = int.Parse(new Uri(buyer.Url).Segments[^1].TrimEnd('/'), System.Globalization.CultureInfo.InvariantCulture);

        // Until it is claimed the gift stays in the buyer's My sheep.
        await buyer.GotoAsync("/my");
        await Assertions.Expect(buyer.Locator($"[data-testid=my-adoption]:has(a[href='my/adoptions/{adoptionId}'])")).ToBeVisibleAsync();

        // The reveal job runs (as the scheduler would; the app's own scheduler may have run it first) and queues the mail
        // with the claim link, once.
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<GiftReveals>().RunAsync();
        }

        var claimPath = new Uri(await ClaimUrlAsync(adoptionId)).AbsolutePath;

        // The recipient opens the link, is asked to sign in, and comes back to the claim page.
        var recipient = await app.NewPageAsync(width: 390, height: 844);
        await recipient.GotoAsync(claimPath);
        await recipient.WaitForURLAsync(url => url.Contains("/Account/Login", StringComparison.Ordinal));
        await recipient.FillAsync("#Input\\.Email", DemoAccounts.SecondSponsor.Email);
        await recipient.FillAsync("#Input\\.Password", DemoAccounts.Password);
        await recipient.ClickAsync("[data-testid=login-submit]");
        await recipient.WaitForURLAsync(url => url.Contains("/gifts/claim/", StringComparison.Ordinal));
        await Assertions.Expect(recipient.Locator("[data-testid=gift-sheep]")).ToContainTextAsync(name);
        await Assertions.Expect(recipient.Locator("main")).ToContainTextAsync(DemoAccounts.Sponsor.DisplayName);
        await BrowserApp.ScreenshotAsync(recipient, "gift-claim-zh-390");

        await recipient.ClickAsync("[data-testid=gift-claim]");
        await Assertions.Expect(recipient.Locator("[data-testid=gift-claimed]")).ToBeVisibleAsync();
        await BrowserApp.ScreenshotAsync(recipient, "gift-claimed-zh-390");
        await recipient.ClickAsync("[data-testid=gift-to-my-sheep]");
        await recipient.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/my");
        await Assertions.Expect(recipient.Locator($"[data-testid=my-adoption]:has(a[href='my/adoptions/{adoptionId}'])")).ToBeVisibleAsync();

        // A second visit to the link says it is claimed; the buyer's certificate was superseded by the recipient's.
        await buyer.GotoAsync(claimPath);
        await Assertions.Expect(buyer.Locator("[data-testid=gift-error]")).ToBeVisibleAsync();
        await using var check = await DbAsync();
        Assert.Equal(DemoAccounts.SecondSponsor.DisplayName, await check.Adoptions.Where(a => a.Id == adoptionId).Select(a => a.NameOnCertificate).SingleAsync());
    }

    [Fact]
    public async Task After_a_confirmed_death_the_sponsor_picks_a_replacement_sheep()
    {
        var adoptionId = await AdoptInCoreAsync(DemoAccounts.SecondSponsor.Email, offset: 1, DeathPolicy.Replacement, EndOfTermOptions.NothingFurther);
        int diedSheepId;
        await using (var before = await DbAsync())
        {
            diedSheepId = await before.Adoptions.Where(a => a.Id == adoptionId).Select(a => a.SheepId).SingleAsync();
        }

        await ConfirmDeathAsync(adoptionId);

        var page = await app.NewPageAsync();
        await Journeys.SignInAsync(page, DemoAccounts.SecondSponsor.Email);
        await page.GotoAsync("/language?culture=en&returnUrl=/");
        await page.GotoAsync($"/my/adoptions/{adoptionId}/replace");
        var candidates = page.Locator("[data-testid=replace-candidate]");
        await Assertions.Expect(candidates.First).ToBeVisibleAsync();
        await BrowserApp.ScreenshotAsync(page, "replace-sheep-en");

        // Not the first offered: whichever the sponsor picks is the one they get.
        Assert.True(await candidates.CountAsync() >= 2, "fewer than two replacement candidates");
        var chosen = candidates.Nth(1);
        var chosenName = (await chosen.Locator("h2").InnerTextAsync()).Trim();
        var chosenId = int.Parse(await chosen.Locator("[data-testid=replace-choose]").GetAttributeAsync("value") ?? "", System.Globalization.CultureInfo.InvariantCulture);
        await chosen.Locator("[data-testid=replace-choose]").ClickAsync();
        await page.WaitForURLAsync(url => url.Contains($"/my/adoptions/{adoptionId}", StringComparison.Ordinal) && !url.Contains("/replace", StringComparison.Ordinal));
        await Assertions.Expect(page.Locator("[data-testid=adoption-replaced]")).ToContainTextAsync(chosenName);
        await Assertions.Expect(page.Locator("[data-testid=adoption-sheep-name]")).ToHaveTextAsync(chosenName);
        await using var db = await DbAsync();
        var adoption = await db.Adoptions.Where(a => a.Id == adoptionId).Select(a => new { a.SheepId, a.ReplacedSheepId, a.Status, a.ReplacementDueAt }).SingleAsync();
        Assert.Equal((chosenId, (int?)diedSheepId, AdoptionStatus.Active, (DateTimeOffset?)null), (adoption.SheepId, adoption.ReplacedSheepId, adoption.Status, adoption.ReplacementDueAt));
    }

    [Fact]
    public async Task An_administrator_edits_a_plan_marks_a_bank_transfer_received_and_a_meat_box_sent()
    {
        var ended = await AdoptInCoreAsync(DemoAccounts.Sponsor.Email, offset: 2, DeathPolicy.ProRataRefund, EndOfTermOptions.MeatBox);
        await EndTermAsync(ended);
        var bank = await PlaceBankTransferAsync(offset: 3);

        var page = await app.NewPageAsync();
        await Journeys.SignInAsync(page, DemoAccounts.Admin.Email);

        await page.GotoAsync("/admin/plans");
        await Journeys.WaitUntilInteractiveAsync(page);
        await Assertions.Expect(page.Locator("[data-testid=plan-price]").First).ToContainTextAsync("¥");
        await page.ClickAsync("[data-testid=plan-new]");
        var dialog = page.Locator("[data-testid=plan-dialog]");
        await page.FillAsync("input[data-testid=plan-name-zh]", "三个月尝鲜");
        await page.FillAsync("input[data-testid=plan-name-en]", "Three-month trial");
        await page.FillAsync("input[data-testid=plan-term]", "3");
        await page.FillAsync("input[data-testid=plan-price-input]", "480.5.1");
        await page.ClickAsync("[data-testid=plan-save]");
        await Assertions.Expect(page.Locator("[data-testid=plan-error]")).ToContainTextAsync("价格");
        await page.FillAsync("input[data-testid=plan-price-input]", "480.50");
        await page.ClickAsync("[data-testid=plan-save]");
        await Assertions.Expect(page.Locator("[data-testid=plan-error]")).ToContainTextAsync("到期选项");
        await dialog.GetByText("羊毛制品").ClickAsync();

        // Saved as not offered, so the sponsors' checkout (and its journeys) still see the demo's three plans.
        await dialog.GetByText("向认养人提供").ClickAsync();
        await BrowserApp.ScreenshotAsync(page, "admin-plan-dialog-zh");
        await page.ClickAsync("[data-testid=plan-save]");
        await Assertions.Expect(page.Locator("[data-testid=plans]")).ToContainTextAsync("¥480.50");
        await BrowserApp.ScreenshotAsync(page, "admin-plans-zh");

        await page.GotoAsync("/admin/payments");
        await Journeys.WaitUntilInteractiveAsync(page);
        var row = page.Locator("[data-testid=bank-pending] tbody tr", new() { HasText = bank });
        await Assertions.Expect(row).ToBeVisibleAsync();
        await BrowserApp.ScreenshotAsync(page, "admin-payments-zh");
        // The amount received is typed from the bank statement: nothing is filled in from what was expected.
        var received = row.Locator("input[data-testid=received-amount]");
        await Assertions.Expect(received).ToHaveValueAsync("");

        // The field's hint is read whole, on a wide screen and on a phone.
        foreach (var width in new[] { 1440, 360 })
        {
            await page.SetViewportSizeAsync(width, 900);
            Assert.True(await received.EvaluateAsync<bool>(PlaceholderFits), $"the placeholder is cut off at {width} px");
        }

        await page.SetViewportSizeAsync(1280, 900);
        await row.Locator("[data-testid=mark-received]").ClickAsync();
        await Assertions.Expect(page.GetByText("请以元为单位填写实收金额，最多两位小数。")).ToBeVisibleAsync();
        await Assertions.Expect(row).ToBeVisibleAsync();
        long expectedFen;
        await using (var before = await DbAsync())
        {
            expectedFen = await before.Payments.Where(p => p.ProviderReference == bank).Select(p => p.AmountFen).SingleAsync();
        }

        await received.FillAsync((expectedFen / 100m).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture));
        await row.Locator("[data-testid=mark-received]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=bank-pending]")).Not.ToContainTextAsync(bank);

        await page.GotoAsync("/admin/fulfilment");
        await Journeys.WaitUntilInteractiveAsync(page);
        var due = page.Locator("[data-testid=fulfilment] tbody tr", new() { HasText = "呼和浩特市赛罕区" });
        await Assertions.Expect(due).ToBeVisibleAsync();
        await BrowserApp.ScreenshotAsync(page, "admin-fulfilment-zh");
        await due.Locator("[data-testid=mark-fulfilled]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=fulfilment]")).Not.ToContainTextAsync("呼和浩特市赛罕区");

        await using var db = await DbAsync();
        Assert.Equal(PaymentStatus.Captured, await db.Payments.Where(p => p.ProviderReference == bank).Select(p => p.Status).SingleAsync());
        Assert.Equal(FulfilmentStatus.Fulfilled, await db.Adoptions.Where(a => a.Id == ended).Select(a => a.Fulfilment).SingleAsync());
    }

    [Fact]
    public async Task A_sponsor_paying_by_bank_sees_the_reference_the_account_and_how_long_the_sheep_is_held()
    {
        var reference = await PlaceBankTransferAsync(offset: 4);
        var page = await app.NewPageAsync(width: 390, height: 844);
        await Journeys.SignInAsync(page, DemoAccounts.Sponsor.Email);

        await page.GotoAsync($"/my/payments/{reference}/bank-transfer");

        await Assertions.Expect(page.Locator("[data-testid=bank-reference]")).ToHaveTextAsync(reference);
        await Assertions.Expect(page.Locator("[data-testid=bank-amount]")).ToHaveTextAsync("¥1,800.00");
        await Assertions.Expect(page.Locator("[data-testid=bank-held]")).ToContainTextAsync("保留到");
        await BrowserApp.ScreenshotAsync(page, "bank-transfer-zh-390");
    }

    private async Task<SponsorshipDbContext> DbAsync()
    {
        var factory = app.Services.GetRequiredService<IServiceScopeFactory>().CreateScope().ServiceProvider
            .GetRequiredService<IDbContextFactory<SponsorshipDbContext>>();
        return await factory.CreateDbContextAsync();
    }

    private async Task<string> ClaimUrlAsync(int adoptionId)
    {
        await using var db = await DbAsync();
        var mail = await db.OutboxMails.Where(m => m.Kind == MailKinds.GiftReveal && m.DedupeKey == $"gift-reveal:{adoptionId}").SingleAsync();
        return ((GiftRevealPayload)MailPayload.Read(mail)).ClaimUrl;
    }

    /// <summary>A living sheep nobody holds, from households the other journeys leave alone.</summary>
    private async Task<(string EarTag, string Name)> FreeSheepAsync(int offset)
    {
        await using var db = await DbAsync();
        var held = db.Adoptions.Where(Adoption.HoldsSheep).Select(a => a.SheepId);
        var sheep = await db.Sheep
            .Where(s => s.ArchivedAt == null && s.HouseholdId > 30 && s.HouseholdId <= 60 && !held.Contains(s.Id))
            .OrderBy(s => s.Id).Skip(offset * 5)
            .Select(s => new { s.Name, Tag = s.Tags.AsQueryable().Where(IdTag.IsCurrentEarTag).Select(t => t.Value).First() })
            .FirstAsync();
        return (sheep.Tag, sheep.Name);
    }

    private async Task<int> SheepIdAsync(int offset)
    {
        var (earTag, _) = await FreeSheepAsync(offset);
        await using var db = await DbAsync();
        return await db.IdTags.Where(t => t.Value == earTag).Select(t => t.SheepId).SingleAsync();
    }

    private async Task<string> UserIdAsync(string email)
    {
        await using var db = await DbAsync();
        return await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
    }

    /// <summary>An adoption paid through the sandbox in Core: checkout, then the signed webhook through PaymentEvents.</summary>
    private async Task<int> AdoptInCoreAsync(string email, int offset, DeathPolicy policy, EndOfTermOptions end)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var plan = (await services.GetRequiredService<CheckoutChoices>().ActivePlansAsync()).First(p => (p.Options & end) == end);
        var request = new CheckoutRequest(
            await SheepIdAsync(offset), plan.Id, "王晓燕", end, policy, SandboxPayments.ProviderName, "zh-CN", Guid.NewGuid().ToString("N"),
            DeliveryAddress: end == EndOfTermOptions.MeatBox ? "内蒙古呼和浩特市赛罕区大学东街 235 号" : "");
        var placed = await services.GetRequiredService<Checkout>().PlaceAsync(request, await UserIdAsync(email), "/my");
        Assert.True(placed.Succeeded, placed.Error.ToString());
        var sandbox = services.GetRequiredService<SandboxPayments>();
        var (body, signature) = sandbox.Event("payment.captured", placed.PaymentReference, plan.PriceFen, "CNY");
        var notice = sandbox.ReadWebhook(body, h => h == SandboxPayments.SignatureHeader ? signature : null).Notice!;
        await services.GetRequiredService<PaymentEvents>().HandleAsync(notice, body);
        return placed.AdoptionId;
    }

    private async Task<string> PlaceBankTransferAsync(int offset)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var plan = (await services.GetRequiredService<CheckoutChoices>().ActivePlansAsync()).First(p => p.PriceFen == 180000);
        var request = new CheckoutRequest(
            await SheepIdAsync(offset), plan.Id, "李喆", EndOfTermOptions.NothingFurther, DeathPolicy.DonateRemainder,
            BankTransferPayments.ProviderName, "zh-CN", Guid.NewGuid().ToString("N"));
        var placed = await services.GetRequiredService<Checkout>().PlaceAsync(request, await UserIdAsync(DemoAccounts.Sponsor.Email), "/my");
        Assert.True(placed.Succeeded, placed.Error.ToString());
        return placed.PaymentReference;
    }

    /// <summary>The herder records the death and an administrator confirms it in the review queue's use case.</summary>
    private async Task ConfirmDeathAsync(int adoptionId)
    {
        long logId;
        await using (var db = await DbAsync())
        {
            var clock = app.Services.GetRequiredService<TimeProvider>();
            var sheepId = await db.Adoptions.Where(a => a.Id == adoptionId).Select(a => a.SheepId).SingleAsync();
            var log = new AnimalLog
            {
                SheepId = sheepId, Kind = LogKind.Death, At = clock.GetUtcNow(), RecordedAt = clock.GetUtcNow(),
                IdempotencyKey = Guid.NewGuid().ToString("N"), Notes = "暴风雪后发现", RemovalReason = RemovalReason.NaturalDeath,
                Review = ReviewStatus.Pending,
            };
            db.AnimalLogs.Add(log);
            await db.SaveChangesAsync();
            logId = log.Id;
        }

        await using var scope = app.Services.CreateAsyncScope();
        var review = await scope.ServiceProvider.GetRequiredService<LogReview>().ApproveAsync([logId], await UserIdAsync(DemoAccounts.Admin.Email));
        Assert.Equal(1, review.Changed);
    }

    private async Task EndTermAsync(int adoptionId)
    {
        await using (var db = await DbAsync())
        {
            var now = app.Services.GetRequiredService<TimeProvider>().GetUtcNow();
            await db.Adoptions.Where(a => a.Id == adoptionId).ExecuteUpdateAsync(set => set.SetProperty(a => a.EndAt, now.AddMinutes(-1)));
        }

        await using var scope = app.Services.CreateAsyncScope();
        var job = scope.ServiceProvider.GetServices<Sponsorship.Core.Jobs.IScheduledJob>().OfType<TermEnds>().Single();
        await job.RunAsync();
    }

    /// <summary>Whether an input's placeholder, in the input's font, fits inside the input's padding box.</summary>
    private const string PlaceholderFits = """
        input => {
            const style = getComputedStyle(input);
            const context = document.createElement('canvas').getContext('2d');
            context.font = style.font;
            const room = input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
            return context.measureText(input.placeholder).width <= room;
        }
        """;
}
