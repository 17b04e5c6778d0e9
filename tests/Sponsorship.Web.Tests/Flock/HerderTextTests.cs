using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Time.Testing;
using Sponsorship.Core.Flock;
using Sponsorship.Core.Programme;
using Sponsorship.Web.Features.Flock;
using Sponsorship.Web.Resources;

namespace Sponsorship.Web.Tests.Flock;

/// <summary>Every word the herder pages build from domain values exists in both languages.</summary>
public sealed class HerderTextTests : IDisposable
{
    private readonly ServiceProvider services;
    private readonly IStringLocalizer<Strings> l;

    public HerderTextTests()
    {
        var collection = new ServiceCollection();
        collection.AddLogging();
        collection.AddLocalization();
        services = collection.BuildServiceProvider();
        l = services.GetRequiredService<IStringLocalizer<Strings>>();
    }

    [Theory]
    [InlineData("zh-CN")]
    [InlineData("en")]
    public void Kinds_reasons_review_states_and_saved_messages_are_worded(string culture)
    {
        CultureInfo.CurrentUICulture = new CultureInfo(culture);

        var keys = Enum.GetValues<LogKind>().SelectMany(k => new[] { $"LogKind.{k}", $"Herder.Saved.{k}" })
            .Concat(Enum.GetValues<RemovalReason>().Select(r => $"RemovalReason.{r}"))
            .Concat(Enum.GetValues<ReviewStatus>().Select(r => $"Review.{r}"));

        Assert.DoesNotContain(keys, k => l[k].ResourceNotFound);
    }

    [Theory]
    [InlineData("zh-CN")]
    [InlineData("en")]
    public void Every_problem_the_logbook_can_report_has_a_message(string culture)
    {
        CultureInfo.CurrentUICulture = new CultureInfo(culture);
        var problems = Enum.GetValues<LogField>().SelectMany(field => Enum.GetValues<LogError>().Select(error => new LogProblem(field, error)))
            .Concat(Enum.GetValues<PhotoError>().Select(e => new LogProblem(LogField.Photos, LogError.PhotoRejected, "IMG_1.jpg", e)))
            .Concat(Enum.GetValues<EarTagError>().Select(e => new LogProblem(LogField.LambEarTag, LogError.EarTagInvalid, Tag: e)));

        foreach (var problem in problems)
        {
            var text = l.Problem(problem);
            Assert.False(text.StartsWith("Herder.", StringComparison.Ordinal), $"{problem}: {text}");
            Assert.DoesNotContain("{", text, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("zh-CN", null, "尚无记录")]
    [InlineData("zh-CN", 0, "今天")]
    [InlineData("zh-CN", 1, "昨天")]
    [InlineData("zh-CN", 23, "23 天前")]
    [InlineData("en", 23, "23 days ago")]
    [InlineData("en", 0, "today")]
    public void Last_update_age_reads_naturally(string culture, int? days, string expected)
    {
        CultureInfo.CurrentUICulture = new CultureInfo(culture);
        var now = new DateTimeOffset(2026, 11, 29, 8, 0, 0, TimeSpan.Zero);

        Assert.Equal(expected, l.Ago(days is { } d ? now.AddDays(-d) : null, ProgrammeCalendar.Beijing(new FakeTimeProvider(now))));
    }

    [Theory]
    [InlineData("zh-CN", 0.12, "每天 +120 克")]
    [InlineData("en", -0.05, "-50 g a day")]
    public void Daily_gain_is_in_grams_with_its_sign(string culture, double kg, string expected)
    {
        CultureInfo.CurrentUICulture = new CultureInfo(culture);

        Assert.Equal(expected, l.Gain((decimal)kg));
    }

    public void Dispose() => services.Dispose();
}
