using System.Globalization;
using Bunit;
using Bunit.TestDoubles;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using Sponsorship.Core.Data;
using Sponsorship.Core.Flock;
using Sponsorship.Core.Programme;
using Sponsorship.Web.Features.Flock;

namespace Sponsorship.Web.Tests.Flock;

/// <summary>The catalogue page's filters, rendered with bunit over a real SQLite file with three known sheep.</summary>
public sealed class CatalogueFilterTests : IAsyncLifetime
{
    private readonly BunitContext ctx = new();
    private readonly string folder = Path.Combine(Path.GetTempPath(), "sponsorship-tests", Guid.NewGuid().ToString("N"));

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(folder);
        var connectionString = $"Data Source={Path.Combine(folder, "catalogue.db")}";
        ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        ctx.Services.AddMudServices();
        ctx.Services.AddLocalization();
        ctx.Services.AddSingleton(TimeProvider.System);
        ctx.Services.AddSingleton(ProgrammeCalendar.Beijing(TimeProvider.System));
        ctx.Services.AddDbContextFactory<SponsorshipDbContext>(o => o.Use(DatabaseProvider.Sqlite, connectionString));
        ctx.Services.AddScoped<SheepCatalogue>();

        var dbFactory = ctx.Services.GetRequiredService<IDbContextFactory<SponsorshipDbContext>>();
        await using var db = await dbFactory.CreateDbContextAsync();
        await db.Database.MigrateAsync();
        var now = TimeProvider.System.GetUtcNow();
        var household = new HerderHousehold { HeadName = "巴特尔", HeadNameLatin = "Bater", Village = new Village { Name = "边墙村", NameLatin = "Bianqiang" } };
        db.Sheep.AddRange(
            NewSheep("云朵", Breed.Sunit, Sex.Ewe, household, 1, now),
            NewSheep("巴图", Breed.Ujimqin, Sex.Ram, household, 2, now),
            NewSheep("花花", Breed.Chahar, Sex.Ewe, household, 3, now));
        await db.SaveChangesAsync();
    }

    [Fact]
    public void A_breed_in_the_address_shows_only_that_breed_and_keeps_it_selected()
    {
        CultureInfo.CurrentUICulture = new CultureInfo("zh-CN");
        ctx.Services.GetRequiredService<BunitNavigationManager>().NavigateTo("sheep?breed=Sunit");

        var page = ctx.Render<Catalogue>();

        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=sheep-card]")));
        Assert.Contains("云朵", page.Find("[data-testid=sheep-card]").TextContent);
        Assert.Contains("苏尼特羊", page.Find("[data-testid=sheep-card] .mud-chip").TextContent);
        Assert.True(page.Find("select[name=breed] option[value=Sunit]").HasAttribute("selected"));
        Assert.Empty(page.FindAll("[data-testid=catalogue-empty]"));
    }

    [Fact]
    public void Filters_combine_and_an_empty_result_says_so_in_English_too()
    {
        CultureInfo.CurrentUICulture = new CultureInfo("en");
        ctx.Services.GetRequiredService<BunitNavigationManager>().NavigateTo("sheep?breed=Sunit&sex=Ram");

        var page = ctx.Render<Catalogue>();

        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=catalogue-empty]")));
        Assert.Contains("No sheep match these filters.", page.Find("[data-testid=catalogue-empty]").TextContent);
        Assert.Empty(page.FindAll("[data-testid=sheep-card]"));
    }

    [Fact]
    public void Unknown_filter_values_are_ignored_rather_than_failing()
    {
        CultureInfo.CurrentUICulture = new CultureInfo("en");
        ctx.Services.GetRequiredService<BunitNavigationManager>().NavigateTo("sheep?breed=Merino&sex=unicorn");

        var page = ctx.Render<Catalogue>();

        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll("[data-testid=sheep-card]").Count));
    }

    public async Task DisposeAsync()
    {
        await ctx.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }

    private static Sheep NewSheep(string name, Breed breed, Sex sex, HerderHousehold household, int sequence, DateTimeOffset now) => new()
    {
        Name = name,
        Breed = breed,
        Sex = sex,
        BirthDate = DateOnly.FromDateTime(now.UtcDateTime).AddMonths(-18),
        Household = household,
        Tags = [new IdTag { Type = IdTagType.NationalEarTag, Value = EarTag.ForTaibus(sequence).Value, ValidFrom = now }],
    };
}
