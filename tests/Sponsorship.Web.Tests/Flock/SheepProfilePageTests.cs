using Microsoft.EntityFrameworkCore;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Sponsorship.Core.Flock;
using Sponsorship.Testing;

namespace Sponsorship.Web.Tests.Flock;

[Collection(SharedApp.Name)]
public sealed partial class SheepProfilePageTests(SponsorshipAppFactory app)
{
    private static DateTimeOffset Now => TimeProvider.System.GetUtcNow();

    [Fact]
    public async Task A_profile_shows_the_facts_the_growth_chart_and_the_public_timeline()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var data = FlockTestData.For(scope.ServiceProvider);
        var (sheepId, tag) = await data.LivingSheepAsync(await data.HouseholdIdAsync(20));
        await data.AddLogAsync(sheepId, LogKind.Weighing, Now.AddDays(-60), kg: 28m);
        await data.AddLogAsync(sheepId, LogKind.Weighing, Now.AddDays(-30), kg: 31.5m);
        var photo = await data.AddLogAsync(sheepId, LogKind.Weighing, Now.AddDays(-10), kg: 34m, withPhoto: true);
        await data.AddLogAsync(sheepId, LogKind.Note, Now.AddDays(-2), ReviewStatus.Pending, notes: "Still in review");

        var response = await HttpTestClient.Anonymous(app).GetAsync($"/sheep/{tag}");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("data-testid=\"growth-chart\" data-points=\"3\"", html);
        Assert.Contains("<svg", html);
        Assert.Matches(ChartLine(), html);
        Assert.Equal(3, ChartPoints().Count(html));
        Assert.Contains($"<dd class=\"ear-tag\" data-testid=\"profile-ear-tag\">{tag}</dd>", html);
        Assert.Contains("34 公斤", html); // current weight
        Assert.Contains("+0.125 公斤/天", WebUtility.HtmlDecode(html)); // (34 - 31.5) / 20 days
        Assert.Contains("10 天前更新", html);
        Assert.Contains($"media/photos/{photo.PhotoId}/large", html);
        Assert.Equal(3, TimelineEntries().Count(html));
        Assert.DoesNotContain("Still in review", html);
        Assert.Matches(HouseholdFact(), html);
    }

    [Fact]
    public async Task A_sheep_without_photos_or_weighings_shows_the_placeholder_and_says_the_chart_is_to_come()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var data = FlockTestData.For(scope.ServiceProvider);
        var (_, tag) = await data.LivingSheepAsync(await data.HouseholdIdAsync(21));

        var html = await HttpTestClient.Anonymous(app).GetStringAsync($"/sheep/{tag}");

        Assert.Contains("data-testid=\"profile-placeholder\"", html);
        Assert.Contains("images/sheep-placeholder.", html); // fingerprinted: images/sheep-placeholder.{hash}.svg
        Assert.Contains("data-testid=\"growth-chart-empty\"", html);
        Assert.Contains("还没有称重记录", html);
        Assert.Contains("data-testid=\"timeline-empty\"", html);
    }

    [Theory]
    [InlineData("zh-CN", "还没有照片，牧民很快会拍照上传。", "No photo")]
    [InlineData("en", "No photos yet — the herder will add some soon.", "暂无照片")]
    public async Task The_photo_placeholder_says_one_thing_in_the_readers_language(string culture, string said, string notSaid)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var data = FlockTestData.For(scope.ServiceProvider);
        var (_, tag) = await data.LivingSheepAsync(await data.HouseholdIdAsync(21), culture == "en" ? 1 : 2);
        var client = HttpTestClient.Anonymous(app);
        await client.GetAsync($"/language?culture={culture}&returnUrl=/");

        var html = await client.GetStringAsync($"/sheep/{tag}");
        var placeholder = PlaceholderCaption().Match(html);
        var svgPath = PlaceholderImage().Match(html).Groups[1].Value;
        var svg = await client.GetStringAsync("/" + svgPath);

        Assert.True(placeholder.Success, "No placeholder caption on the profile.");
        Assert.Equal(said, WebUtility.HtmlDecode(placeholder.Groups[1].Value));
        // Said once: over the drawing, not again beside it, nor in the short form the catalogue's cards use.
        Assert.Single(Regex.Matches(WebUtility.HtmlDecode(html), Regex.Escape(said)));
        Assert.DoesNotContain(culture == "en" ? "No photo yet" : "暂无照片", html);
        Assert.DoesNotContain(notSaid, html);
        Assert.DoesNotContain("<text", svg); // the drawing has no words of its own, in either language
    }

    [Theory]
    [InlineData("zh-CN", "转场到夏季草场", "转场到其他草场", "Summer pasture")]
    [InlineData("en", "Moved to Summer pasture", "Moved to another pasture", "夏季草场")]
    public async Task A_move_names_a_listed_pasture_in_the_readers_language_and_quotes_a_written_one_as_the_herders_words(
        string culture, string named, string elsewhere, string otherLanguage)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var data = FlockTestData.For(scope.ServiceProvider);
        var (sheepId, tag) = await data.LivingSheepAsync(await data.HouseholdIdAsync(23), culture == "en" ? 1 : 2);
        int summer;
        await using (var db = await data.DbFactory.CreateDbContextAsync())
        {
            summer = await db.NamedPastures.Where(p => p.Name == "夏季草场").Select(p => p.Id).SingleAsync();
        }

        await data.AddLogAsync(sheepId, LogKind.Movement, Now.AddDays(-3), namedPastureId: summer);
        await data.AddLogAsync(sheepId, LogKind.Movement, Now.AddDays(-2), pasture: "Summer pasture by the river");
        var client = HttpTestClient.Anonymous(app);
        await client.GetAsync($"/language?culture={culture}&returnUrl=/");

        var html = WebUtility.HtmlDecode(await client.GetStringAsync($"/sheep/{tag}"));

        Assert.Matches($"<p class=\"timeline-summary\">\\s*{named}\\s*</p>", html);
        Assert.Matches($"<p class=\"timeline-summary\">\\s*{elsewhere}\\s*</p>", html);
        Assert.Matches("herder-words-quote[^>]*>“Summer pasture by the river”", html);
        Assert.DoesNotContain(otherLanguage, html.Replace("“Summer pasture by the river”", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_profile_reads_in_English_with_the_language_cookie()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var data = FlockTestData.For(scope.ServiceProvider);
        var (sheepId, tag) = await data.LivingSheepAsync(await data.HouseholdIdAsync(22));
        await data.AddLogAsync(sheepId, LogKind.Weighing, Now.AddDays(-1), kg: 40.25m);
        var client = HttpTestClient.Anonymous(app);
        await client.GetAsync("/language?culture=en&returnUrl=/");

        var html = await client.GetStringAsync($"/sheep/{tag}");

        Assert.Contains("<html lang=\"en\"", html);
        Assert.Contains("Current weight", html);
        Assert.Contains("40.25 kg", html);
        Assert.Contains("data-testid=\"growth-chart-one\"", html);
        Assert.Contains("Updated yesterday", html);
        Assert.Contains(" household", html);
    }

    [Theory]
    [InlineData("en", "In the herder's words")]
    [InlineData("zh-CN", "牧民原话")]
    public async Task The_herders_note_is_quoted_and_labelled_as_theirs(string culture, string label)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var data = FlockTestData.For(scope.ServiceProvider);
        var (sheepId, tag) = await data.LivingSheepAsync(await data.HouseholdIdAsync(41), culture == "en" ? 2 : 3);
        await data.AddLogAsync(sheepId, LogKind.Note, Now.AddDays(-3), notes: "草长得好，羊也精神");

        var client = HttpTestClient.Anonymous(app);
        await client.GetAsync($"/language?culture={culture}&returnUrl=/");
        var html = WebUtility.HtmlDecode(await client.GetStringAsync($"/sheep/{tag}"));

        Assert.Matches($"<span class=\"herder-words-label\">{label}</span>\\s*<span class=\"herder-words-quote\" lang=\"zh-CN\">“草长得好，羊也精神”</span>", html);
        Assert.DoesNotContain(culture == "en" ? "牧民原话" : "In the herder's words", html);
    }

    [Theory]
    [InlineData("en", "团团 · Tuantuan")]
    [InlineData("zh-CN", "团团")]
    public async Task The_name_carries_its_pinyin_in_English_and_stands_alone_in_Chinese(string culture, string heading)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var data = FlockTestData.For(scope.ServiceProvider);
        var (sheepId, tag) = await data.LivingSheepAsync(await data.HouseholdIdAsync(41), culture == "en" ? 0 : 1);
        await using (var db = await data.DbFactory.CreateDbContextAsync())
        {
            await db.Sheep.Where(s => s.Id == sheepId).ExecuteUpdateAsync(u => u.SetProperty(s => s.Name, "团团").SetProperty(s => s.NameLatin, "Tuantuan"));
        }

        var client = HttpTestClient.Anonymous(app);
        await client.GetAsync($"/language?culture={culture}&returnUrl=/");
        var html = WebUtility.HtmlDecode(await client.GetStringAsync($"/sheep/{tag}"));

        Assert.Matches($"data-testid=\"profile-name\"[^>]*>{heading}</h1>", html);
        if (culture != "en")
        {
            Assert.DoesNotContain("Tuantuan", html);
        }
    }

    [Theory]
    [InlineData("zh-CN", "没有找到这个页面")]
    [InlineData("en", "We could not find that page")]
    public async Task An_unknown_tag_is_a_real_404_in_the_readers_language(string culture, string title)
    {
        var client = HttpTestClient.Anonymous(app);
        await client.GetAsync($"/language?culture={culture}&returnUrl=/");

        var response = await client.GetAsync("/sheep/315252799999999");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains(title, html);
        Assert.Contains($"<html lang=\"{culture}\"", html);
        Assert.DoesNotContain("data-testid=\"profile-facts\"", html);
    }

    [Fact]
    public async Task A_retired_tag_redirects_to_the_current_tags_page()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var data = FlockTestData.For(scope.ServiceProvider);
        var (sheepId, oldTag) = await data.LivingSheepAsync(await data.HouseholdIdAsync(23));
        var newTag = await data.RetagAsync(sheepId, 66_000_001, Now.AddDays(-1));
        var client = HttpTestClient.Anonymous(app);

        var response = await client.GetAsync($"/sheep/{oldTag}");

        HttpTestClient.AssertRedirectedTo(response, $"/sheep/{newTag}");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/sheep/{newTag}")).StatusCode);
    }

    [Fact]
    public async Task An_archived_sheep_keeps_its_page_and_says_why_it_left()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var data = FlockTestData.For(scope.ServiceProvider);
        var (sheepId, tag) = await data.LivingSheepAsync(await data.HouseholdIdAsync(24));
        await data.ArchiveAsync(sheepId, RemovalReason.Sold, Now.AddDays(-3));

        var response = await HttpTestClient.Anonymous(app).GetAsync($"/sheep/{tag}");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("data-testid=\"profile-archived\"", html);
        Assert.Contains("原因：出售", html);
    }

    [Fact]
    public async Task Gallery_thumbnails_are_links_that_show_that_photo_large()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var data = FlockTestData.For(scope.ServiceProvider);
        var (sheepId, tag) = await data.LivingSheepAsync(await data.HouseholdIdAsync(25));
        var older = await data.AddLogAsync(sheepId, LogKind.Photo, Now.AddDays(-8), withPhoto: true);
        var newer = await data.AddLogAsync(sheepId, LogKind.Photo, Now.AddDays(-4), withPhoto: true);
        var client = HttpTestClient.Anonymous(app);

        var first = await client.GetStringAsync($"/sheep/{tag}");
        var chosen = await client.GetStringAsync($"/sheep/{tag}?photo={older.PhotoId}");

        Assert.Matches($"class=\"profile-photo\" src=\"media/photos/{newer.PhotoId}/large\"", first);
        Assert.Contains($"href=\"sheep/{tag}?photo={older.PhotoId}#gallery\"", first);
        Assert.Matches($"class=\"profile-photo\" src=\"media/photos/{older.PhotoId}/large\"", chosen);
    }

    [Fact]
    public async Task Catalogue_cards_link_to_profiles_and_show_the_cover_photo_or_the_placeholder()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var data = FlockTestData.For(scope.ServiceProvider);
        var (sheepId, tag) = await data.LivingSheepAsync(await data.HouseholdIdAsync(1), index: 1);
        var cover = await data.AddLogAsync(sheepId, LogKind.Photo, Now.AddDays(-1), withPhoto: true);

        var html = await HttpTestClient.Anonymous(app).GetStringAsync("/sheep");

        Assert.Contains($"href=\"sheep/{tag}\"", html);
        Assert.Contains($"src=\"media/photos/{cover.PhotoId}/thumb\"", html);
        Assert.Contains("images/sheep-placeholder.", html); // fingerprinted: images/sheep-placeholder.{hash}.svg
        Assert.Equal(24, SheepCardLinks().Count(html));
    }

    [Fact]
    public async Task The_catalogue_filters_by_age_band_from_the_url_and_keeps_it_when_paging()
    {
        var client = HttpTestClient.Anonymous(app);

        var adults = await client.GetStringAsync("/sheep?age=Adult");
        var all = await client.GetStringAsync("/sheep");

        Assert.Contains("<option value=\"Adult\" selected", adults);
        Assert.Contains("href=\"sheep?age=Adult&amp;page=2\"", adults);
        Assert.NotEqual(Count(all), Count(adults));
        Assert.DoesNotContain("data-testid=\"catalogue-empty\"", adults);
    }

    private static string Count(string html) => CatalogueCount().Match(html).Groups[1].Value;

    [GeneratedRegex("data-testid=\"photo-placeholder-caption\">([^<]*)</span>")]
    private static partial Regex PlaceholderCaption();

    [GeneratedRegex("src=\"(images/sheep-placeholder[^\"]*\\.svg)\"")]
    private static partial Regex PlaceholderImage();

    [GeneratedRegex("<polyline class=\"chart-line\" points=\"[0-9.]+,[0-9.]+ [0-9.]+,[0-9.]+ [0-9.]+,[0-9.]+\"")]
    private static partial Regex ChartLine();

    [GeneratedRegex("<circle cx=")]
    private static partial Regex ChartPoints();

    [GeneratedRegex("data-testid=\"timeline-entry\"")]
    private static partial Regex TimelineEntries();

    [GeneratedRegex("data-testid=\"sheep-card-link\"")]
    private static partial Regex SheepCardLinks();

    [GeneratedRegex("data-testid=\"profile-household\">[^<]+家</dd>")]
    private static partial Regex HouseholdFact();

    [GeneratedRegex("data-testid=\"catalogue-count\"[^>]*>([^<]+)<")]
    private static partial Regex CatalogueCount();
}
