using System.Globalization;
using System.Security.Claims;
using Bunit;
using Bunit.TestDoubles;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MudBlazor.Services;
using Sponsorship.Core.Data;
using Sponsorship.Core.Demo;
using Sponsorship.Core.Flock;
using Sponsorship.Core.Programme;
using Sponsorship.Core.Storage;
using Sponsorship.Testing;
using Sponsorship.Web.Features.Flock.Entry;

namespace Sponsorship.Web.Tests.Flock;

/// <summary>The quick-entry forms as components: what they show, the problems they put beside each field, where they go.</summary>
[Collection(SharedApp.Name)]
public sealed class EntryFormTests(SponsorshipAppFactory app) : IAsyncLifetime
{
    private readonly BunitContext ctx = new();
    private AsyncServiceScope scope;
    private IDbContextFactory<SponsorshipDbContext> dbFactory = null!;
    private int ewe;
    private int ram;
    private int sheepOfB;

    public async Task InitializeAsync()
    {
        scope = app.Services.CreateAsyncScope();
        dbFactory = scope.ServiceProvider.GetRequiredService<IDbContextFactory<SponsorshipDbContext>>();
        await using var db = await dbFactory.CreateDbContextAsync();
        var herder = await db.Users.SingleAsync(u => u.Email == DemoAccounts.Herder.Email);
        var second = await db.Users.SingleAsync(u => u.Email == DemoAccounts.SecondHerder.Email);
        // The last sheep of each household: the other tests sharing this app read the first ones.
        ewe = await db.Sheep.Where(s => s.HouseholdId == herder.HerderHouseholdId && s.Sex == Sex.Ewe).MaxAsync(s => s.Id);
        ram = await db.Sheep.Where(s => s.HouseholdId == herder.HerderHouseholdId && s.Sex == Sex.Ram).Select(s => (int?)s.Id).MaxAsync() ?? 0;
        sheepOfB = await db.Sheep.Where(s => s.HouseholdId == second.HerderHouseholdId).MaxAsync(s => s.Id);

        ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        ctx.Services.AddMudServices();
        ctx.Services.AddLocalization();
        ctx.Services.AddSingleton(TimeProvider.System);
        ctx.Services.AddSingleton(ProgrammeCalendar.Beijing(TimeProvider.System));
        ctx.Services.AddSingleton(new HerderLogbook(dbFactory, new LocalFileStore(Path.Combine(app.DataDirectory, "files")), ProgrammeCalendar.Beijing(TimeProvider.System)));
        ctx.Services.AddSingleton(new PastureList(dbFactory));
        var auth = ctx.AddAuthorization();
        auth.SetAuthorized(DemoAccounts.Herder.Email);
        auth.SetRoles(Sponsorship.Core.Identity.Roles.Herder);
        auth.SetClaims(new Claim(ClaimTypes.NameIdentifier, herder.Id));
    }

    [Fact]
    public void The_weighing_form_shows_its_fields_with_a_fresh_key_and_todays_date()
    {
        CultureInfo.CurrentUICulture = new CultureInfo("zh-CN");

        var form = ctx.Render<WeighingForm>(p => p.Add(f => f.SheepId, ewe));

        var key = form.Find("input[type=hidden][name='Model.Key']").GetAttribute("value");
        Assert.Matches("^[0-9a-f]{32}$", key);
        Assert.Equal("decimal", form.Find("#weighing-kg").GetAttribute("inputmode"));
        var today = ProgrammeCalendar.Beijing(TimeProvider.System).Today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        Assert.Equal(today, form.Find("#weighing-on").GetAttribute("value"));
        Assert.Equal(today, form.Find("#weighing-on").GetAttribute("max"));
        Assert.Equal("保存体重", form.Find("[data-testid=weighing-submit]").TextContent.Trim());
        Assert.Equal("称重", form.Find("summary").TextContent.Trim());
    }

    [Fact]
    public void At_half_past_seven_in_Beijing_the_weighing_form_is_dated_Beijings_today_not_UTCs()
    {
        CultureInfo.CurrentUICulture = new CultureInfo("en");
        ctx.Services.AddSingleton(ProgrammeCalendar.Beijing(new FakeTimeProvider(new DateTimeOffset(2026, 11, 29, 23, 30, 0, TimeSpan.Zero))));

        var form = ctx.Render<WeighingForm>(p => p.Add(f => f.SheepId, ewe));

        Assert.Equal("2026-11-30", form.Find("#weighing-on").GetAttribute("value"));
        Assert.Equal("2026-11-30", form.Find("#weighing-on").GetAttribute("max"));
        Assert.Equal("30 Nov 2026 (today)", form.Find("#weighing-on-text").TextContent);
    }

    [Theory]
    [InlineData("zh-CN", "2026-12-06", "2026年12月6日（今天）", "2026年12月5日")]
    [InlineData("en", "2026-12-06", "6 Dec 2026 (today)", "5 Dec 2026")]
    public void The_chosen_day_is_written_beside_the_date_control_as_the_programme_writes_dates(string culture, string today, string todayText, string yesterdayText)
    {
        CultureInfo.CurrentUICulture = new CultureInfo(culture);
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 6, 2, 0, 0, TimeSpan.Zero));
        ctx.Services.AddSingleton(ProgrammeCalendar.Beijing(clock));

        var form = ctx.Render<WeighingForm>(p => p.Add(f => f.SheepId, ewe));
        var control = form.Find("#weighing-on");

        Assert.Equal(today, control.GetAttribute("value")); // the form still posts yyyy-MM-dd
        Assert.Equal("weighing-on-text", control.GetAttribute("data-day-text"));
        Assert.Equal(todayText, form.Find("#weighing-on-text").TextContent);
        Assert.Equal(yesterdayText, HerderTextDay(culture, "2026-12-05", new DateOnly(2026, 12, 6)));
    }

    private string HerderTextDay(string culture, string day, DateOnly today)
    {
        CultureInfo.CurrentUICulture = new CultureInfo(culture);
        var l = ctx.Services.GetRequiredService<Microsoft.Extensions.Localization.IStringLocalizer<Sponsorship.Web.Resources.Strings>>();
        return Sponsorship.Web.Features.Flock.HerderText.Day(l, day, today);
    }

    [Theory]
    [InlineData("zh-CN", "", "请填写体重（公斤）。")]
    [InlineData("zh-CN", "很重", "请输入数字，例如 42.5。")]
    [InlineData("en", "400", "Enter a weight between 0.5 and 300 kg.")]
    [InlineData("en", "0,2", "Enter a weight between 0.5 and 300 kg.")]
    public async Task A_wrong_weight_is_named_beside_the_field_and_nothing_is_saved(string culture, string weight, string message)
    {
        CultureInfo.CurrentUICulture = new CultureInfo(culture);
        var before = await LogCountAsync(ewe);
        var form = ctx.Render<WeighingForm>(p => p.Add(f => f.SheepId, ewe));

        form.Find("#weighing-kg").Change(weight);
        await form.Find("form").SubmitAsync();

        Assert.Equal(message, form.Find("#weighing-kg ~ .validation-message").TextContent);
        Assert.True(form.Find("details").HasAttribute("open"));
        Assert.Equal(before, await LogCountAsync(ewe));
        Assert.EndsWith("/", ctx.Services.GetRequiredService<NavigationManager>().Uri, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_date_in_the_future_is_named_beside_the_date()
    {
        CultureInfo.CurrentUICulture = new CultureInfo("en");
        var form = ctx.Render<WeighingForm>(p => p.Add(f => f.SheepId, ewe));

        form.Find("#weighing-kg").Change("40");
        form.Find("#weighing-on").Change("2999-01-01");
        await form.Find("form").SubmitAsync();

        Assert.Equal("The date cannot be in the future.", form.Find("#weighing-on ~ .validation-message").TextContent);
    }

    [Fact]
    public async Task A_good_weighing_is_saved_and_goes_back_to_the_sheep_page()
    {
        CultureInfo.CurrentUICulture = new CultureInfo("zh-CN");
        var before = await LogCountAsync(ewe);
        var form = ctx.Render<WeighingForm>(p => p.Add(f => f.SheepId, ewe));

        form.Find("#weighing-kg").Change("41,5");
        await form.Find("form").SubmitAsync();

        Assert.EndsWith($"/herder/sheep/{ewe}?saved=Weighing", ctx.Services.GetRequiredService<NavigationManager>().Uri, StringComparison.Ordinal);
        Assert.Equal(before + 1, await LogCountAsync(ewe));
        await using var db = await dbFactory.CreateDbContextAsync();
        Assert.Equal(41.5m, await db.AnimalLogs.Where(l => l.SheepId == ewe).OrderByDescending(l => l.Id).Select(l => l.QuantityKg).FirstAsync());
    }

    [Fact]
    public async Task A_key_already_used_for_something_else_is_explained_and_replaced()
    {
        CultureInfo.CurrentUICulture = new CultureInfo("en");
        var form = ctx.Render<NoteForm>(p => p.Add(f => f.SheepId, ewe));
        var key = form.Find("input[name='Model.Key']").GetAttribute("value")!;
        var logbook = ctx.Services.GetRequiredService<HerderLogbook>();
        var herderId = await HerderIdAsync();
        await logbook.RecordNoteAsync(herderId, new NoteEntry(key, ewe, ProgrammeCalendar.Beijing(TimeProvider.System).Today, "sent from another tab"));

        form.Find("#note-notes").Change("something else");
        await form.Find("form").SubmitAsync();

        Assert.Contains("already used for a different record", form.Find("[data-testid=entry-error]").TextContent, StringComparison.Ordinal);
        Assert.NotEqual(key, form.Find("input[name='Model.Key']").GetAttribute("value"));
    }

    [Fact]
    public async Task The_health_form_asks_for_the_vet()
    {
        CultureInfo.CurrentUICulture = new CultureInfo("zh-CN");
        var form = ctx.Render<MedicalForm>(p => p.Add(f => f.SheepId, ewe));

        form.Find("#medical-notes").Change("驱虫");
        await form.Find("form").SubmitAsync();

        Assert.Equal("请填写诊疗的兽医。", form.Find("#medical-vet ~ .validation-message").TextContent);
    }

    [Fact]
    public async Task The_movement_form_asks_for_the_pasture()
    {
        CultureInfo.CurrentUICulture = new CultureInfo("en");
        var form = ctx.Render<MovementForm>(p => p.Add(f => f.SheepId, ewe));

        await form.Find("form").SubmitAsync();

        Assert.Equal("Enter the new pasture.", form.Find("#movement-pasture ~ .validation-message").TextContent);
    }

    [Theory]
    [InlineData("zh-CN", "夏季草场", "其他地方（在下面填写）")]
    [InlineData("en", "Summer pasture", "Another place (write it below)")]
    public async Task The_movement_form_offers_the_programmes_pastures_in_the_readers_language_and_saves_the_one_chosen(
        string culture, string summer, string elsewhere)
    {
        CultureInfo.CurrentUICulture = new CultureInfo(culture);
        var form = ctx.Render<MovementForm>(p => p.Add(f => f.SheepId, ewe));

        var options = form.FindAll("#movement-named-pasture option");
        Assert.Equal(elsewhere, options[0].TextContent);
        Assert.Equal("", options[0].GetAttribute("value"));
        var chosen = options.Single(o => o.TextContent == summer).GetAttribute("value")!;
        Assert.NotNull(form.Find("#movement-pasture"));
        form.Find("#movement-named-pasture").Change(chosen);
        await form.Find("form").SubmitAsync();

        Assert.EndsWith($"/herder/sheep/{ewe}?saved=Movement", ctx.Services.GetRequiredService<NavigationManager>().Uri, StringComparison.Ordinal);
        await using var db = await dbFactory.CreateDbContextAsync();
        var saved = await db.AnimalLogs.Where(l => l.SheepId == ewe && l.Kind == LogKind.Movement).OrderByDescending(l => l.Id)
            .Select(l => new { l.NamedPastureId, l.Pasture, l.NamedPasture!.Name }).FirstAsync();
        Assert.Equal((int.Parse(chosen, CultureInfo.InvariantCulture), (string?)null, "夏季草场"), (saved.NamedPastureId!.Value, saved.Pasture, saved.Name));
    }

    [Fact]
    public async Task The_shearing_form_keeps_wool_within_20_kilos()
    {
        CultureInfo.CurrentUICulture = new CultureInfo("en");
        var form = ctx.Render<ShearingForm>(p => p.Add(f => f.SheepId, ewe));

        form.Find("#shearing-kg").Change("25");
        await form.Find("form").SubmitAsync();

        Assert.Equal("Enter more than 0 and at most 20 kg of wool.", form.Find("#shearing-kg ~ .validation-message").TextContent);
    }

    [Fact]
    public async Task The_lambing_form_asks_for_the_lambs_sex_and_checks_its_ear_tag()
    {
        CultureInfo.CurrentUICulture = new CultureInfo("en");
        var form = ctx.Render<LambingForm>(p => p.Add(f => f.SheepId, ewe));

        Assert.Equal(["", "Ewe", "Ram"], form.FindAll("#lambing-sex option").Select(o => o.GetAttribute("value")));
        form.Find("#lambing-tag").Change("12345");
        await form.Find("form").SubmitAsync();

        Assert.Equal("Choose the lamb's sex.", form.Find("#lambing-sex ~ .validation-message").TextContent);
        Assert.Equal("A national ear tag has 15 digits.", form.Find("#lambing-tag ~ .validation-message").TextContent);
    }

    [Fact]
    public async Task A_ram_cannot_lamb()
    {
        Assert.NotEqual(0, ram);
        CultureInfo.CurrentUICulture = new CultureInfo("zh-CN");
        var form = ctx.Render<LambingForm>(p => p.Add(f => f.SheepId, ram));

        form.Find("#lambing-sex").Change("Ewe");
        await form.Find("form").SubmitAsync();

        Assert.Equal("只有母羊才能产羔。", form.Find("[data-testid=entry-error]").TextContent.Trim());
    }

    [Fact]
    public async Task The_removal_form_lists_every_reason_and_needs_one()
    {
        CultureInfo.CurrentUICulture = new CultureInfo("zh-CN");
        var form = ctx.Render<DeathForm>(p => p.Add(f => f.SheepId, ewe));

        var options = form.FindAll("#death-reason option").Select(o => o.TextContent).ToList();
        await form.Find("form").SubmitAsync();

        Assert.Equal(["请选择……", "出售", "屠宰", "自然死亡", "淘汰", "其他", "误录入"], options);
        Assert.Equal("请选择原因。", form.Find("#death-reason ~ .validation-message").TextContent);
        await using var db = await dbFactory.CreateDbContextAsync();
        Assert.Null(await db.Sheep.Where(s => s.Id == ewe).Select(s => s.ArchivedAt).SingleAsync());
    }

    [Fact]
    public async Task A_form_for_another_households_sheep_saves_nothing()
    {
        CultureInfo.CurrentUICulture = new CultureInfo("zh-CN");
        var before = await LogCountAsync(sheepOfB);
        var form = ctx.Render<WeighingForm>(p => p.Add(f => f.SheepId, sheepOfB));

        form.Find("#weighing-kg").Change("40");
        await form.Find("form").SubmitAsync();

        Assert.Equal(before, await LogCountAsync(sheepOfB));
        Assert.DoesNotContain("saved=", ctx.Services.GetRequiredService<NavigationManager>().Uri, StringComparison.Ordinal);
    }

    [Fact]
    public void The_photo_form_offers_camera_and_gallery_and_posts_multipart_to_the_upload_endpoint()
    {
        CultureInfo.CurrentUICulture = new CultureInfo("en");

        var form = ctx.Render<PhotoForm>(p => p.Add(f => f.SheepId, ewe));

        var element = form.Find("form");
        Assert.Equal(("post", "multipart/form-data", $"herder/sheep/{ewe}/photos"),
            (element.GetAttribute("method"), element.GetAttribute("enctype"), element.GetAttribute("action")));
        var camera = form.Find("[data-testid=photo-camera]");
        var gallery = form.Find("[data-testid=photo-gallery]");
        Assert.Equal(("photos", "image/jpeg,image/png,image/webp", "environment"), (camera.GetAttribute("name"), camera.GetAttribute("accept"), camera.GetAttribute("capture")));
        Assert.True(gallery.HasAttribute("multiple"));
        Assert.Matches("^[0-9a-f]{32}$", form.Find("input[name=key]").GetAttribute("value"));
        Assert.Equal("{name} is larger than 15 MB.", element.GetAttribute("data-text-too-large"));
        Assert.False(form.Find("details").HasAttribute("open"));
    }

    [Fact]
    public void The_photo_form_names_each_refused_file_in_the_readers_language()
    {
        CultureInfo.CurrentUICulture = new CultureInfo("zh-CN");
        LogProblem[] problems =
        [
            new(LogField.Photos, LogError.PhotoRejected, "IMG_2033.exe", PhotoError.NotAnImage),
            new(LogField.Photos, LogError.PhotoRejected, "IMG_2034.jpg", PhotoError.Unreadable),
        ];

        var form = ctx.Render<PhotoForm>(p => p.Add(f => f.SheepId, ewe).Add(f => f.Problems, problems));

        Assert.True(form.Find("details").HasAttribute("open"));
        var text = form.Find("[data-testid=photo-problems]").TextContent;
        Assert.Contains("IMG_2033.exe 不是 JPEG、PNG 或 WebP 格式的照片。", text, StringComparison.Ordinal);
        Assert.Contains("IMG_2034.jpg 已损坏或不完整，请重新拍摄或选择。", text, StringComparison.Ordinal);
    }

    private async Task<int> LogCountAsync(int sheepId)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        return await db.AnimalLogs.CountAsync(l => l.SheepId == sheepId);
    }

    private async Task<string> HerderIdAsync()
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        return await db.Users.Where(u => u.Email == DemoAccounts.Herder.Email).Select(u => u.Id).SingleAsync();
    }

    public async Task DisposeAsync()
    {
        await ctx.DisposeAsync();
        await scope.DisposeAsync();
    }
}
