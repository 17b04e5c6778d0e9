using System.Net.Http.Headers;
using Sponsorship.Core.Demo;
using Sponsorship.Testing;

namespace Sponsorship.Web.Tests.Languages;

/// <summary>The words MudBlazor's components write themselves follow the page's language.</summary>
[Collection(SharedApp.Name)]
public sealed class MudBlazorWordsTests(SponsorshipAppFactory app)
{
    [Theory]
    [InlineData("zh-CN", "下一页", "Next page")]
    [InlineData("en", "Next page", "下一页")]
    public async Task A_table_pager_names_its_buttons_in_the_pages_language(string language, string expected, string other)
    {
        var admin = await HttpTestClient.SignedInAsync(app, DemoAccounts.Admin.Email, DemoAccounts.Password);
        admin.DefaultRequestHeaders.AcceptLanguage.Add(new StringWithQualityHeaderValue(language));

        var html = await admin.GetStringAsync("/admin/ledger");

        Assert.Contains($"aria-label=\"{expected}\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain($"aria-label=\"{other}\"", html, StringComparison.Ordinal);
    }
}
