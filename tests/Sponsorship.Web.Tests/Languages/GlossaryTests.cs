using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Sponsorship.Testing;
using Sponsorship.Web.Components.Common;
using Sponsorship.Web.Resources;

namespace Sponsorship.Web.Tests.Languages;

/// <summary>
/// One word for each thing that matters, in every page, mail and document: 认养 (never 领养), 公斤 (never 千克 or "kg" in
/// Chinese), one date format per language, buttons in the case they are written in.
/// </summary>
[Collection(SharedApp.Name)]
public sealed partial class GlossaryTests(SponsorshipAppFactory app)
{
    private static readonly string Root = ResourceTests.RepositoryRoot();

    [Fact]
    public void Chinese_strings_say_认养_and_公斤()
    {
        var chinese = XDocument.Load(Path.Combine(Root, "src", "Sponsorship.Web", "Resources", "Strings.zh-CN.resx")).Root!.Elements("data")
            .ToDictionary(d => (string)d.Attribute("name")!, d => (string?)d.Element("value") ?? "");

        Assert.Empty(chinese.Where(e => e.Value.Contains("领养", StringComparison.Ordinal)).Select(e => e.Key));
        Assert.Empty(chinese.Where(e => e.Value.Contains("千克", StringComparison.Ordinal) || KgUnit().IsMatch(e.Value)).Select(e => e.Key));
        Assert.Contains("认养", chinese["AdoptionStatus.Active"], StringComparison.Ordinal);
        Assert.Contains("公斤", chinese["Profile.Kg"], StringComparison.Ordinal);
    }

    /// <summary>Mail templates, certificates and statements, the demo's plans: Chinese written in code follows the glossary too.</summary>
    [Fact]
    public void No_page_mail_template_or_document_written_in_code_says_领养_or_千克()
    {
        var offending = Directory.EnumerateFiles(Path.Combine(Root, "src"), "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".razor", StringComparison.Ordinal) || f.EndsWith(".cs", StringComparison.Ordinal))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}Migrations{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Where(f => File.ReadAllText(f) is var text && (text.Contains("领养", StringComparison.Ordinal) || text.Contains("千克", StringComparison.Ordinal)))
            .Select(f => Path.GetRelativePath(Root, f))
            .ToList();

        Assert.Empty(offending);
    }

    [Theory]
    [InlineData("zh-CN", "2026年12月6日")]
    [InlineData("en", "6 Dec 2026")]
    public void A_date_is_written_one_way_per_language_on_every_page(string culture, string expected)
    {
        var day = new DateOnly(2026, 12, 6);
        var pageCulture = app.Services.GetRequiredService<IOptions<RequestLocalizationOptions>>().Value.SupportedCultures!
            .Single(c => c.Name == culture);
        var saved = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        try
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (pageCulture, pageCulture);

            Assert.Equal(expected, Text.Date(day));
            Assert.Equal(expected, day.ToString("d", CultureInfo.CurrentCulture));
            Assert.Equal(expected, Sponsorship.Web.Features.Mail.MailFormat.Date(day));
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = saved;
        }
    }

    [Theory]
    [InlineData("en", 1, "1 month")]
    [InlineData("en", 12, "1 year")]
    [InlineData("en", 24, "2 years")]
    [InlineData("zh-CN", 12, "1 岁")]
    public void A_count_of_one_is_singular_in_English(string culture, int months, string expected)
    {
        var localizer = app.Services.GetRequiredService<IStringLocalizer<Strings>>();
        var saved = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(culture);

            Assert.Equal(expected, localizer.Age(months));
        }
        finally
        {
            CultureInfo.CurrentUICulture = saved;
        }
    }

    [Fact]
    public void Buttons_keep_the_case_they_are_written_in_on_interactive_and_light_pages()
    {
        Assert.Equal("none", Sponsorship.Web.Components.Layout.GrasslandTheme.Theme.Typography.Button.TextTransform);
        var lightPagesCss = File.ReadAllText(Path.Combine(Root, "wwwroot-assets", "css", "mud-static.css"));
        Assert.Contains("--mud-typography-button-text-transform: none;", lightPagesCss, StringComparison.Ordinal);
    }

    /// <summary>"kg" as a unit after a number or a placeholder: "41 kg", "{0}kg".</summary>
    [GeneratedRegex(@"(\d|\})\s*kg\b", RegexOptions.IgnoreCase)]
    private static partial Regex KgUnit();
}
