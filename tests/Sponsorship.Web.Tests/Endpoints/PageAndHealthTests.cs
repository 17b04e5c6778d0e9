using System.Net;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Sponsorship.Testing;
using Sponsorship.Web.Endpoints;

namespace Sponsorship.Web.Tests.Endpoints;

[Collection(SharedApp.Name)]
public sealed class PageAndHealthTests(SponsorshipAppFactory app)
{
    [Fact]
    public async Task Home_page_explains_the_programme_in_Chinese_by_default()
    {
        var client = HttpTestClient.Anonymous(app);

        var html = await client.GetStringAsync("/");

        Assert.Contains("<html lang=\"zh-CN\"", html);
        Assert.Contains("我在草原有只羊", html);
        Assert.Contains("href=\"sheep\"", html);
    }

    [Fact]
    public async Task Healthz_and_readiness_are_200_when_the_database_is_migrated()
    {
        var client = HttpTestClient.Anonymous(app);

        var live = await client.GetAsync("/healthz");
        var ready = await client.GetAsync("/healthz/ready");

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal("Healthy", await live.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Healthy", await ready.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Sign_in_page_has_the_login_form()
    {
        var html = await HttpTestClient.Anonymous(app).GetStringAsync("/Account/Login");

        Assert.Contains("name=\"Input.Email\"", html);
        Assert.Contains("name=\"Input.Password\"", html);
        Assert.Contains("__RequestVerificationToken", html);
    }

    [Fact]
    public async Task Catalogue_lists_a_page_of_sheep_and_says_when_a_filter_matches_nothing()
    {
        var client = HttpTestClient.Anonymous(app);

        var all = await client.GetStringAsync("/sheep");
        var none = await client.GetStringAsync("/sheep?breed=Sunit&sex=Ram&village=999999");

        Assert.Equal(24, CountOccurrences(all, "data-testid=\"sheep-card\""));
        Assert.Contains("data-testid=\"catalogue-empty\"", none);
        Assert.DoesNotContain("data-testid=\"sheep-card\"", none);
    }

    [Fact]
    public async Task Unknown_page_is_a_real_404_in_the_readers_language()
    {
        var response = await HttpTestClient.Anonymous(app).GetAsync("/no-such-page");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("没有找到这个页面", await response.Content.ReadAsStringAsync());
    }

    private static int CountOccurrences(string text, string value) =>
        (text.Length - text.Replace(value, "", StringComparison.Ordinal).Length) / value.Length;
}

/// <summary>Its own app, because it breaks the database on purpose, on a clock the test moves.</summary>
public sealed class HealthWhenNotMigratedTests : IDisposable
{
    private readonly SponsorshipAppFactory app = new();
    private readonly FakeTimeProvider clock = new(DateTimeOffset.UtcNow);

    [Fact]
    public async Task Readiness_turns_503_within_its_interval_of_a_missing_migration_while_liveness_stays_200()
    {
        using var timed = app.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(clock)));
        var client = timed.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz/ready")).StatusCode);

        await using (var connection = new SqliteConnection($"Data Source={app.DatabasePath}"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "DELETE FROM __EFMigrationsHistory";
            await command.ExecuteNonQueryAsync();
        }

        // Within the interval the instance answers from its last check: the database is not asked again.
        clock.Advance(HealthEndpoints.ReadinessCheck.Interval - TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz/ready")).StatusCode);

        clock.Advance(TimeSpan.FromSeconds(1));
        var ready = await client.GetAsync("/healthz/ready");
        var live = await client.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal("Unhealthy", await ready.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
    }

    public void Dispose() => app.Dispose();
}
