using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Sponsorship.Core.Demo;
using Sponsorship.Core.Flock;
using Sponsorship.Core.Programme;
using Sponsorship.Testing;

namespace Sponsorship.Web.Tests.Flock;

/// <summary>The herder's pages over real HTTP: recording, resending, photos, and who may do what.</summary>
public sealed class HerderPageTests(HerderApp app) : IClassFixture<HerderApp>
{
    private static readonly string A = DemoAccounts.Herder.Email;
    private static readonly string B = DemoAccounts.SecondHerder.Email;
    // The programme's today (Beijing time): from 16:00 UTC the UTC date is already the programme's yesterday.
    private string Today => app.Services.GetRequiredService<ProgrammeCalendar>().Today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task The_same_weighing_posted_twice_records_one_log()
    {
        var herder = await app.SignInAsync(A);
        var sheepId = app.TakeSheep(A);
        var key = HerderForms.NewKey();
        var fields = new Dictionary<string, string> { ["Weight"] = "42.5", ["On"] = Today, ["Notes"] = "" };

        var first = await HerderForms.PostEntryAsync(herder, sheepId, "weighing", key, fields);
        var second = await HerderForms.PostEntryAsync(herder, sheepId, "weighing", key, fields);

        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, second.StatusCode);
        Assert.Equal($"/herder/sheep/{sheepId}?saved=Weighing", first.Headers.Location!.PathAndQuery);
        Assert.Equal(1, await app.LogCountAsync(sheepId));
        var page = await herder.GetStringAsync($"/herder/sheep/{sheepId}?saved=Weighing");
        Assert.Contains("体重已记录。", page);
        Assert.Contains("42.5 公斤", page);
    }

    [Fact]
    public async Task The_same_photo_upload_posted_twice_records_one_log_and_keeps_one_set_of_files()
    {
        var herder = await app.SignInAsync(A);
        var sheepId = app.TakeSheep(A);
        var key = HerderForms.NewKey();
        var filesBefore = app.StoredFiles().Length;
        (string, byte[])[] photos = [("IMG_2040.jpg", TestPhotos.Jpeg())];

        var first = await HerderForms.PostPhotosAsync(herder, sheepId, key, photos, "At the well");
        var second = await HerderForms.PostPhotosAsync(herder, sheepId, key, photos, "At the well");

        Assert.Equal(HttpStatusCode.SeeOther, first.StatusCode);
        Assert.Equal(HttpStatusCode.SeeOther, second.StatusCode);
        Assert.Equal($"/herder/sheep/{sheepId}?saved=Photo&count=1", first.Headers.Location!.OriginalString);
        Assert.Equal(1, await app.LogCountAsync(sheepId));
        Assert.Equal(filesBefore + 2, app.StoredFiles().Length);
        await using var db = await app.CreateDbContextAsync();
        var photo = await db.SheepPhotos.SingleAsync(p => p.SheepId == sheepId);
        var page = await herder.GetStringAsync($"/herder/sheep/{sheepId}");
        Assert.Contains($"src=\"media/photos/{photo.Id}/thumb\"", page);
    }

    [Fact]
    public async Task The_pages_script_gets_the_next_address_as_json_instead_of_a_redirect()
    {
        var herder = await app.SignInAsync(A);
        var sheepId = app.TakeSheep(A);

        var response = await HerderForms.PostPhotosAsync(herder, sheepId, HerderForms.NewKey(), [("a.jpg", TestPhotos.Jpeg())], script: true);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal($"/herder/sheep/{sheepId}?saved=Photo&count=1", json.RootElement.GetProperty("location").GetString());
    }

    [Theory]
    [InlineData("IMG_2033.exe", "IMG_2033.exe 不是 JPEG、PNG 或 WebP 格式的照片。")]
    [InlineData("../../../etc/passwd.jpg", "passwd.jpg 不是 JPEG、PNG 或 WebP 格式的照片。")]
    public async Task A_file_that_is_not_a_photo_is_refused_by_name_and_nothing_is_stored(string name, string message)
    {
        var herder = await app.SignInAsync(A);
        var sheepId = app.TakeSheep(A);
        var filesBefore = app.StoredFiles();

        var response = await HerderForms.PostPhotosAsync(herder, sheepId, HerderForms.NewKey(), [("good.jpg", TestPhotos.Jpeg()), (name, TestPhotos.Executable())]);

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        var page = await herder.GetStringAsync(response.Headers.Location!.OriginalString);
        Assert.Contains(message, page);
        Assert.Contains("data-testid=\"photo-problems\"", page);
        Assert.Equal(filesBefore, app.StoredFiles());
        Assert.Equal(0, await app.LogCountAsync(sheepId));
    }

    [Fact]
    public async Task A_40_MB_photo_is_refused_with_a_clear_message_in_english_too()
    {
        var herder = await app.SignInAsync(A);
        await herder.GetAsync("/language?culture=en&returnUrl=/");
        var sheepId = app.TakeSheep(A);
        var huge = new byte[40 * 1024 * 1024];
        TestPhotos.Jpeg().CopyTo(huge, 0);

        var response = await HerderForms.PostPhotosAsync(herder, sheepId, HerderForms.NewKey(), [("IMG_9999.jpg", huge)]);

        var page = await herder.GetStringAsync(response.Headers.Location!.OriginalString);
        Assert.Contains("IMG_9999.jpg is larger than 15 MB.", page);
        Assert.Equal(0, await app.LogCountAsync(sheepId));
    }

    [Fact]
    public async Task Problems_show_beside_their_fields_and_nothing_is_saved()
    {
        var herder = await app.SignInAsync(A);
        var sheepId = app.TakeSheep(A);

        var response = await HerderForms.PostEntryAsync(herder, sheepId, "weighing", HerderForms.NewKey(),
            new() { ["Weight"] = "420", ["On"] = "2999-01-01" });
        var notANumber = await HerderForms.PostEntryAsync(herder, sheepId, "shearing", HerderForms.NewKey(),
            new() { ["Wool"] = "a lot", ["On"] = Today });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("体重应在 0.5 到 300 公斤之间。", html);
        Assert.Contains("日期不能晚于今天。", html);
        Assert.Contains("<details class=\"entry-section\" id=\"weighing\" open", html);
        Assert.Contains("请输入数字，例如 42.5。", await notANumber.Content.ReadAsStringAsync());
        Assert.Equal(0, await app.LogCountAsync(sheepId));
    }

    [Fact]
    public async Task Each_quick_entry_form_records_its_kind()
    {
        var herder = await app.SignInAsync(A);
        await using var db = await app.CreateDbContextAsync();
        var sheepId = await app.TakeEweAsync(A);

        (string Form, Dictionary<string, string> Fields)[] entries =
        [
            ("note", new() { ["Notes"] = "Eating well", ["On"] = Today }),
            ("medical", new() { ["Notes"] = "Deworming", ["Vet"] = "王医生", ["On"] = Today }),
            ("movement", new() { ["Pasture"] = "北边夏季草场", ["On"] = Today }),
            ("shearing", new() { ["Wool"] = "2,4", ["On"] = Today }),
            ("lambing", new() { ["LambSex"] = "Ram", ["LambName"] = "小雪", ["On"] = Today }),
        ];
        foreach (var (form, fields) in entries)
        {
            var response = await HerderForms.PostEntryAsync(herder, sheepId, form, HerderForms.NewKey(), fields);
            Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{form}: {(int)response.StatusCode}");
        }

        var logs = await db.AnimalLogs.Where(l => l.SheepId == sheepId).OrderBy(l => l.Id).ToListAsync();
        Assert.Equal([LogKind.Note, LogKind.Medical, LogKind.Movement, LogKind.Shearing, LogKind.Birth], logs.Select(l => l.Kind));
        Assert.Equal(2.4m, logs[3].QuantityKg);
        Assert.Equal("小雪", await db.Sheep.Where(s => s.Id == logs[4].LambId).Select(s => s.Name).SingleAsync());
        var page = await herder.GetStringAsync($"/herder/sheep/{sheepId}");
        Assert.Contains("北边夏季草场", page);
        Assert.Contains("查看羊羔：小雪", page);
    }

    [Fact]
    public async Task A_death_archives_the_sheep_and_the_flock_list_says_it_left()
    {
        var herder = await app.SignInAsync(A);
        var sheepId = app.TakeSheep(A);

        var response = await HerderForms.PostEntryAsync(herder, sheepId, "death", HerderForms.NewKey(),
            new() { ["Reason"] = "Sold", ["Notes"] = "Sold at the autumn market", ["On"] = Today });

        Assert.Equal($"/herder?removed={sheepId}", response.Headers.Location!.PathAndQuery);
        var list = await herder.GetStringAsync(response.Headers.Location!.PathAndQuery);
        Assert.Contains("已从羊群中移除。", list);
        Assert.DoesNotContain($"data-sheep-id=\"{sheepId}\"", list);
        Assert.Equal(HttpStatusCode.NotFound, (await herder.GetAsync($"/herder/sheep/{sheepId}")).StatusCode);
    }

    [Fact]
    public async Task My_flock_shows_last_weight_last_update_and_the_warning_on_sheep_left_alone()
    {
        var herder = await app.SignInAsync(A);
        var sheepId = app.TakeSheep(A);
        await HerderForms.PostEntryAsync(herder, sheepId, "weighing", HerderForms.NewKey(), new() { ["Weight"] = "37.25", ["On"] = Today });
        // Another weighed 40 days ago, and not since.
        var fortyDaysAgo = DateOnly.ParseExact(Today, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture).AddDays(-40);
        await using var db = await app.CreateDbContextAsync();
        int leftAlone;
        do
        {
            leftAlone = app.TakeSheep(A);
        }
        while (await db.Sheep.Where(s => s.Id == leftAlone).Select(s => s.BirthDate).SingleAsync() > fortyDaysAgo);
        await HerderForms.PostEntryAsync(herder, leftAlone, "weighing", HerderForms.NewKey(),
            new() { ["Weight"] = "35", ["On"] = fortyDaysAgo.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) });

        var html = await herder.GetStringAsync("/herder");

        var item = Item(html, sheepId);
        Assert.Contains("37.25 公斤", item);
        Assert.Contains("更新：今天", item);
        Assert.DoesNotContain("needs-update", item);
        Assert.DoesNotContain("no-record-yet", item);
        Assert.Contains("超过 30 天未更新", Item(html, leftAlone));
        Assert.DoesNotContain("no-record-yet", Item(html, leftAlone));
        // A sheep with nothing recorded asks for its first weighing instead.
        Assert.Contains("尚无记录，先称一次重吧", html);
        Assert.Contains("name=\"digits\"", html);
    }

    [Fact]
    public async Task Finding_by_last_digits_goes_straight_to_a_single_match_and_never_to_another_households_sheep()
    {
        var herderA = await app.SignInAsync(A);
        var herderB = await app.SignInAsync(B);
        await using var db = await app.CreateDbContextAsync();
        var sheepId = app.TakeSheep(A);
        var tag = await db.IdTags.Where(t => t.SheepId == sheepId).Select(t => t.Value).SingleAsync();

        var own = await herderA.GetAsync($"/herder/find?digits={tag[^4..]}");
        var others = await herderB.GetStringAsync($"/herder/find?digits={tag}");
        var letters = await herderA.GetStringAsync("/herder/find?digits=12ab");

        Assert.Equal(HttpStatusCode.Redirect, own.StatusCode);
        Assert.Equal($"/herder/sheep/{sheepId}", own.Headers.Location!.PathAndQuery);
        Assert.Contains("data-testid=\"find-none\"", others);
        Assert.DoesNotContain($"herder/sheep/{sheepId}", others);
        Assert.Contains("data-testid=\"find-invalid\"", letters);
    }

    [Fact]
    public async Task Herder_B_can_neither_read_nor_write_herder_As_sheep()
    {
        var herderB = await app.SignInAsync(B);
        var sheepOfA = app.TakeSheep(A);
        var filesBefore = app.StoredFiles();

        var page = await herderB.GetAsync($"/herder/sheep/{sheepOfA}");
        var forms = new List<HttpResponseMessage>();
        foreach (var (form, fields) in new (string, Dictionary<string, string>)[]
        {
            ("weighing", new() { ["Weight"] = "40", ["On"] = Today }),
            ("note", new() { ["Notes"] = "forged", ["On"] = Today }),
            ("lambing", new() { ["LambSex"] = "Ewe", ["On"] = Today }),
            ("death", new() { ["Reason"] = "Sold", ["On"] = Today }),
        })
        {
            forms.Add(await HerderForms.PostEntryAsync(herderB, sheepOfA, form, HerderForms.NewKey(), fields));
        }

        var photos = await HerderForms.PostPhotosAsync(herderB, sheepOfA, HerderForms.NewKey(), [("a.jpg", TestPhotos.Jpeg())]);

        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.Contains("没有找到这个页面", await page.Content.ReadAsStringAsync());
        Assert.All(forms, r => Assert.Equal(HttpStatusCode.NotFound, r.StatusCode));
        Assert.Equal(HttpStatusCode.NotFound, photos.StatusCode);
        Assert.Equal(0, await app.LogCountAsync(sheepOfA));
        Assert.Equal(filesBefore, app.StoredFiles());
        await using var db = await app.CreateDbContextAsync();
        Assert.Null(await db.Sheep.Where(s => s.Id == sheepOfA).Select(s => s.ArchivedAt).SingleAsync());
        Assert.False(await db.Sheep.AnyAsync(s => s.DamId == sheepOfA));
    }

    [Fact]
    public async Task An_unknown_sheep_is_404_for_its_page_and_its_photos()
    {
        var herder = await app.SignInAsync(A);

        Assert.Equal(HttpStatusCode.NotFound, (await herder.GetAsync("/herder/sheep/999999")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await HerderForms.PostPhotosAsync(herder, 999999, HerderForms.NewKey(), [("a.jpg", TestPhotos.Jpeg())])).StatusCode);
    }

    public static TheoryData<string> HerderUrls => ["/herder/sheep/1", "/herder/find?digits=0001"];

    [Theory]
    [MemberData(nameof(HerderUrls))]
    public async Task Anonymous_visitors_are_sent_to_sign_in(string url)
    {
        var response = await HttpTestClient.Anonymous(app).GetAsync(url);

        HttpTestClient.AssertSentToSignIn(response, url);
    }

    [Fact]
    public async Task An_anonymous_photo_upload_is_sent_to_sign_in_and_stores_nothing()
    {
        var filesBefore = app.StoredFiles();
        using var content = new MultipartFormDataContent { { new ByteArrayContent(TestPhotos.Jpeg()), "photos", "a.jpg" } };

        var response = await HttpTestClient.Anonymous(app).PostAsync("/herder/sheep/1/photos", content);

        HttpTestClient.AssertSentToSignIn(response, "/herder/sheep/1/photos");
        Assert.Equal(filesBefore, app.StoredFiles());
    }

    [Theory]
    [InlineData("sponsor@example.com")]
    [InlineData("admin@example.com")]
    public async Task Sponsors_and_admins_are_denied_the_herder_pages_and_uploads(string email)
    {
        var client = await app.SignInAsync(email);
        var sheepOfA = app.TakeSheep(A);

        var page = await client.GetAsync($"/herder/sheep/{sheepOfA}");
        var find = await client.GetAsync("/herder/find?digits=1");
        var upload = await HerderForms.PostPhotosAsync(client, sheepOfA, HerderForms.NewKey(), [("a.jpg", TestPhotos.Jpeg())]);

        HttpTestClient.AssertAccessDenied(page, $"/herder/sheep/{sheepOfA}");
        HttpTestClient.AssertAccessDenied(find, "/herder/find?digits=1");
        HttpTestClient.AssertAccessDenied(upload, $"/herder/sheep/{sheepOfA}/photos");

        Assert.Equal(0, await app.LogCountAsync(sheepOfA));
    }

    [Fact]
    public async Task A_photo_upload_without_the_antiforgery_token_is_refused()
    {
        var herder = await app.SignInAsync(A);
        var sheepId = app.TakeSheep(A);
        using var content = new MultipartFormDataContent
        {
            { new StringContent(HerderForms.NewKey()), "key" },
            { new ByteArrayContent(TestPhotos.Jpeg()), "photos", "a.jpg" },
        };

        var response = await herder.PostAsync($"/herder/sheep/{sheepId}/photos", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, await app.LogCountAsync(sheepId));
    }

    private static string Item(string html, int sheepId)
    {
        var start = html.IndexOf($"data-sheep-id=\"{sheepId}\"", StringComparison.Ordinal);
        Assert.True(start >= 0, $"sheep {sheepId} is not in the list");
        var end = html.IndexOf("</li>", start, StringComparison.Ordinal);
        return html[start..end];
    }
}
