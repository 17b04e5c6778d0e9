using System.Globalization;
using Bunit;
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
    [InlineData(Roles.Herder, new[] { "herder", "herder/earnings" })]
    [InlineData(Roles.Admin, new[] { "admin", "admin/villages", "admin/households", "admin/sheep", "admin/review", "admin/plans", "admin/payments", "admin/fulfilment", "admin/users", "admin/payouts", "admin/ledger", "admin/organisations", "admin/jobs" })]
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
