using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Sponsorship.Core.Data;
using Sponsorship.Core.Mail;
using Sponsorship.Testing;

namespace Sponsorship.Web.Tests.Mail;

/// <summary>
/// What a reader needs from every mail whatever their client does: each button's address written out under it, a
/// footer they can read, counts worded for one, and a next step on the sad and the final mails.
/// </summary>
[Collection(SharedApp.Name)]
public sealed partial class MailReadabilityTests(SponsorshipAppFactory app) : IAsyncLifetime
{
    private static readonly int[] ChannelOffsets = [0, 2, 4];
    private static readonly string[] SmallPrint = ["mail-footer", "plain-link"];
    private MailScene scene = null!;

    public async Task InitializeAsync() => scene = await MailScene.OnceAsync(app, householdNumber: 6, sheepIndex: 3);

    public Task DisposeAsync() => Task.CompletedTask;

    public static TheoryData<string, string> KindsAndCultures() => MailTemplateTests.KindsAndCultures();

    [Theory]
    [MemberData(nameof(KindsAndCultures))]
    public async Task Every_button_has_its_plain_address_under_it_and_in_the_text_part(string kind, string culture)
    {
        var rendered = await RenderAsync(kind, culture);

        var buttons = Button().Matches(rendered.Html).Select(m => WebUtility.HtmlDecode(m.Groups["href"].Value)).ToList();
        if (kind != MailKinds.PayoutNotice)
        {
            Assert.True(buttons.Count > 0, rendered.Html);
        }

        var plain = PlainLink().Matches(rendered.Html).Select(m => WebUtility.HtmlDecode(m.Groups["text"].Value)).ToList();
        Assert.Equal(buttons, plain);
        Assert.All(buttons, href => Assert.Contains(href, rendered.Text, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("zh-CN")]
    [InlineData("en")]
    public async Task The_footer_and_the_small_print_are_at_least_12px_and_meet_WCAG_AA_contrast_on_white(string culture)
    {
        var rendered = await RenderAsync(MailKinds.DeathNotice, culture);

        foreach (var testId in SmallPrint)
        {
            var style = Assert.Single(StyleOf(testId).Matches(rendered.Html).Select(m => m.Groups["style"].Value).Distinct());
            var size = double.Parse(FontSize().Match(style).Groups["px"].Value, CultureInfo.InvariantCulture);
            var colour = Colour().Match(style).Groups["hex"].Value;
            Assert.True(size >= 12, $"{testId} is {size}px");
            Assert.True(Contrast(colour, "ffffff") >= 4.5, $"{testId} #{colour} has contrast {Contrast(colour, "ffffff"):0.00} on white");
        }
    }

    [Fact]
    public async Task One_photo_is_one_new_photo_in_English()
    {
        var english = await RenderAsync(MailKinds.GrowthUpdate, "en");
        var chinese = await RenderAsync(MailKinds.GrowthUpdate, "zh-CN");

        Assert.Matches("1 new photo(?!s)", english.Html);
        Assert.DoesNotContain("1 new photos", english.Html, StringComparison.Ordinal);
        Assert.Contains("1 张新照片", chinese.Html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("zh-CN", "挑选接替的羊")]
    [InlineData("en", "Choose the replacement sheep")]
    public async Task A_death_notice_awaiting_a_replacement_has_choosing_it_as_its_button(string culture, string label)
    {
        await using (var scope = app.Services.CreateAsyncScope())
        await using (var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<SponsorshipDbContext>>().CreateDbContextAsync())
        {
            await db.Adoptions.Where(a => a.Id == scene.AdoptionId)
                .ExecuteUpdateAsync(s => s.SetProperty(a => a.ReplacementDueAt, TimeProvider.System.GetUtcNow().AddDays(14)));
        }

        var rendered = await RenderAsync(MailKinds.DeathNotice, culture);

        var button = Assert.Single(Button().Matches(rendered.Html));
        Assert.Equal(label, WebUtility.HtmlDecode(button.Groups["label"].Value));
        Assert.EndsWith($"/my/adoptions/{scene.AdoptionId}/replace", button.Groups["href"].Value, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("zh-CN", "认养另一只羊")]
    [InlineData("en", "Adopt another sheep")]
    public async Task An_end_of_term_mail_after_a_meat_box_offers_adopting_another_sheep(string culture, string label)
    {
        var rendered = await RenderAsync(MailKinds.EndOfTerm, culture);

        var button = Assert.Single(Button().Matches(rendered.Html));
        Assert.Equal(label, WebUtility.HtmlDecode(button.Groups["label"].Value));
        Assert.EndsWith("/sheep", button.Groups["href"].Value, StringComparison.Ordinal);
        Assert.StartsWith("http", button.Groups["href"].Value, StringComparison.Ordinal);
    }

    private async Task<RenderedMail> RenderAsync(string kind, string culture)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IMailRenderer>().RenderAsync(scene.Mail(kind, culture));
    }

    private static double Contrast(string a, string b)
    {
        static double Luminance(string hex)
        {
            var channels = ChannelOffsets.Select(i => int.Parse(hex.AsSpan(i, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture) / 255.0)
                .Select(c => c <= 0.03928 ? c / 12.92 : Math.Pow((c + 0.055) / 1.055, 2.4)).ToArray();
            return (0.2126 * channels[0]) + (0.7152 * channels[1]) + (0.0722 * channels[2]);
        }

        var (la, lb) = (Luminance(a), Luminance(b));
        return (Math.Max(la, lb) + 0.05) / (Math.Min(la, lb) + 0.05);
    }

    /// <summary>The inline style of the element with this test id (PreMailer moves the classes' rules into style attributes and drops the classes).</summary>
    private static Regex StyleOf(string testId) => new($@"data-testid=""{testId}""[^>]*style=""(?<style>[^""]*)""", RegexOptions.None, TimeSpan.FromSeconds(1));

    [GeneratedRegex(@"<a\b(?=[^>]*\bdata-testid=""mail-button"")(?=[^>]*\bhref=""(?<href>[^""]+)"")[^>]*>\s*(?<label>[^<]*?)\s*</a>")]
    private static partial Regex Button();

    [GeneratedRegex(@"data-testid=""plain-link""[^>]*>[^<]*<a\b[^>]*>\s*(?<text>[^<]*?)\s*</a>")]
    private static partial Regex PlainLink();

    [GeneratedRegex(@"font-size:\s*(?<px>[\d.]+)px")]
    private static partial Regex FontSize();

    [GeneratedRegex(@"(?<![-\w])color:\s*#(?<hex>[0-9a-fA-F]{6})")]
    private static partial Regex Colour();
}
