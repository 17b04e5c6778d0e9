using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Sponsorship.Core.Data;
using Sponsorship.Core.Demo;
using Sponsorship.Core.Flock;

namespace Sponsorship.E2E.Flock;

[Collection(BrowserJourneys.Name)]
public sealed class AdminFlockJourneys(BrowserApp app)
{
    private const string Header = "tag,name,sex,birth_date,breed,household";

    static AdminFlockJourneys()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

        // Reading and checking a file and a round trip over the circuit take longer than a plain page on shared cores.
        Assertions.SetDefaultExpectTimeout(15_000);
    }

    [Fact]
    public async Task An_administrator_imports_a_CSV_with_errors_fixes_it_imports_it_and_finds_a_sheep_in_the_register()
    {
        var tags = Enumerable.Range(0, 5).Select(i => EarTag.ForTaibus(70_000_000 + Random.Shared.Next(1_000_000) * 10 + i).Value).ToArray();
        var rows = new[]
        {
            $"{tags[0]},草原之星,Ewe,2025-03-01,Chahar,1",
            $"{tags[1][..14]},雪球,Ewe,2025-03-02,Sunit,1",       // line 3: a digit short
            $"{tags[2]},黑头,Ram,2025-03-03,Ujimqin,2",
            $"{tags[3]},小白,羯羊,2025-03-04,察哈尔羊,1",            // line 5: no such sex in the register
            $"{tags[4]},月亮,母羊,2025-03-05,苏尼特羊,巴特尔",
        };
        var folder = Directory.CreateTempSubdirectory("sponsorship-import-");
        var broken = Path.Combine(folder.FullName, "flock-spring.csv");
        await File.WriteAllTextAsync(broken, string.Join("\n", [Header, .. rows]) + "\n", new UTF8Encoding(false));

        var page = await app.NewPageAsync();
        await Journeys.SignInAsync(page, DemoAccounts.Admin.Email);
        await OpenAsync(page, "[data-testid=nav-admin-sheep]", "register-title");
        await OpenAsync(page, "[data-testid=go-import]", "import-title");

        await page.SetInputFilesAsync("[data-testid=csv-file]", broken);

        var errors = page.Locator("[data-testid=import-error]");
        await Assertions.Expect(errors).ToHaveCountAsync(2);
        await Assertions.Expect(errors.Nth(0)).ToContainTextAsync("第 3 行，耳标列：");
        await Assertions.Expect(errors.Nth(0)).ToContainTextAsync("耳标号必须是 15 位数字");
        await Assertions.Expect(errors.Nth(1)).ToContainTextAsync("第 5 行，性别列：");
        await Assertions.Expect(errors.Nth(1)).ToContainTextAsync("羯羊");
        await Assertions.Expect(page.Locator("[data-testid=import-button]")).ToBeDisabledAsync();
        await Assertions.Expect(page.Locator("[data-testid=import-preview] tbody tr")).ToHaveCountAsync(5);
        await BrowserApp.ScreenshotAsync(page, "admin-import-errors-zh");

        // The corrected file, saved by Excel on a Chinese Windows: GB18030 with Chinese headers.
        rows[1] = $"{tags[1]},雪球,母羊,2025-03-02,苏尼特羊,1";
        rows[3] = $"{tags[3]},小白,公羊,2025-03-04,察哈尔羊,1";
        var fixedFile = Path.Combine(folder.FullName, "flock-spring-fixed.csv");
        await File.WriteAllBytesAsync(fixedFile, Encoding.GetEncoding("GB18030").GetBytes(string.Join("\r\n", ["耳标,名字,性别,出生日期,品种,牧户", .. rows]) + "\r\n"));

        await page.SetInputFilesAsync("[data-testid=csv-file]", fixedFile);

        await Assertions.Expect(page.Locator("[data-testid=error-count]")).ToHaveTextAsync("0");
        await Assertions.Expect(page.Locator("[data-testid=encoding]")).ToContainTextAsync("GB18030");
        await Assertions.Expect(page.Locator("[data-testid=import-preview]")).ToContainTextAsync("草原之星");
        await Assertions.Expect(page.Locator("[data-testid=import-button]")).ToBeEnabledAsync();
        await page.ClickAsync("[data-testid=import-button]");

        await Assertions.Expect(page.Locator("[data-testid=import-success]")).ToContainTextAsync("已导入 5 只羊");
        await BrowserApp.ScreenshotAsync(page, "admin-import-done-zh");

        await OpenAsync(page, "[data-testid=to-register]", "register-title");
        await page.Locator("[data-testid=sheep-search]").FillAsync(tags[4]);
        var register = page.Locator("[data-testid=register] tbody tr");
        await Assertions.Expect(register).ToHaveCountAsync(1);
        await Assertions.Expect(register.First).ToContainTextAsync("月亮");
        await Assertions.Expect(register.First).ToContainTextAsync("巴特尔家");
        await register.First.ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=tag-history]")).ToContainTextAsync(tags[4]);
        await BrowserApp.ScreenshotAsync(page, "admin-register-imported-sheep-zh");

        // The tag is lost and replaced: the history keeps both and the old number still finds the sheep.
        var replacement = EarTag.ForTaibus(int.Parse(tags[4][7..], System.Globalization.CultureInfo.InvariantCulture) + 5).Value;
        await page.Locator("[data-testid=new-tag]").FillAsync(replacement);
        await page.ClickAsync("[data-testid=retag]");
        await Assertions.Expect(page.Locator("[data-testid=tag-history] tbody tr")).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator("[data-testid=detail-tag]")).ToHaveTextAsync(replacement);
        await BrowserApp.ScreenshotAsync(page, "admin-sheep-retagged-zh");
        await page.ClickAsync("[data-testid=detail-close]");
        await Assertions.Expect(page.Locator("[data-testid=sheep-detail]")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator(".mud-snackbar", new PageLocatorOptions { HasText = "新耳标已登记" })).ToBeVisibleAsync();
        await page.Locator("[data-testid=sheep-search]").FillAsync(tags[4]);
        await Assertions.Expect(register).ToHaveCountAsync(1);
        await Assertions.Expect(register.First).ToContainTextAsync(replacement);

        folder.Delete(recursive: true);
    }

    [Fact]
    public async Task The_import_errors_read_in_English_too()
    {
        var folder = Directory.CreateTempSubdirectory("sponsorship-import-");
        var file = Path.Combine(folder.FullName, "flock.csv");
        await File.WriteAllTextAsync(file, $"{Header}\n{EarTag.ForTaibus(71_000_001).Value},Cloud,Ewe,2099-01-01,Chahar,1\n{EarTag.ForTaibus(71_000_002).Value},Storm,Ram,2025-01-01,Merino,1\n");
        var page = await app.NewPageAsync();
        await Journeys.SignInAsync(page, DemoAccounts.Admin.Email);
        await page.GotoAsync("/admin/sheep/import");
        await page.ClickAsync("[data-culture=en]");
        await Assertions.Expect(page.Locator("[data-testid=import-title]")).ToHaveTextAsync("Import sheep from CSV");
        await Journeys.WaitUntilInteractiveAsync(page);

        await page.SetInputFilesAsync("[data-testid=csv-file]", file);

        var errors = page.Locator("[data-testid=import-error]");
        await Assertions.Expect(errors).ToHaveCountAsync(2);
        await Assertions.Expect(errors.Nth(0)).ToContainTextAsync("Line 2, column birth_date: 2099-01-01 is in the future.");
        await Assertions.Expect(errors.Nth(1)).ToContainTextAsync("Line 3, column breed: “Merino” is not a breed of the programme");
        await Assertions.Expect(page.Locator("[data-testid=import-button]")).ToBeDisabledAsync();
        await BrowserApp.ScreenshotAsync(page, "admin-import-errors-en");
        folder.Delete(recursive: true);
    }

    [Fact]
    public async Task An_administrator_approves_a_herders_update_and_the_queue_empties()
    {
        var note = $"换了新草场 {Guid.NewGuid():N}"[..16];
        await AddPendingLogsAsync(note);
        var page = await app.NewPageAsync();
        await Journeys.SignInAsync(page, DemoAccounts.Admin.Email);

        await OpenAsync(page, "[data-testid=work-review]", "review-title");

        var item = page.Locator("[data-testid=review-item]", new PageLocatorOptions { HasText = note });
        await Assertions.Expect(item).ToHaveCountAsync(2);
        await Assertions.Expect(item.First).ToContainTextAsync("称重");
        await Assertions.Expect(item.First).ToContainTextAsync("42.5 公斤");
        await Assertions.Expect(item.First.Locator("[data-testid=review-previous]")).ToContainTextAsync("上次通过的称重 40 公斤");
        await Assertions.Expect(item.First.Locator("[data-testid=review-change]")).ToContainTextAsync("变化 +2.5 公斤");
        await BrowserApp.ScreenshotAsync(page, "admin-review-queue-zh");

        await item.First.Locator("[data-testid=approve]").ClickAsync();
        await Assertions.Expect(item).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator(".mud-snackbar")).ToContainTextAsync("已通过 1 条");
        await item.First.Locator("[data-testid=reject]").ClickAsync();
        await Assertions.Expect(item).ToHaveCountAsync(0);

        await using var scope = app.Services.CreateAsyncScope();
        var dbFactory = scope.ServiceProvider.GetRequiredService<IDbContextFactory<SponsorshipDbContext>>();
        await using var db = await dbFactory.CreateDbContextAsync();
        var reviewed = await db.AnimalLogs.Where(l => l.Notes == note).OrderBy(l => l.Id).Select(l => new { l.Review, l.ReviewedByUserId }).ToListAsync();
        Assert.Equal([ReviewStatus.Rejected, ReviewStatus.Approved], reviewed.Select(r => r.Review));
        Assert.All(reviewed, r => Assert.NotNull(r.ReviewedByUserId));
    }

    [Fact]
    public async Task The_villages_and_households_pages_list_the_programme_with_masked_accounts()
    {
        var page = await app.NewPageAsync();
        await Journeys.SignInAsync(page, DemoAccounts.Admin.Email);

        await OpenAsync(page, "[data-testid=nav-admin-villages]", "villages-title");
        await Assertions.Expect(page.Locator("[data-testid=villages]")).ToContainTextAsync("红旗村");
        await BrowserApp.ScreenshotAsync(page, "admin-villages-zh");

        var name = $"新村{Guid.NewGuid():N}"[..8];
        await page.ClickAsync("[data-testid=village-new]");
        await page.Locator("[data-testid=village-name]").FillAsync("红旗村");
        await page.Locator("[data-testid=village-name-latin]").FillAsync("Hongqi Two");
        await page.ClickAsync("[data-testid=village-save]");
        await Assertions.Expect(page.Locator("[data-testid=village-error]")).ToContainTextAsync("已有同名的嘎查村");
        await page.Locator("[data-testid=village-name]").FillAsync(name);
        await page.ClickAsync("[data-testid=village-save]");
        await Assertions.Expect(page.Locator("[data-testid=villages]")).ToContainTextAsync(name);

        // A village with households cannot be archived: the message says why.
        var hongqi = page.Locator("[data-testid=villages] tbody tr", new PageLocatorOptions { HasText = "红旗村" });
        await hongqi.Locator("[data-testid=village-archive]").ClickAsync();
        await page.Locator(".mud-dialog .mud-button-root", new PageLocatorOptions { HasText = "归档" }).Last.ClickAsync();
        await Assertions.Expect(page.Locator(".mud-snackbar", new PageLocatorOptions { HasText = "该嘎查村还有 10 户在用牧户" })).ToBeVisibleAsync();

        await OpenAsync(page, "[data-testid=nav-admin-households]", "households-title");
        await Assertions.Expect(page.Locator("[data-testid=households]")).ToContainTextAsync("巴特尔");
        var accounts = await page.Locator("[data-testid=masked-account]").AllTextContentsAsync();
        Assert.NotEmpty(accounts);
        Assert.All(accounts, a => Assert.Matches(@"^•••• \d{4}$", a.Trim()));
        await BrowserApp.ScreenshotAsync(page, "admin-households-zh");
    }

    /// <summary>
    /// Follows a link to an interactive page and waits until that page (not the one before it, whose marker may still be
    /// in the document) is interactive.
    /// </summary>
    private static async Task OpenAsync(IPage page, string link, string titleTestId)
    {
        await page.ClickAsync(link);
        await page.Locator($"[data-testid={titleTestId}]").WaitForAsync();
        await Journeys.WaitUntilInteractiveAsync(page);
    }

    /// <summary>Two updates a herder sent from the phone (the herder pages are built elsewhere): a weighing and a note.</summary>
    private async Task AddPendingLogsAsync(string note)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var dbFactory = scope.ServiceProvider.GetRequiredService<IDbContextFactory<SponsorshipDbContext>>();
        var clock = scope.ServiceProvider.GetRequiredService<TimeProvider>();
        await using var db = await dbFactory.CreateDbContextAsync();
        var sheepId = await db.Sheep.Where(s => s.ArchivedAt == null).OrderBy(s => s.Id).Select(s => s.Id).FirstAsync();
        var now = clock.GetUtcNow();
        db.AnimalLogs.AddRange(
            new AnimalLog { SheepId = sheepId, Kind = LogKind.Note, At = now.AddHours(-3), RecordedAt = now.AddHours(-3), IdempotencyKey = Guid.NewGuid().ToString("N"), Notes = note },
            new AnimalLog { SheepId = sheepId, Kind = LogKind.Weighing, At = now.AddHours(-1), RecordedAt = now.AddHours(-1), IdempotencyKey = Guid.NewGuid().ToString("N"), Notes = note, QuantityKg = 42.5m },
            new AnimalLog
            {
                SheepId = sheepId, Kind = LogKind.Weighing, At = now.AddHours(-5), RecordedAt = now.AddHours(-5), IdempotencyKey = Guid.NewGuid().ToString("N"),
                QuantityKg = 40m, Review = ReviewStatus.Approved, ReviewedAt = now.AddHours(-4),
            });
        await db.SaveChangesAsync();
    }
}
