using System.Net;
using Microsoft.Data.Sqlite;
using Sponsorship.Testing;

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
    public async Task Healthz_is_200_when_the_database_is_migrated()
    {
        var response = await HttpTestClient.Anonymous(app).GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
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

/// <summary>Its own app, because it breaks the database on purpose.</summary>
public sealed class HealthWhenNotMigratedTests : IDisposable
{
    private readonly SponsorshipAppFactory app = new();

    [Fact]
    public async Task Healthz_is_503_when_a_migration_is_missing()
    {
        var client = HttpTestClient.Anonymous(app);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);

        await using (var connection = new SqliteConnection($"Data Source={app.DatabasePath}"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "DELETE FROM __EFMigrationsHistory";
            await command.ExecuteNonQueryAsync();
        }

        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/healthz")).StatusCode);
    }

    public void Dispose() => app.Dispose();
}
