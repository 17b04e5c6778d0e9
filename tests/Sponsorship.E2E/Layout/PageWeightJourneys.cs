using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Sponsorship.Core.Data;
using Sponsorship.Core.Demo;
using Xunit.Abstractions;

namespace Sponsorship.E2E.Layout;

/// <summary>
/// What the herders' and the public pages cost on one or two bars of signal, in bytes on the wire at 360 px: a first
/// visit with an empty cache, then the same page again (the stylesheets, scripts and fonts already kept). Bytes, not
/// time: the same pages send the same bytes on any machine.
/// </summary>
[Collection(BrowserJourneys.Name)]
public sealed partial class PageWeightJourneys(BrowserApp app, ITestOutputHelper output)
{
    private const int PhoneWidth = 360;
    private const int PhoneHeight = 760;
    private const long ColdBudget = 150 * 1024;
    private const long RepeatBudget = 20 * 1024;

    [Fact]
    public async Task The_public_pages_cost_at_most_150_KiB_on_a_first_visit_and_20_KiB_on_the_next()
    {
        var tag = await AnySheepTagAsync();
        var figures = new List<PageWeight>();
        foreach (var (name, path) in new[] { ("home", "/"), ("catalogue", "/sheep"), ("profile", $"/sheep/{tag}"), ("impact", "/impact") })
        {
            var context = await NewPhoneContextAsync();
            figures.Add(await WeighAsync(context, name, path));
            await context.CloseAsync();
        }

        AssertWithinBudget(figures);
        await AssertStylesCoveredAsync(figures);
    }

    [Fact]
    public async Task The_herders_pages_cost_at_most_150_KiB_on_a_first_visit_and_20_KiB_on_the_next()
    {
        var sheepId = await SheepOfHerderAAsync();

        // Signed in once elsewhere; the measured browser starts with that cookie and nothing in its cache.
        var signIn = await NewPhoneContextAsync();
        await Journeys.SignInAsync(await signIn.NewPageAsync(), DemoAccounts.Herder.Email);
        var cookies = await signIn.CookiesAsync();
        await signIn.CloseAsync();

        var figures = new List<PageWeight>();
        var pages = new[]
        {
            ("herder-flock", "/herder"), ("herder-quick-entry", $"/herder/sheep/{sheepId}"), ("herder-find", "/herder/find?digits=9999"),
            ("herder-earnings", "/herder/earnings"),
        };
        foreach (var (name, path) in pages)
        {
            var context = await NewPhoneContextAsync();
            await context.AddCookiesAsync(cookies.Select(c => new Cookie
            {
                Name = c.Name, Value = c.Value, Domain = c.Domain, Path = c.Path, HttpOnly = c.HttpOnly, Secure = c.Secure, SameSite = c.SameSite,
            }));
            figures.Add(await WeighAsync(context, name, path));
            await context.CloseAsync();
        }

        AssertWithinBudget(figures);
        await AssertStylesCoveredAsync(figures);
    }

    [Fact]
    public async Task The_trimmed_stylesheet_carries_the_same_theme_the_other_pages_write_into_their_html()
    {
        using var http = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };
        var signIn = await http.GetStringAsync("/Account/Login");
        var themeStyles = Regex.Matches(signIn, "<style[^>]*>(.*?)</style>", RegexOptions.Singleline).Select(m => m.Groups[1].Value.Trim()).ToList();
        Assert.Contains(themeStyles, s => s.Contains("--mud-palette-primary:", StringComparison.Ordinal));
        var trimmed = await http.GetStringAsync(Regex.Match(await http.GetStringAsync("/"), @"href=""(?<url>css/mud-static[^""]*\.css)""").Groups["url"].Value);
        foreach (var style in themeStyles)
        {
            Assert.True(trimmed.Contains(style, StringComparison.Ordinal),
                $"css/mud-static.css lacks the theme as MudThemeProvider writes it now (run infra/scripts/mudblazor-static-css.py):\n{style[..Math.Min(style.Length, 400)]}");
        }
    }

    /// <summary>The page opened twice in one browser: cold, then as a person coming back to it.</summary>
    private async Task<PageWeight> WeighAsync(IBrowserContext context, string name, string path)
    {
        var page = await context.NewPageAsync();
        var wire = await WireBytes.AttachAsync(page);
        await OpenAsync(page, path);
        var cold = wire.Total;
        var coldDetail = wire.Describe();
        var classes = await page.EvaluateAsync<string[]>("() => [...new Set([...document.querySelectorAll('[class]')].flatMap(e => [...e.classList]))]");
        var stylesheets = await page.EvaluateAsync<string[]>("() => [...document.querySelectorAll('link[rel=stylesheet]')].map(l => l.getAttribute('href'))");
        await page.EvaluateAsync("() => window.scrollTo(0, 0)");
        await BrowserApp.ScreenshotAsync(page, $"page-weight-{name}-360px-zh");

        var again = await context.NewPageAsync();
        var repeatWire = await WireBytes.AttachAsync(again);
        await OpenAsync(again, path);
        var repeat = repeatWire.Total;

        output.WriteLine($"{name} {path}: cold {cold:N0} B ({cold / 1024.0:0.0} KiB), repeat {repeat:N0} B ({repeat / 1024.0:0.0} KiB)");
        output.WriteLine(coldDetail);
        output.WriteLine("repeat:\n" + repeatWire.Describe());
        return new PageWeight(name, path, cold, repeat, coldDetail, repeatWire.Describe(), classes, stylesheets);
    }

    private static async Task OpenAsync(IPage page, string path)
    {
        var response = await page.GotoAsync(path, new PageGotoOptions { WaitUntil = WaitUntilState.NetworkIdle });
        Assert.True(response is { Ok: true }, $"{path} answered {response?.Status}");
        Assert.DoesNotContain("/Account/", new Uri(page.Url).AbsolutePath, StringComparison.Ordinal);

        // Fonts are fetched when text first needs them: wait until the page's fonts are in.
        await page.EvaluateAsync("() => document.fonts.ready");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
    }

    private static void AssertWithinBudget(IReadOnlyList<PageWeight> figures)
    {
        Assert.All(figures, f =>
        {
            Assert.True(f.Cold <= ColdBudget, $"{f.Path}: a first visit sent {f.Cold:N0} bytes (budget {ColdBudget:N0}):\n{f.ColdDetail}");
            Assert.True(f.Repeat <= RepeatBudget, $"{f.Path}: a repeat visit sent {f.Repeat:N0} bytes (budget {RepeatBudget:N0}):\n{f.RepeatDetail}");
        });
    }

    private Task<IBrowserContext> NewPhoneContextAsync() =>
        app.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = app.BaseUrl,
            ViewportSize = new ViewportSize { Width = PhoneWidth, Height = PhoneHeight },
            Locale = "zh-CN",
            UserAgent = BrowserApp.PhoneUserAgent,
            IsMobile = true,
            HasTouch = true,
        });

    private async Task<string> AnySheepTagAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<SponsorshipDbContext>>().CreateDbContextAsync();
        return await db.Sheep.Where(s => s.ArchivedAt == null).OrderBy(s => s.Id).Select(s => s.Tags.Select(t => t.Value).First()).FirstAsync();
    }

    private async Task<int> SheepOfHerderAAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<SponsorshipDbContext>>().CreateDbContextAsync();
        var household = await db.Users.Where(u => u.Email == DemoAccounts.Herder.Email).Select(u => u.HerderHouseholdId).SingleAsync();
        return await db.Sheep.Where(s => s.HouseholdId == household && s.ArchivedAt == null).OrderBy(s => s.Id).Select(s => s.Id).FirstAsync();
    }

    /// <summary>
    /// Each page links the trimmed stylesheet, not MudBlazor's, and every selector of MudBlazor's stylesheet whose classes
    /// are all on the page is in the trimmed one too: a component or utility newly used on a light page fails here until
    /// the trimmed stylesheet is made again.
    /// </summary>
    private async Task AssertStylesCoveredAsync(IReadOnlyList<PageWeight> figures)
    {
        using var http = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };
        var full = Selectors(await http.GetStringAsync("_content/MudBlazor/MudBlazor.min.css"));
        foreach (var page in figures)
        {
            Assert.DoesNotContain(page.Stylesheets, href => href.Contains("MudBlazor", StringComparison.Ordinal));
            var trimmedHref = Assert.Single(page.Stylesheets, href => href.StartsWith("css/mud-static", StringComparison.Ordinal));
            var trimmed = Selectors(await http.GetStringAsync(trimmedHref)).ToHashSet();
            var onPage = page.Classes.ToHashSet();
            var missing = full
                .Where(selector => ClassName().Matches(selector) is { Count: > 0 } names && names.All(n => onPage.Contains(n.Groups["name"].Value)))
                .Where(selector => !trimmed.Contains(selector))
                .Distinct()
                .ToList();
            Assert.True(missing.Count == 0,
                $"{page.Path} has classes MudBlazor styles that css/mud-static.css does not (add them to infra/scripts/mudblazor-static-css.py and run it): {string.Join(" ", missing.Take(20))}");
        }
    }

    /// <summary>Every selector of a stylesheet, one by one (a list split at its top-level commas).</summary>
    private static IEnumerable<string> Selectors(string css)
    {
        foreach (Match rule in RulePrelude().Matches(Regex.Replace(css, @"/\*.*?\*/", "", RegexOptions.Singleline)))
        {
            var prelude = rule.Groups["prelude"].Value.Trim();
            if (prelude.StartsWith('@'))
            {
                continue;
            }

            var depth = 0;
            var start = 0;
            for (var i = 0; i <= prelude.Length; i++)
            {
                if (i == prelude.Length || (prelude[i] == ',' && depth == 0))
                {
                    yield return prelude[start..i].Trim();
                    start = i + 1;
                }
                else if (prelude[i] == '(')
                {
                    depth++;
                }
                else if (prelude[i] == ')')
                {
                    depth--;
                }
            }
        }
    }

    [GeneratedRegex(@"(?<prelude>[^{};]+)\{")]
    private static partial Regex RulePrelude();

    [GeneratedRegex(@"\.(?<name>-?[_a-zA-Z][\w-]*)")]
    private static partial Regex ClassName();

    private sealed record PageWeight(
        string Name, string Path, long Cold, long Repeat, string ColdDetail, string RepeatDetail, string[] Classes, string[] Stylesheets);
}
