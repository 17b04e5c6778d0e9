using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Sponsorship.Core.Flock;
using Sponsorship.Core.Mail;
using Sponsorship.Core.Programme;
using Sponsorship.Testing;
using Sponsorship.Web.Features.Mail;

namespace Sponsorship.Web.Tests.Mail;

/// <summary>Every mail kind renders in both languages from the real templates, with the real data of a test app.</summary>
[Collection(SharedApp.Name)]
public sealed partial class MailTemplateTests(SponsorshipAppFactory app) : IAsyncLifetime
{
    private MailScene scene = null!;

    public async Task InitializeAsync() => scene = await MailScene.OnceAsync(app, householdNumber: 3, sheepIndex: 2);

    public Task DisposeAsync() => Task.CompletedTask;

    public static TheoryData<string, string> KindsAndCultures()
    {
        var data = new TheoryData<string, string>();
        foreach (var kind in MailScene.Kinds)
        {
            data.Add(kind, "zh-CN");
            data.Add(kind, "en");
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(KindsAndCultures))]
    public async Task Each_kind_renders_in_the_recipients_language_without_character_entities(string kind, string culture)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var rendered = await scope.ServiceProvider.GetRequiredService<IMailRenderer>().RenderAsync(scene.Mail(kind, culture));

        Assert.DoesNotContain("&#x", rendered.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("&#", rendered.Text, StringComparison.Ordinal);
        Assert.Contains("我在草原有只羊", rendered.Html, StringComparison.Ordinal);
        Assert.Contains("style=\"", rendered.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("<style", rendered.Html, StringComparison.Ordinal);
        Assert.DoesNotMatch(Tag(), rendered.Text);
        Assert.False(string.IsNullOrWhiteSpace(rendered.Subject));
        if (culture == "zh-CN")
        {
            Assert.Contains("李喆，您好", rendered.Html, StringComparison.Ordinal);
            Assert.Contains("李喆，您好", rendered.Text, StringComparison.Ordinal);
            Assert.Matches(Han(), rendered.Subject);
        }
        else
        {
            Assert.Contains("Dear Zoë Müller,", rendered.Html, StringComparison.Ordinal);
            Assert.Contains("Dear Zoë Müller,", rendered.Text, StringComparison.Ordinal);
            Assert.Matches("[A-Za-z]{3,}", rendered.Subject);
        }
    }

    [Theory]
    [InlineData("zh-CN", "41.2 公斤", "牧民原话")]
    [InlineData("en", "41.2 kg", "In the herder's words")]
    public async Task A_growth_update_shows_the_logs_with_the_newest_photo_and_the_chart_inline_and_can_be_unsubscribed(string culture, string weight, string herderWords)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var rendered = await scope.ServiceProvider.GetRequiredService<IMailRenderer>().RenderAsync(scene.Mail(MailKinds.GrowthUpdate, culture));

        Assert.Contains(weight, rendered.Html, StringComparison.Ordinal);
        Assert.Contains("吃得很好，毛色发亮", rendered.Text, StringComparison.Ordinal);
        // The herder's note is quoted and labelled as theirs, in the reader's language, never mixed into the mail's own sentences.
        var html = System.Net.WebUtility.HtmlDecode(rendered.Html);
        Assert.Matches($"<span[^>]*>{herderWords}</span>\\s*<span[^>]*lang=\"zh-CN\"[^>]*>“吃得很好，毛色发亮”</span>", html);
        Assert.Contains($"cid:{RazorMailRenderer.PhotoCid}", rendered.Html, StringComparison.Ordinal);
        Assert.Contains($"cid:{RazorMailRenderer.ChartCid}", rendered.Html, StringComparison.Ordinal);
        var photo = Assert.Single(rendered.InlineImages, i => i.ContentId == RazorMailRenderer.PhotoCid);
        Assert.Equal([0xFF, 0xD8], photo.Content[..2]);
        var chart = Assert.Single(rendered.InlineImages, i => i.ContentId == RazorMailRenderer.ChartCid);
        Assert.Equal("PNG"u8.ToArray(), chart.Content[1..4]);
        Assert.StartsWith("http", rendered.UnsubscribeUrl, StringComparison.Ordinal);
        Assert.Contains(UnsubscribeLinks.OneClickPath + "?t=", rendered.UnsubscribeUrl, StringComparison.Ordinal);
        Assert.Contains(UnsubscribeLinks.PagePath + "?t=", rendered.Html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("zh-CN", "36.5 公斤")]
    [InlineData("en", "36.5 kg")]
    public async Task A_monthly_digest_speaks_of_its_month_only_even_rendered_after_newer_records(string culture, string weight)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var calendar = scope.ServiceProvider.GetRequiredService<ProgrammeCalendar>();
        // The scene's sheep was weighed 40 days ago (36.5 kg), photographed 20 days ago and weighed again yesterday (41.2 kg):
        // the digest of the first weighing's month is rendered now, after the newer records were approved.
        var now = scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow();
        var month = calendar.DayOf(now.AddDays(-40)).ToString("yyyy-MM", CultureInfo.InvariantCulture);
        var mail = scene.Mail(MailKinds.MonthlyDigest, culture);
        mail.PayloadJson = new MonthlyDigestPayload(scene.AdoptionId, month).ToJson();

        var rendered = await scope.ServiceProvider.GetRequiredService<IMailRenderer>().RenderAsync(mail);

        Assert.Contains(weight, rendered.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("41.2", rendered.Html, StringComparison.Ordinal);
        var photoInMonth = calendar.MonthBounds(month).End > now.AddDays(-20);
        Assert.Equal(photoInMonth, rendered.InlineImages.Any(i => i.ContentId == RazorMailRenderer.PhotoCid));
        Assert.DoesNotContain(rendered.InlineImages, i => i.ContentId == RazorMailRenderer.ChartCid);
    }

    [Fact]
    public async Task The_growth_chart_is_drawn_in_the_recipients_language()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var renderer = scope.ServiceProvider.GetRequiredService<IMailRenderer>();

        var chinese = await renderer.RenderAsync(scene.Mail(MailKinds.GrowthUpdate, "zh-CN"));
        var english = await renderer.RenderAsync(scene.Mail(MailKinds.GrowthUpdate, "en"));

        var chartOf = (RenderedMail mail) => Assert.Single(mail.InlineImages, i => i.ContentId == RazorMailRenderer.ChartCid).Content;
        Assert.NotEqual(chartOf(chinese), chartOf(english));
    }

    [Fact]
    public async Task An_English_mail_names_the_sheep_with_its_pinyin_and_a_Chinese_one_with_its_characters_alone()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var dbFactory = scope.ServiceProvider.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<Sponsorship.Core.Data.SponsorshipDbContext>>();
        await using var db = await dbFactory.CreateDbContextAsync();
        var sheep = db.Sheep.Where(s => s.Id == scene.SheepId).Select(s => new { s.Name, s.NameLatin }).Single();
        var renderer = scope.ServiceProvider.GetRequiredService<IMailRenderer>();

        var english = await renderer.RenderAsync(scene.Mail(MailKinds.GrowthUpdate, "en"));
        var chinese = await renderer.RenderAsync(scene.Mail(MailKinds.GrowthUpdate, "zh-CN"));

        Assert.NotEqual("", sheep.NameLatin);
        Assert.Contains($"{sheep.Name} · {sheep.NameLatin}", english.Subject, StringComparison.Ordinal);
        Assert.Contains($"{sheep.Name} · {sheep.NameLatin}", System.Net.WebUtility.HtmlDecode(english.Html), StringComparison.Ordinal);
        Assert.Contains(sheep.Name, chinese.Subject, StringComparison.Ordinal);
        Assert.DoesNotContain(sheep.NameLatin, chinese.Subject + chinese.Html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("en", "moved to Summer pasture", "moved to another pasture", "夏季草场")]
    [InlineData("zh-CN", "转场至 夏季草场", "转场至其他草场", "Summer pasture")]
    public async Task A_growth_mail_names_a_move_to_a_listed_pasture_in_the_readers_language_and_quotes_a_written_one(
        string culture, string named, string elsewhere, string otherLanguage)
    {
        var moved = await MailScene.CreateAsync(app, householdNumber: 8, sheepIndex: culture == "en" ? 5 : 6);
        await using var scope = app.Services.CreateAsyncScope();
        var flock = FlockTestData.For(scope.ServiceProvider);
        int summer;
        await using (var db = await flock.DbFactory.CreateDbContextAsync())
        {
            summer = await db.NamedPastures.Where(p => p.Name == "夏季草场").Select(p => p.Id).SingleAsync();
        }

        var now = scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow();
        await flock.AddLogAsync(moved.SheepId, LogKind.Movement, now.AddDays(-3), namedPastureId: summer);
        await flock.AddLogAsync(moved.SheepId, LogKind.Movement, now.AddDays(-2), pasture: "河边那片草场");

        var html = System.Net.WebUtility.HtmlDecode((await scope.ServiceProvider.GetRequiredService<IMailRenderer>().RenderAsync(moved.Mail(MailKinds.GrowthUpdate, culture))).Html);

        Assert.Contains(named, html, StringComparison.Ordinal);
        Assert.Contains(elsewhere, html, StringComparison.Ordinal);
        Assert.Contains("“河边那片草场”", html, StringComparison.Ordinal); // quoted as the herder's words
        Assert.DoesNotContain(otherLanguage, html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_adoption_confirmation_attaches_what_the_certificate_seam_gives()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var pdf = "%PDF-1.7\n%certificate\n%%EOF\n"u8.ToArray();
        var renderer = ActivatorUtilities.CreateInstance<RazorMailRenderer>(services, new FixedCertificate(new MailPart("certificate.pdf", "application/pdf", pdf)));

        var withCertificate = await renderer.RenderAsync(scene.Mail(MailKinds.AdoptionConfirmed, "en"));
        var without = await services.GetRequiredService<IMailRenderer>().RenderAsync(scene.Mail(MailKinds.AdoptionConfirmed, "en"));

        Assert.Equal(pdf, Assert.Single(withCertificate.Attachments).Content);
        Assert.Contains("attached to this mail as a PDF", withCertificate.Text, StringComparison.Ordinal);
        Assert.Empty(without.Attachments);
        Assert.Contains("follows in a separate mail", without.Text, StringComparison.Ordinal);
        Assert.Null(without.UnsubscribeUrl);
    }

    [Fact]
    public async Task A_mail_for_an_adoption_that_does_not_exist_cannot_be_rendered()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var mail = scene.Mail(MailKinds.EndOfTerm, "en");
        mail.PayloadJson = "{\"AdoptionId\":987654}";

        await Assert.ThrowsAsync<MailNotRenderableException>(() => scope.ServiceProvider.GetRequiredService<IMailRenderer>().RenderAsync(mail));
    }

    [Theory]
    [MemberData(nameof(KindsAndCultures))]
    public async Task A_row_queued_before_payloads_had_records_still_renders_as_the_same_mail(string kind, string culture)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var renderer = scope.ServiceProvider.GetRequiredService<IMailRenderer>();
        var current = scene.Mail(kind, culture);
        var old = scene.Mail(kind, culture);
        old.PayloadJson = scene.OldPayloadJson(kind);

        var fromOld = await renderer.RenderAsync(old);
        var fromCurrent = await renderer.RenderAsync(current);

        Assert.Equal(fromCurrent.Subject, fromOld.Subject);
        // The signed unsubscribe links differ from one render to the next; everything else is the same.
        Assert.Equal(Link().Replace(fromCurrent.Text, "link"), Link().Replace(fromOld.Text, "link"));
        Assert.Equal(fromCurrent.InlineImages.Select(i => i.ContentId), fromOld.InlineImages.Select(i => i.ContentId));
    }

    [GeneratedRegex(@"https?://\S+")]
    private static partial Regex Link();

    [GeneratedRegex("</?[a-zA-Z]+[ >/]")]
    private static partial Regex Tag();

    [GeneratedRegex(@"\p{IsCJKUnifiedIdeographs}")]
    private static partial Regex Han();

    private sealed class FixedCertificate(MailPart part) : IMailAttachmentSource
    {
        public Task<MailPart?> CertificateAsync(int adoptionId, string culture, CancellationToken cancellationToken = default) => Task.FromResult<MailPart?>(part);
    }
}
