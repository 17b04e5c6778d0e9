using System.Globalization;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MudBlazor.Services;
using Sponsorship.Core.Adoptions;
using Sponsorship.Core.Payments;
using Sponsorship.Web.Features.Adoptions.CheckoutSteps;

namespace Sponsorship.Web.Tests.Adoptions;

/// <summary>The checkout's way to pay: the one chosen for the sponsor is a real one; the sandbox comes last, marked as a test.</summary>
public sealed class CheckoutProviderTests : IAsyncLifetime
{
    private readonly BunitContext ctx = new();

    public Task InitializeAsync()
    {
        ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        ctx.Services.AddMudServices();
        ctx.Services.AddLocalization();
        return Task.CompletedTask;
    }

    [Theory]
    [InlineData("zh-CN", "沙盒（测试付款）")]
    [InlineData("en", "Sandbox (test payment)")]
    public void The_preselected_method_is_real_and_the_sandbox_is_last_labelled_as_a_test(string culture, string sandboxLabel)
    {
        CultureInfo.CurrentUICulture = new CultureInfo(culture);
        // Configured with the sandbox first: the order a sponsor sees still puts it last.
        var choices = new CheckoutChoices(null!, Options.Create(new PaymentOptions { Providers = ["sandbox", "wechat", "alipay", "bank"] }));
        var draft = new CheckoutDraft { Provider = choices.Providers[0] };
        draft.ChoosePlan(new PlanChoice(1, "一年认养", "One year", "", "", 12, 180_000, EndOfTermOptions.MeatBox | EndOfTermOptions.NothingFurther));

        var step = ctx.Render<ReviewStep>(p => p.Add(s => s.Draft, draft).Add(s => s.Providers, choices.Providers));

        var offered = step.FindAll("[data-testid=provider-choice]");
        Assert.Equal(["wechat", "alipay", "bank", "sandbox"], offered.Select(o => o.GetAttribute("data-provider")));
        Assert.Contains("chosen", offered[0].ClassList);
        Assert.True(offered[0].QuerySelector("input[type=radio]")!.HasAttribute("checked"));
        Assert.Single(step.FindAll("[data-testid=provider-choice] input[checked]"));
        Assert.Equal(sandboxLabel, offered[^1].QuerySelector("strong")!.TextContent);
    }

    [Theory]
    [InlineData("zh-CN", "friend@example.com · 于2026年12月6日揭晓")]
    [InlineData("en", "friend@example.com · revealed on 6 Dec 2026")]
    public void The_review_writes_a_gifts_reveal_day_as_the_programme_writes_dates(string culture, string gift)
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo(culture);
        var draft = new CheckoutDraft { Provider = "bank", Gift = true, GiftName = "王小明", GiftEmail = "friend@example.com", GiftRevealOn = new DateOnly(2026, 12, 6) };
        draft.ChoosePlan(new PlanChoice(1, "一年认养", "One year", "", "", 12, 180_000, EndOfTermOptions.NothingFurther));

        var step = ctx.Render<ReviewStep>(p => p.Add(s => s.Draft, draft).Add(s => s.Providers, ["bank"]));

        Assert.Contains(gift, step.Find("[data-testid=checkout-review]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void With_no_providers_configured_bank_transfer_is_chosen_before_the_sandbox() =>
        Assert.Equal(["bank", "sandbox"], new PaymentOptions().EnabledProviders);

    public Task DisposeAsync() => ctx.DisposeAsync().AsTask();
}
