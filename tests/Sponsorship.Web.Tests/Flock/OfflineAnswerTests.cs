using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Sponsorship.Core.Demo;
using Sponsorship.Core.Programme;
using Sponsorship.Testing;

namespace Sponsorship.Web.Tests.Flock;

/// <summary>
/// The herder entry endpoints answering the phone's offline outbox (Accept: application/json): the same forms, the
/// same logbook, an answer per entry the outbox can read — recorded, replayed, refused with the reasons, not found.
/// </summary>
public sealed class OfflineAnswerTests(HerderApp app) : IClassFixture<HerderApp>
{
    private static readonly string A = DemoAccounts.Herder.Email;
    private static readonly string B = DemoAccounts.SecondHerder.Email;

    private ProgrammeCalendar Calendar => app.Services.GetRequiredService<ProgrammeCalendar>();

    private string Today => Calendar.Today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task A_weighing_sent_by_the_outbox_is_answered_recorded_and_when_sent_again_replayed_with_one_log()
    {
        var herder = await app.SignInAsync(A);
        var sheepId = app.TakeSheep(A);
        var key = HerderForms.NewKey();
        var fields = new Dictionary<string, string> { ["Weight"] = "42.5", ["On"] = Today, ["Notes"] = "" };

        var first = await HerderForms.PostEntryAsync(herder, sheepId, "weighing", key, fields, json: true);
        var second = await HerderForms.PostEntryAsync(herder, sheepId, "weighing", key, fields, json: true);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("application/json", first.Content.Headers.ContentType?.MediaType);
        Assert.Null(first.Headers.Location);
        Assert.Equal("recorded", await OutcomeAsync(first));
        Assert.Equal("replayed", await OutcomeAsync(second));
        Assert.Equal(1, await app.LogCountAsync(sheepId));
    }

    [Fact]
    public async Task A_lambing_sent_by_the_outbox_names_its_lamb_every_time_and_the_lamb_can_be_weighed_under_that_id()
    {
        var herder = await app.SignInAsync(A);
        await using var db = await app.CreateDbContextAsync();
        var eweId = await app.TakeEweAsync(A);
        var key = HerderForms.NewKey();
        var lambing = new Dictionary<string, string> { ["LambSex"] = "Ewe", ["LambName"] = "小雪", ["On"] = Today, ["Notes"] = "" };

        using var first = JsonDocument.Parse(await (await HerderForms.PostEntryAsync(herder, eweId, "lambing", key, lambing, json: true)).Content.ReadAsStringAsync());
        using var again = JsonDocument.Parse(await (await HerderForms.PostEntryAsync(herder, eweId, "lambing", key, lambing, json: true)).Content.ReadAsStringAsync());

        var lambId = first.RootElement.GetProperty("lambId").GetInt32();
        Assert.Equal("replayed", again.RootElement.GetProperty("outcome").GetString());
        Assert.Equal(lambId, again.RootElement.GetProperty("lambId").GetInt32());
        Assert.Equal(("小雪", eweId), await db.Sheep.Where(s => s.Id == lambId).Select(s => ValueTuple.Create(s.Name, s.DamId!.Value)).SingleAsync());

        var weighing = await HerderForms.PostEntryAsync(
            herder, lambId, "weighing", HerderForms.NewKey(), new() { ["Weight"] = "3.2", ["On"] = Today, ["Notes"] = "" }, json: true);

        Assert.Equal("recorded", await OutcomeAsync(weighing));
        Assert.Equal(3.2m, await db.AnimalLogs.Where(l => l.SheepId == lambId).Select(l => l.QuantityKg).SingleAsync());
    }

    [Fact]
    public async Task A_weighing_dated_in_the_future_is_refused_with_the_reason_in_the_herders_language_and_nothing_is_recorded()
    {
        var herder = await app.SignInAsync(A);
        var sheepId = app.TakeSheep(A);
        var tomorrow = Calendar.Today.AddDays(1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

        var response = await HerderForms.PostEntryAsync(
            herder, sheepId, "weighing", HerderForms.NewKey(), new() { ["Weight"] = "42.5", ["On"] = tomorrow, ["Notes"] = "" }, json: true);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("refused", answer.RootElement.GetProperty("outcome").GetString());
        var problem = Assert.Single(answer.RootElement.GetProperty("problems").EnumerateArray());
        Assert.Equal("On", problem.GetProperty("field").GetString());
        Assert.Equal("日期不能晚于今天。", problem.GetProperty("message").GetString());
        Assert.Equal(0, await app.LogCountAsync(sheepId));
    }

    [Fact]
    public async Task A_weight_that_is_not_a_number_is_refused_naming_the_weight_field()
    {
        var herder = await app.SignInAsync(A);
        var sheepId = app.TakeSheep(A);

        var response = await HerderForms.PostEntryAsync(
            herder, sheepId, "weighing", HerderForms.NewKey(), new() { ["Weight"] = "forty", ["On"] = Today, ["Notes"] = "" }, json: true);

        using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("refused", answer.RootElement.GetProperty("outcome").GetString());
        Assert.Equal("Weight", Assert.Single(answer.RootElement.GetProperty("problems").EnumerateArray()).GetProperty("field").GetString());
        Assert.Equal(0, await app.LogCountAsync(sheepId));
    }

    [Fact]
    public async Task An_entry_for_another_households_sheep_is_answered_not_found_and_nothing_is_recorded()
    {
        var herderB = await app.SignInAsync(B);
        var sheepOfA = app.TakeSheep(A);

        var response = await HerderForms.PostEntryAsync(
            herderB, sheepOfA, "weighing", HerderForms.NewKey(), new() { ["Weight"] = "42.5", ["On"] = Today, ["Notes"] = "" }, json: true);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("not-found", await OutcomeAsync(response));
        Assert.Equal(0, await app.LogCountAsync(sheepOfA));
    }

    [Fact]
    public async Task Photos_sent_by_the_outbox_are_answered_recorded_then_replayed_with_one_log()
    {
        var herder = await app.SignInAsync(A);
        var sheepId = app.TakeSheep(A);
        var key = HerderForms.NewKey();
        (string, byte[])[] photos = [("IMG_1.jpg", TestPhotos.Jpeg()), ("IMG_2.jpg", TestPhotos.Jpeg(800, 600))];

        var first = await HerderForms.PostPhotosAsync(herder, sheepId, key, photos, script: true, json: true);
        var second = await HerderForms.PostPhotosAsync(herder, sheepId, key, photos, script: true, json: true);

        Assert.Equal("recorded", await OutcomeAsync(first));
        Assert.Equal("replayed", await OutcomeAsync(second));
        await using var db = await app.CreateDbContextAsync();
        Assert.Equal(2, await db.SheepPhotos.CountAsync(p => p.SheepId == sheepId));
        Assert.Equal(1, await app.LogCountAsync(sheepId));
    }

    [Fact]
    public async Task A_photo_the_server_cannot_read_is_refused_by_name()
    {
        var herder = await app.SignInAsync(A);
        var sheepId = app.TakeSheep(A);

        var response = await HerderForms.PostPhotosAsync(herder, sheepId, HerderForms.NewKey(), [("IMG_2033.exe", TestPhotos.Executable())], json: true);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("IMG_2033.exe 不是 JPEG、PNG 或 WebP 格式的照片。", answer.RootElement.GetProperty("problems")[0].GetProperty("message").GetString());
        Assert.Equal(0, await app.LogCountAsync(sheepId));
    }

    [Fact]
    public async Task The_same_entry_sent_by_the_page_and_the_service_worker_at_once_is_recorded_once()
    {
        var herder = await app.SignInAsync(A);
        var sheepId = app.TakeSheep(A);
        var key = HerderForms.NewKey();
        var token = await HerderForms.TokenAsync(herder);
        var fields = new Dictionary<string, string> { ["Weight"] = "40.1", ["On"] = Today, ["Notes"] = "" };
        using var barrier = new Barrier(6);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(async () =>
        {
            barrier.SignalAndWait();
            return await OutcomeAsync(await HerderForms.PostEntryAsync(herder, sheepId, "weighing", key, fields, json: true, token: token));
        })));

        Assert.Equal(1, outcomes.Count(o => o == "recorded"));
        Assert.Equal(5, outcomes.Count(o => o == "replayed"));
        Assert.Equal(1, await app.LogCountAsync(sheepId));
    }

    private static async Task<string?> OutcomeAsync(HttpResponseMessage response)
    {
        using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return answer.RootElement.GetProperty("outcome").GetString();
    }
}
