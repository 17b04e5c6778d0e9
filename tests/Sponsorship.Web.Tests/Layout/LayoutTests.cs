using System.Globalization;
using Bunit;
using Microsoft.AspNetCore.Components;
using Bunit.TestDoubles;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using Sponsorship.Core.Identity;
using Sponsorship.Web.Components.Layout;

namespace Sponsorship.Web.Tests.Layout;

public sealed class LayoutTests : IAsyncLifetime
{
    private readonly BunitContext ctx = new();
    private readonly BunitAuthorizationContext auth;

    public LayoutTests()
    {
        ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        ctx.Services.AddMudServices();
        ctx.Services.AddLocalization();
        auth = ctx.AddAuthorization();
    }

    [Theory]
    [InlineData("zh-CN", "我在草原有只羊", "认识羊儿")]
    [InlineData("en", "A Sheep on the Grassland", "Meet the sheep")]
    public void The_app_bar_and_navigation_speak_the_readers_language(string culture, string appName, string catalogue)
    {
        CultureInfo.CurrentUICulture = new CultureInfo(culture);

        var layout = ctx.Render<MainLayout>(p => p.Add(l => l.Body, b => b.AddMarkupContent(0, "<p id='body'>page</p>")));

        Assert.Equal(appName, layout.Find(".brand-name").TextContent);
        Assert.Contains(layout.FindAll(".site-nav a"), a => a.TextContent == catalogue);
        Assert.NotNull(layout.Find("#body"));
    }

    [Theory]
    [InlineData(null, new string[0])]
    [InlineData(Roles.Sponsor, new[] { "my", "organisations" })]
    [InlineData(Roles.Herder, new[] { "herder", "herder/earnings", "herder/visits" })]
    [InlineData(Roles.Admin, new[] { "admin" })]
    public void Navigation_shows_what_the_role_may_use(string? role, string[] roleLinks)
    {
        CultureInfo.CurrentUICulture = new CultureInfo("en");
        if (role is not null)
        {
            auth.SetAuthorized("someone@example.com");
            auth.SetRoles(role);
        }

        var nav = ctx.Render<NavLinks>();

        var hrefs = nav.FindAll("a").Select(a => a.GetAttribute("href")).ToList();
        Assert.Equal(["", "sheep", "impact", .. roleLinks], hrefs);
    }

    [Theory]
    [InlineData("zh-CN")]
    [InlineData("en")]
    public void The_console_drawer_groups_every_admin_page_under_a_plain_label_no_two_alike(string culture)
    {
        CultureInfo.CurrentUICulture = new CultureInfo(culture);
        ctx.SetRendererInfo(new RendererInfo("Server", isInteractive: true));

        var drawer = ctx.Render<ConsoleNav>();

        var groups = drawer.FindAll("[data-testid^=console-group-]");
        Assert.Equal(["console-group-daily", "console-group-money", "console-group-sponsors", "console-group-settings"],
            groups.Select(g => g.GetAttribute("data-testid")));
        Assert.Equal(
            ["admin", "admin/review", "admin/sheep", "admin/households", "admin/villages",
             "admin/payments", "admin/payouts", "admin/payouts/reconciliation", "admin/ledger", "admin/split-rules",
             "admin/adoptions", "admin/plans", "admin/fulfilment", "admin/visits", "admin/organisations",
             "admin/users", "admin/mail", "admin/jobs", "admin/audit"],
            drawer.FindAll("a").Select(a => a.GetAttribute("href")));
        var labels = drawer.FindAll("a, .mud-nav-group button").Select(e => e.TextContent.Trim()).ToList();
        Assert.All(labels, label => Assert.False(string.IsNullOrEmpty(label) || label.StartsWith("Console.", StringComparison.Ordinal), label));
        Assert.Equal(labels.Count, labels.Distinct().Count());
        Assert.Equal("nav-admin-payments", drawer.Find("a[href='admin/payments']").GetAttribute("data-testid"));
    }

    [Fact]
    public void On_a_phone_the_drawer_folds_behind_one_button_that_opens_and_closes_it()
    {
        CultureInfo.CurrentUICulture = new CultureInfo("zh-CN");
        ctx.SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        var drawer = ctx.Render<ConsoleNav>();
        var nav = drawer.Find("nav");
        Assert.DoesNotContain("open", nav.ClassList);

        drawer.Find("[data-testid=console-menu]").Click();

        Assert.Contains("open", drawer.Find("nav").ClassList);
        Assert.Equal("true", drawer.Find("[data-testid=console-menu]").GetAttribute("aria-expanded"));
        drawer.Find("[data-testid=console-menu]").Click();
        Assert.DoesNotContain("open", drawer.Find("nav").ClassList);
    }

    [Fact]
    public void Signed_out_visitors_see_sign_in_and_register()
    {
        CultureInfo.CurrentUICulture = new CultureInfo("zh-CN");

        var menu = ctx.Render<AccountMenu>();

        Assert.Equal("登录", menu.Find("[data-testid=sign-in]").TextContent);
        Assert.Empty(menu.FindAll("[data-testid=sign-out]"));
    }

    [Fact]
    public void The_language_switch_links_back_to_the_current_page_and_marks_the_current_language()
    {
        CultureInfo.CurrentUICulture = new CultureInfo("en");
        ctx.Services.GetRequiredService<BunitNavigationManager>().NavigateTo("sheep?breed=Sunit");

        var languageSwitch = ctx.Render<LanguageSwitch>();

        var links = languageSwitch.FindAll("a");
        Assert.Equal(["zh-CN", "en"], links.Select(a => a.GetAttribute("data-culture")));
        Assert.Equal("/language?culture=zh-CN&returnUrl=%2Fsheep%3Fbreed%3DSunit", links[0].GetAttribute("href"));
        Assert.Equal("true", links[1].GetAttribute("aria-current"));
        Assert.Null(links[0].GetAttribute("aria-current"));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await ctx.DisposeAsync();
}
