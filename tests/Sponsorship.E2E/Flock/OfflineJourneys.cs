using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Sponsorship.Core.Data;
using Sponsorship.Core.Demo;
using Sponsorship.Core.Flock;
using Sponsorship.Core.Programme;
using Sponsorship.Testing;

namespace Sponsorship.E2E.Flock;

/// <summary>
/// The herder app on the summer pasture with no signal at all (the browser context cut off the network): entries wait
/// on the phone and reach the server once, in order, when the network is back.
/// </summary>
[Collection(BrowserJourneys.Name)]
public sealed class OfflineJourneys(BrowserApp app)
{
    private const int PhoneWidth = 360;
    private const int PhoneHeight = 760;

    // Three entries with two photos, each photo re-encoded by the server: longer than the default wait on a busy machine.
    private static readonly LocatorAssertionsToHaveCountOptions Sending = new() { Timeout = 30_000 };

    [Fact]
    public async Task A_herder_with_no_signal_records_a_weighing_two_photos_a_lambing_and_the_lambs_weight_and_they_are_recorded_once_when_the_signal_returns()
    {
        var ewe = await EweOfHerderAAsync(index: 0);
        var before = await LogsAsync(ewe.Id);
        var page = await app.NewPageAsync(PhoneWidth, PhoneHeight, phone: true);
        await Journeys.SignInAsync(page, DemoAccounts.Herder.Email);
        await OpenAppAndWaitUntilKeptAsync(page, ewe.Id);
        Assert.Contains("herder-app.zh-CN.webmanifest", await page.Locator("link[rel=manifest]").GetAttributeAsync("href"), StringComparison.Ordinal);

        // No signal at all: the app still opens, from this phone.
        await page.Context.SetOfflineAsync(true);
        await page.GotoAsync("/herder");
        await Assertions.Expect(page.Locator("[data-testid=my-flock-title]")).ToHaveTextAsync("我的羊群");
        await Assertions.Expect(page.Locator("[data-testid=offline-signal]")).ToBeVisibleAsync();
        await page.ClickAsync($"[data-testid=flock-item][data-sheep-id='{ewe.Id}'] a");
        await page.WaitForURLAsync(url => url.EndsWith($"/herder/sheep/{ewe.Id}", StringComparison.Ordinal));
        await Assertions.Expect(page.Locator("[data-testid=sheep-name]")).ToBeVisibleAsync();

        await page.FillAsync("[data-testid=weighing-kg]", "44.5");
        await page.ClickAsync("[data-testid=weighing-submit]");
        await Assertions.Expect(page.Locator("[data-testid=offline-notice]")).ToHaveTextAsync("已保存在这部手机上，有信号时会自动发送。");
        await Assertions.Expect(page.Locator("[data-testid=offline-count]")).ToHaveTextAsync("1 条记录等待发送");
        await Assertions.Expect(page.Locator("[data-testid=offline-entry][data-state=waiting]")).ToContainTextAsync("44.5 公斤");

        // Two photos from the gallery, a phone camera's size: made smaller on the phone before they are kept.
        await page.ClickAsync("[data-testid=entry-photo] summary");
        await page.SetInputFilesAsync("[data-testid=photo-gallery]",
        [
            new FilePayload { Name = "IMG_0001.jpg", MimeType = "image/jpeg", Buffer = TestPhotos.Jpeg(4000, 3000) },
            new FilePayload { Name = "IMG_0002.jpg", MimeType = "image/jpeg", Buffer = TestPhotos.Jpeg(1200, 900) },
        ]);
        await page.ClickAsync("[data-testid=photo-submit]");
        await Assertions.Expect(page.Locator("[data-testid=offline-count]")).ToHaveTextAsync("2 条记录等待发送");
        var keptSizes = await page.EvaluateAsync<int[]>(KeptPhotoEdgesScript);
        Assert.Equal([1600, 1200], keptSizes);

        await page.ClickAsync("[data-testid=entry-lambing] summary");
        await page.SelectOptionAsync("#lambing-sex", "Ewe");
        await page.FillAsync("#lambing-name", "小雪");
        await page.ClickAsync("[data-testid=lambing-submit]");
        await Assertions.Expect(page.Locator("[data-testid=offline-count]")).ToHaveTextAsync("3 条记录等待发送");

        // The new lamb has no page on the server yet: it is weighed from its lambing in the waiting list.
        await page.ClickAsync("[data-testid=offline-entry][data-state=waiting] [data-testid=offline-weigh-lamb]");
        await Assertions.Expect(page.Locator("[data-testid=offline-lamb]")).ToHaveTextAsync("正在给新生羊羔称重：小雪");
        await page.FillAsync("[data-testid=weighing-kg]", "3.2");
        await page.ClickAsync("[data-testid=weighing-submit]");
        await Assertions.Expect(page.Locator("[data-testid=offline-count]")).ToHaveTextAsync("4 条记录等待发送");
        await Assertions.Expect(page.Locator("[data-testid=offline-entry][data-state=waiting]").Last).ToContainTextAsync("小雪 · 称重 3.2 公斤");
        await Assertions.Expect(page.Locator("[data-testid=offline-lamb]")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("[data-testid=offline-entry][data-state=waiting]")).ToHaveCountAsync(4);
        Assert.Equal(before, await LogsAsync(ewe.Id));
        await ScreenshotAsync(page, "herder-offline-waiting-zh");
        await Accessibility.AssertNoSeriousViolationsAsync(page, "herder-offline-waiting-zh-360");

        // The signal returns: the entries go in the order they were made and each one's answer is listed.
        await page.Context.SetOfflineAsync(false);
        await Assertions.Expect(page.Locator("[data-testid=offline-entry][data-state=recorded]")).ToHaveCountAsync(4, Sending);
        await Assertions.Expect(page.Locator("[data-testid=offline-count]")).ToHaveTextAsync("没有等待发送的记录。");
        await Assertions.Expect(page.Locator("[data-testid=offline-entry-state]").First).ToHaveTextAsync("已记录");
        // The page loads again in place and shows what the server now has.
        await Assertions.Expect(page.Locator("[data-testid=last-weight]")).ToHaveTextAsync("44.5 公斤", new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("[data-testid=log-item]")).ToHaveCountAsync(before.Count + 3);
        await Assertions.Expect(page.Locator("[data-photo-chosen]")).Not.ToContainTextAsync("已选择");
        await ScreenshotAsync(page, "herder-offline-sent-zh");
        var after = await LogsAsync(ewe.Id);
        var added = after.ExceptBy(before.Select(l => l.Id), l => l.Id).ToList();
        Assert.Equal([LogKind.Weighing, LogKind.Photo, LogKind.Birth], added.OrderBy(l => l.Id).Select(l => l.Kind));
        Assert.Equal(44.5m, added.Single(l => l.Kind == LogKind.Weighing).QuantityKg);
        Assert.Equal(2, added.Single(l => l.Kind == LogKind.Photo).Photos);
        var lambId = added.Single(l => l.Kind == LogKind.Birth).LambId!.Value;
        Assert.Equal("小雪", await LambNameAsync(lambId));
        var lambLogs = await LogsAsync(lambId);
        Assert.Equal((LogKind.Weighing, 3.2m), (Assert.Single(lambLogs).Kind, lambLogs[0].QuantityKg));

        // The answers were lost on the way back, say: the same three are sent again and the server records nothing new.
        await page.EvaluateAsync(MarkAllWaitingScript);
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("[data-testid=offline-entry][data-state=replayed]")).ToHaveCountAsync(4, Sending);
        await Assertions.Expect(page.Locator("[data-testid=offline-entry-state]").First).ToHaveTextAsync("之前已记录（不会重复）");
        Assert.Equal(after, await LogsAsync(ewe.Id));
        Assert.Equal(lambLogs, await LogsAsync(lambId));

        // A second "send now" with nothing waiting changes nothing either.
        await Assertions.Expect(page.Locator("[data-testid=offline-send]")).ToBeHiddenAsync();
        await page.EvaluateAsync("() => document.querySelector('[data-offline-send]').click()");
        Assert.Equal(after, await LogsAsync(ewe.Id));

        // The same in English.
        var other = await EweOfHerderAAsync(index: 0);
        await page.GotoAsync($"/language?culture=en&returnUrl=%2Fherder%2Fsheep%2F{other.Id}");
        await page.WaitForURLAsync(url => url.EndsWith($"/herder/sheep/{other.Id}", StringComparison.Ordinal));
        await page.Context.SetOfflineAsync(true);
        await page.FillAsync("[data-testid=weighing-kg]", "38.2");
        await page.ClickAsync("[data-testid=weighing-submit]");
        await Assertions.Expect(page.Locator("[data-testid=offline-notice]")).ToHaveTextAsync("Saved on this phone, will be sent when there is signal.");
        await Assertions.Expect(page.Locator("[data-testid=offline-count]")).ToHaveTextAsync("1 waiting to be sent");
        await Assertions.Expect(page.Locator("[data-testid=offline-entry][data-state=waiting]")).ToContainTextAsync("38.2 kg");
        await ScreenshotAsync(page, "herder-offline-waiting-en");
        await page.Context.SetOfflineAsync(false);
        await Assertions.Expect(page.Locator("[data-testid=offline-entry][data-state=recorded]")).ToHaveCountAsync(1, Sending);
        await ScreenshotAsync(page, "herder-offline-sent-en");
        await Accessibility.AssertNoSeriousViolationsAsync(page, "herder-offline-sent-en-360");
        Assert.Equal(38.2m, (await LogsAsync(other.Id)).Where(l => l.Kind == LogKind.Weighing).MaxBy(l => l.Id)!.QuantityKg);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_note_a_treatment_a_move_a_shearing_and_a_death_made_with_no_signal_are_each_recorded_once()
    {
        var ewe = await EweOfHerderAAsync(index: 2);
        var lambId = await NewLambOfAsync(ewe.Id, "小花");
        var before = await LogsAsync(ewe.Id);
        var page = await app.NewPageAsync(PhoneWidth, PhoneHeight, phone: true);
        await Journeys.SignInAsync(page, DemoAccounts.Herder.Email);
        await OpenAppAndWaitUntilKeptAsync(page, ewe.Id, lambId);
        // A lamb with nothing recorded asks for its first weighing; it is not "overdue".
        var lambItem = page.Locator($"[data-testid=flock-item][data-sheep-id='{lambId}']");
        await Assertions.Expect(lambItem.Locator("[data-testid=no-record-yet]")).ToHaveTextAsync("尚无记录，先称一次重吧");
        await Assertions.Expect(lambItem.Locator("[data-testid=needs-update]")).ToHaveCountAsync(0);

        await page.Context.SetOfflineAsync(true);
        await page.GotoAsync($"/herder/sheep/{ewe.Id}");
        await page.ClickAsync("[data-testid=entry-note] summary");
        await page.FillAsync("#note-notes", "吃草很好，精神不错");
        await page.ClickAsync("[data-testid=note-submit]");
        await Assertions.Expect(page.Locator("[data-testid=offline-count]")).ToHaveTextAsync("1 条记录等待发送");
        await page.ClickAsync("[data-testid=entry-medical] summary");
        await page.FillAsync("#medical-notes", "驱虫");
        await page.FillAsync("#medical-vet", "王医生");
        await page.ClickAsync("[data-testid=medical-submit]");
        await Assertions.Expect(page.Locator("[data-testid=offline-count]")).ToHaveTextAsync("2 条记录等待发送");
        await page.ClickAsync("[data-testid=entry-movement] summary");
        await page.FillAsync("#movement-pasture", "北边夏季草场");
        await page.ClickAsync("[data-testid=movement-submit]");
        await Assertions.Expect(page.Locator("[data-testid=offline-count]")).ToHaveTextAsync("3 条记录等待发送");
        await page.ClickAsync("[data-testid=entry-shearing] summary");
        await page.FillAsync("#shearing-kg", "2.4");
        await page.ClickAsync("[data-testid=shearing-submit]");
        await Assertions.Expect(page.Locator("[data-testid=offline-count]")).ToHaveTextAsync("4 条记录等待发送");

        // The lamb's page is on the phone too: its death is kept with the rest.
        await page.GotoAsync($"/herder/sheep/{lambId}");
        await Assertions.Expect(page.Locator("[data-testid=no-record-yet]")).ToBeVisibleAsync();
        await ScreenshotAsync(page, "herder-lamb-no-record-yet-zh");
        await page.ClickAsync("[data-testid=entry-death] summary");
        await page.SelectOptionAsync("#death-reason", nameof(RemovalReason.NaturalDeath));
        await page.FillAsync("#death-notes", "夜里受冻");
        await page.ClickAsync("[data-testid=death-submit]");
        await Assertions.Expect(page.Locator("[data-testid=offline-count]")).ToHaveTextAsync("5 条记录等待发送");

        // Back on the ewe's page (the lamb's will say it is gone) when the signal returns.
        await page.GotoAsync($"/herder/sheep/{ewe.Id}");
        await Assertions.Expect(page.Locator("[data-testid=offline-entry][data-state=waiting]")).ToHaveCountAsync(5);
        await Assertions.Expect(page.Locator("[data-testid=offline-entry] strong")).ToHaveTextAsync(
            [$"{ewe.Name} · 记事", $"{ewe.Name} · 防疫诊疗", $"{ewe.Name} · 转场", $"{ewe.Name} · 剪毛 2.4 公斤", "小花 · 死亡/出栏"]);
        await ScreenshotAsync(page, "herder-offline-forms-waiting-zh");
        await page.Context.SetOfflineAsync(false);
        await Assertions.Expect(page.Locator("[data-testid=offline-entry][data-state=recorded]")).ToHaveCountAsync(5, Sending);

        var added = (await LogsAsync(ewe.Id)).ExceptBy(before.Select(l => l.Id), l => l.Id).ToList();
        Assert.Equal([LogKind.Note, LogKind.Medical, LogKind.Movement, LogKind.Shearing], added.OrderBy(l => l.Id).Select(l => l.Kind));
        Assert.Equal(2.4m, added.Single(l => l.Kind == LogKind.Shearing).QuantityKg);
        await using (var scope = app.Services.CreateAsyncScope())
        await using (var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<SponsorshipDbContext>>().CreateDbContextAsync())
        {
            var logs = await db.AnimalLogs.Where(l => l.SheepId == ewe.Id || l.SheepId == lambId).ToListAsync();
            Assert.Equal("王医生", logs.Single(l => l.Kind == LogKind.Medical && added.Any(a => a.Id == l.Id)).Vet);
            Assert.Equal("北边夏季草场", logs.Single(l => l.Kind == LogKind.Movement && added.Any(a => a.Id == l.Id)).Pasture);
            var death = Assert.Single(logs, l => l.SheepId == lambId);
            Assert.Equal((LogKind.Death, RemovalReason.NaturalDeath, "夜里受冻"), (death.Kind, death.RemovalReason, death.Notes));
        }

        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task An_entry_the_server_refuses_is_listed_with_its_reason_and_once_corrected_is_recorded()
    {
        var ewe = await EweOfHerderAAsync(index: 1);
        var before = await LogsAsync(ewe.Id);
        var today = app.Services.GetRequiredService<ProgrammeCalendar>().Today;
        var page = await app.NewPageAsync(PhoneWidth, PhoneHeight, phone: true);
        await Journeys.SignInAsync(page, DemoAccounts.Herder.Email);
        await OpenAppAndWaitUntilKeptAsync(page, ewe.Id);

        // The phone's clock runs three days ahead: its "today" is in the server's future.
        await page.Clock.SetFixedTimeAsync(today.AddDays(3).ToDateTime(new TimeOnly(12, 0)));
        await page.GotoAsync($"/herder/sheep/{ewe.Id}");
        await page.Context.SetOfflineAsync(true);
        await page.FillAsync("[data-testid=weighing-kg]", "41");
        await page.ClickAsync("[data-testid=weighing-submit]");
        await Assertions.Expect(page.Locator("[data-testid=offline-count]")).ToHaveTextAsync("1 条记录等待发送");

        await page.Context.SetOfflineAsync(false);
        var refused = page.Locator("[data-testid=offline-entry][data-state=refused]");
        await Assertions.Expect(refused.Locator("[data-testid=offline-entry-state]")).ToHaveTextAsync("未被接受", new() { Timeout = 30_000 });
        await Assertions.Expect(refused.Locator("[data-testid=offline-entry-reason]")).ToHaveTextAsync("日期不能晚于今天。");
        await ScreenshotAsync(page, "herder-offline-refused-zh");
        Assert.Equal(before, await LogsAsync(ewe.Id));

        // Put back into its form, the date corrected, saved again.
        await refused.Locator("[data-testid=offline-fix]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=offline-entry]")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("[data-testid=weighing-kg]")).ToHaveValueAsync("41");
        await Assertions.Expect(page.Locator("#weighing-on")).ToHaveValueAsync(today.AddDays(3).ToString("yyyy-MM-dd"));
        await page.FillAsync("#weighing-on", today.ToString("yyyy-MM-dd"));
        await page.ClickAsync("[data-testid=weighing-submit]");
        await page.WaitForURLAsync(url => url.Contains("saved=Weighing", StringComparison.Ordinal));
        var added = (await LogsAsync(ewe.Id)).ExceptBy(before.Select(l => l.Id), l => l.Id).ToList();
        Assert.Equal(LogKind.Weighing, Assert.Single(added).Kind);
        Assert.Equal(41m, added[0].QuantityKg);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Signing_out_with_entries_still_waiting_warns_first_and_then_leaves_nothing_on_the_phone()
    {
        var ewe = await EweOfHerderAAsync(index: 1);
        var page = await app.NewPageAsync(PhoneWidth, PhoneHeight, phone: true);
        await Journeys.SignInAsync(page, DemoAccounts.Herder.Email);
        await OpenAppAndWaitUntilKeptAsync(page, ewe.Id);
        await page.GotoAsync($"/herder/sheep/{ewe.Id}");

        // The entry cannot get through (the signal is too weak for the post): it keeps waiting. Background Sync is
        // refused in this browser (as on a phone whose browser has none): the worker's own post would bypass the route.
        await page.Context.GrantPermissionsAsync([]);
        await page.Context.RouteAsync($"**/herder/sheep/{ewe.Id}", route => route.Request.Method == "POST" ? route.AbortAsync("internetdisconnected") : route.ContinueAsync());
        await page.Context.SetOfflineAsync(true);
        await page.FillAsync("[data-testid=weighing-kg]", "39");
        await page.ClickAsync("[data-testid=weighing-submit]");
        // Kept on the phone before the signal returns, or the "online" round would find nothing to send.
        await Assertions.Expect(page.Locator("[data-testid=offline-notice]")).ToHaveTextAsync("已保存在这部手机上，有信号时会自动发送。");
        await page.Context.SetOfflineAsync(false);
        await Assertions.Expect(page.Locator("[data-testid=offline-notice]")).ToHaveTextAsync("还没有信号：记录保留在手机上，稍后发送。");
        await Assertions.Expect(page.Locator("[data-testid=offline-count]")).ToHaveTextAsync("1 条记录等待发送");

        // The herder is warned and stays signed in (a dialog nobody accepts is dismissed).
        var warned = new TaskCompletionSource<string>();
        void Dismiss(object? sender, IDialog dialog)
        {
            warned.TrySetResult(dialog.Message);
            _ = dialog.DismissAsync();
        }

        page.Dialog += Dismiss;
        await page.ClickAsync("[data-testid=sign-out]");
        Assert.Equal("这部手机上还有 1 条记录没有发送。退出登录会删除它们。仍要退出吗？", await warned.Task.WaitAsync(TimeSpan.FromSeconds(20)));
        page.Dialog -= Dismiss;
        await Assertions.Expect(page.Locator("[data-testid=offline-count]")).ToHaveTextAsync("1 条记录等待发送");
        await Assertions.Expect(page.Locator("[data-testid=sign-out]")).ToBeVisibleAsync();

        // Signing out anyway: the outbox and the kept pages are gone from the phone.
        page.Dialog += (_, dialog) => _ = dialog.AcceptAsync();
        await page.ClickAsync("[data-testid=sign-out]");
        await Assertions.Expect(page.Locator("[data-testid=sign-in]")).ToBeVisibleAsync();
        Assert.Equal(0, await page.EvaluateAsync<int>(
            """
            () => new Promise(resolve => {
                const open = indexedDB.open('herder-outbox');
                open.onupgradeneeded = () => open.result.createObjectStore('entries', { keyPath: 'id', autoIncrement: true });
                open.onsuccess = () => {
                    const count = open.result.transaction('entries').objectStore('entries').count();
                    count.onsuccess = () => { open.result.close(); resolve(count.result); };
                };
            })
            """));
        Assert.False(await page.EvaluateAsync<bool>("async () => (await caches.keys()).includes('herder-pages') && !!(await (await caches.open('herder-pages')).match(location.origin + '/herder'))"));
        await page.Context.CloseAsync();
    }

    /// <summary>Opens My flock online and waits until the service worker holds the list and these sheep's pages.</summary>
    /// <remarks>
    /// Polled with <c>EvaluateAsync</c>, which awaits the script's promise: <c>WaitForFunctionAsync</c> does not, and an
    /// async predicate's promise counts as true at once.
    /// </remarks>
    private static async Task OpenAppAndWaitUntilKeptAsync(IPage page, params int[] sheepIds)
    {
        await page.GotoAsync("/herder");
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!await page.EvaluateAsync<bool>(
            """
            async ids => {
                const pages = await caches.open('herder-pages');
                const kept = await Promise.all(['/herder', ...ids.map(id => '/herder/sheep/' + id)].map(path => pages.match(location.origin + path)));
                return !!navigator.serviceWorker.controller && kept.every(Boolean);
            }
            """, sheepIds))
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(30), "The service worker did not keep My flock and the sheep's page within 30 seconds.");
            await Task.Delay(200);
        }
    }

    // The longest edge of each photo kept in the outbox, as the phone stored it.
    private const string KeptPhotoEdgesScript =
        """
        () => new Promise((resolve, reject) => {
            const open = indexedDB.open('herder-outbox');
            open.onsuccess = () => {
                const all = open.result.transaction('entries').objectStore('entries').getAll();
                all.onsuccess = async () => {
                    const photos = all.result.flatMap(entry => entry.files);
                    const edges = [];
                    for (const photo of photos) {
                        const bitmap = await createImageBitmap(photo.blob);
                        edges.push(Math.max(bitmap.width, bitmap.height));
                    }
                    open.result.close();
                    resolve(edges);
                };
            };
            open.onerror = () => reject(open.error);
        })
        """;

    // As if every answer had been lost: the entries wait again, with the keys they were sent with.
    private const string MarkAllWaitingScript =
        """
        () => new Promise((resolve, reject) => {
            const open = indexedDB.open('herder-outbox');
            open.onsuccess = () => {
                const transaction = open.result.transaction('entries', 'readwrite');
                const store = transaction.objectStore('entries');
                const all = store.getAll();
                all.onsuccess = () => all.result.forEach(entry => store.put({ ...entry, state: 'waiting' }));
                transaction.oncomplete = () => { open.result.close(); resolve(); };
                transaction.onerror = () => reject(transaction.error);
            };
        })
        """;

    private sealed record Log(long Id, LogKind Kind, decimal? QuantityKg, int Photos, int? LambId);

    private async Task<List<Log>> LogsAsync(int sheepId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<SponsorshipDbContext>>().CreateDbContextAsync();
        return await db.AnimalLogs.Where(l => l.SheepId == sheepId).OrderBy(l => l.Id)
            .Select(l => new Log(l.Id, l.Kind, l.QuantityKg, l.Photos.Count, l.LambId)).ToListAsync();
    }

    /// <summary>A lamb of the ewe born ten days ago, recorded by the office (no log of its own yet).</summary>
    private async Task<int> NewLambOfAsync(int eweId, string name)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<SponsorshipDbContext>>().CreateDbContextAsync();
        var ewe = await db.Sheep.SingleAsync(s => s.Id == eweId);
        var lamb = new Sheep
        {
            Name = name,
            Sex = Sex.Ram,
            BirthDate = app.Services.GetRequiredService<ProgrammeCalendar>().Today.AddDays(-10),
            Breed = ewe.Breed,
            HouseholdId = ewe.HouseholdId,
            DamId = ewe.Id,
        };
        db.Sheep.Add(lamb);
        await db.SaveChangesAsync();
        return lamb.Id;
    }

    private async Task<string?> LambNameAsync(int? lambId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<SponsorshipDbContext>>().CreateDbContextAsync();
        return await db.Sheep.Where(s => s.Id == lambId).Select(s => s.Name).SingleOrDefaultAsync();
    }

    /// <summary>A living grown ewe of the first demo household (the journeys look at the logs they add, not at all of them).</summary>
    private async Task<(int Id, string Name)> EweOfHerderAAsync(int index)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<SponsorshipDbContext>>().CreateDbContextAsync();
        var household = await db.Users.Where(u => u.Email == DemoAccounts.Herder.Email).Select(u => u.HerderHouseholdId).SingleAsync();
        // Grown ewes only: lambs recorded by the journeys join the flock and must not shift the count.
        var grown = app.Services.GetRequiredService<ProgrammeCalendar>().Today.AddYears(-1);
        var sheep = await db.Sheep.Where(s => s.HouseholdId == household && s.ArchivedAt == null && s.Sex == Sex.Ewe && s.BirthDate < grown)
            .OrderBy(s => s.Id)
            .Select(s => new { s.Id, s.Name })
            .Skip(index)
            .FirstAsync();
        return (sheep.Id, sheep.Name);
    }

    /// <summary>From the top, so the sticky header is where it belongs in the full-page picture.</summary>
    private static async Task ScreenshotAsync(IPage page, string name)
    {
        await page.EvaluateAsync("() => window.scrollTo(0, 0)");
        await BrowserApp.ScreenshotAsync(page, name);
    }
}
