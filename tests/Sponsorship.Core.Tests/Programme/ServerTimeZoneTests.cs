using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Sponsorship.Core.Flock;
using Sponsorship.Core.Identity;
using Sponsorship.Core.Programme;
using Sponsorship.Core.Storage;

namespace Sponsorship.Core.Tests.Programme;

/// <summary>Tests that change the process's local time zone run alone, after every other test.</summary>
[CollectionDefinition(nameof(LocalTimeZone), DisableParallelization = true)]
public sealed class LocalTimeZone;

/// <summary>A server in New York (UTC−5) serving Taibus: "today" is still Beijing's.</summary>
[Collection(nameof(LocalTimeZone))]
public sealed class ServerTimeZoneTests : IAsyncLifetime
{
    private readonly TestDatabase database = new();
    private string? zoneBefore;

    public async Task InitializeAsync()
    {
        zoneBefore = Environment.GetEnvironmentVariable("TZ");
        Environment.SetEnvironmentVariable("TZ", "America/New_York");
        TimeZoneInfo.ClearCachedData();
        await database.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        Environment.SetEnvironmentVariable("TZ", zoneBefore);
        TimeZoneInfo.ClearCachedData();
        await database.DisposeAsync();
    }

    [Fact]
    public async Task On_a_server_in_New_York_a_herder_in_Taibus_records_todays_weighing_at_half_past_seven_Beijing_time()
    {
        var halfPastSeven = new DateTimeOffset(2026, 11, 29, 23, 30, 0, TimeSpan.Zero);
        Assert.Equal(TimeSpan.FromHours(-5), TimeZoneInfo.Local.GetUtcOffset(halfPastSeven));
        Assert.Equal(new DateOnly(2026, 11, 29), DateOnly.FromDateTime(halfPastSeven.ToLocalTime().DateTime));
        var calendar = new ProgrammeCalendar(new FakeTimeProvider(halfPastSeven), Options.Create(new ProgrammeOptions()));
        var (herderId, sheepId) = await HerderWithSheepAsync();
        var logbook = new HerderLogbook(database.DbFactory, new LocalFileStore(Path.Combine(database.Folder, "files")), calendar);

        var result = await logbook.RecordWeighingAsync(herderId, new WeighingEntry("weighed-at-dawn", sheepId, new DateOnly(2026, 11, 30), 38.5m));

        Assert.Equal(new DateOnly(2026, 11, 30), calendar.Today);
        Assert.Equal("30/11/2026 07:30", calendar.Local(halfPastSeven).ToString("dd/MM/yyyy HH:mm", System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(LogbookOutcome.Recorded, result.Outcome);
    }

    private async Task<(string HerderId, int SheepId)> HerderWithSheepAsync()
    {
        await using var db = await database.CreateDbContextAsync();
        var village = new Village { Name = "边墙村", NameLatin = "Bianqiang" };
        var household = new HerderHousehold { Village = village, HeadName = "巴特尔", HeadNameLatin = "Bater" };
        var sheep = new Sheep { Name = "白云", Household = household, Sex = Sex.Ewe, Breed = Breed.Ujimqin, BirthDate = new DateOnly(2025, 4, 1) };
        db.Sheep.Add(sheep);
        await db.SaveChangesAsync();
        var herder = new ApplicationUser { UserName = "herder@zone.test", Email = "herder@zone.test", DisplayName = "巴特尔", HerderHouseholdId = household.Id };
        db.Users.Add(herder);
        await db.SaveChangesAsync();
        return (herder.Id, sheep.Id);
    }
}
