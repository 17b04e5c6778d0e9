using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Sponsorship.Core.Adoptions;
using Sponsorship.Core.Data;
using Sponsorship.Core.Flock;
using Sponsorship.Core.Identity;
using Sponsorship.Core.Jobs;
using Sponsorship.Core.Ledger;
using Sponsorship.Core.Mail;
using Sponsorship.Core.Payments;
using Sponsorship.Core.Payouts;
using Sponsorship.Core.Privacy;
using Sponsorship.Core.Programme;
using Sponsorship.Core.Storage;

namespace Sponsorship.Core.Tests.Ledger;

/// <summary>A clock a test sets to any instant, backwards too: every sequence starts on the same day.</summary>
public sealed class SettableClock(DateTimeOffset start) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = start;

    public override DateTimeOffset GetUtcNow() => Now;
}

/// <summary>A household of the model's small programme, its village and its herder's account.</summary>
public sealed record LifeHousehold(int Id, int VillageId, bool Trusted, string HerderUserId);

/// <summary>A sheep of the model's programme as it is at the start of every sequence.</summary>
public sealed record LifeSheep(int Id, int HouseholdId, Breed Breed);

/// <summary>
/// The real programme the model drives: a real SQLite file (in memory-backed /dev/shm when there is one), migrated once,
/// with a small fixed cast — three households in two villages, nine sheep, two sponsors, two administrators (a maker and a
/// checker), two plans and one split rule with awkward percentages. <see cref="ResetAsync"/> empties everything a sequence
/// changes, so each sequence starts from the same state and its seed replays it exactly. The use cases are the app's own,
/// over one context factory and a clock the model moves.
/// </summary>
public sealed class LifeProgramme : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 11, 29, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Odd shares so that every split rounds: herder 63.33%, village 11.11%, cooperative and platform 12.78%.</summary>
    public static readonly SplitRule Rule = new()
    {
        Version = 1, EffectiveFrom = new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero), HerderBasisPoints = 6_333, VillageBasisPoints = 1_111,
        CooperativeBasisPoints = 1_278, PlatformBasisPoints = 1_278, ActivationTrancheBasisPoints = 3_333, CareTrancheBasisPoints = 3_334,
        CareMinDays = 30, CreatedAt = Start, Notes = "model",
    };

    private static readonly string[] ResetTables =
    [
        "BankStatementLines", "BankStatements", "PayoutLines", "PayoutBatches", "LedgerEntries", "LedgerTransactions", "LedgerAccounts",
        "Certificates", "ProviderEvents", "Payments", "Adoptions", "OutboxMails", "SheepPhotos", "AnimalLogs", "JobRuns", "AuditEntries",
    ];

    private static readonly string ResetSql =
        "PRAGMA foreign_keys = OFF; " + string.Concat(ResetTables.Select(t => $"DELETE FROM \"{t}\"; ")) +
        $"DELETE FROM sqlite_sequence WHERE name IN ({string.Join(", ", ResetTables.Select(t => $"'{t}'"))}); " +
        "UPDATE \"Sheep\" SET \"ArchivedAt\" = NULL, \"RemovalReason\" = NULL; PRAGMA foreign_keys = ON;";

    private readonly ServiceProvider services;
    private readonly string folder;

    // Never writes: SQLite's data_version, read on it, changes exactly when another connection has committed.
    private readonly SqliteConnection observer;
    private long dataVersion;

    private LifeProgramme(string folder, ServiceProvider services, SettableClock clock, SqliteConnection observer)
    {
        this.folder = folder;
        this.services = services;
        this.observer = observer;
        Clock = clock;
        Files = new LocalFileStore(Path.Combine(folder, "files"));
    }

    public SettableClock Clock { get; }

    public ProgrammeCalendar Calendar => services.GetRequiredService<ProgrammeCalendar>();

    public IDbContextFactory<SponsorshipDbContext> DbFactory => services.GetRequiredService<IDbContextFactory<SponsorshipDbContext>>();

    public LocalFileStore Files { get; }

    public PaymentOptions PaymentOptions { get; } = new() { Providers = [SandboxPayments.ProviderName, BankTransferPayments.ProviderName] };

    public IReadOnlyList<LifeHousehold> Households { get; private set; } = [];

    public IReadOnlyList<LifeSheep> Sheep { get; private set; } = [];

    public IReadOnlyList<(int Id, long PriceFen, int TermMonths)> Plans { get; private set; } = [];

    public IReadOnlyList<string> Sponsors { get; private set; } = [];

    public string Maker { get; private set; } = "";

    public string Checker { get; private set; } = "";

    public SandboxPayments Sandbox => new(Options.Create(PaymentOptions), Clock);

    public Checkout Checkout => new(DbFactory, [Sandbox, new BankTransferPayments()], Options.Create(PaymentOptions), Calendar);

    public PaymentEvents Events => new(DbFactory, Calendar);

    public Renewals Renewals => new(DbFactory, [Sandbox, new BankTransferPayments()], Options.Create(PaymentOptions), Clock);

    public Replacements Replacements => new(DbFactory, Calendar);

    public HerderLogbook Logbook => new(DbFactory, Files, Calendar);

    public LogReview Review => new(DbFactory, Clock);

    public PayoutBatches Payouts => new(DbFactory, AccountNumbers, Clock);

    /// <summary>The key the households' account numbers are encrypted under (made for this run).</summary>
    public AccountNumberProtector AccountNumbers { get; } = AccountNumberProtector.FromBase64(AccountNumberProtector.NewKey(), "model key");

    /// <summary>Every scheduled job of the app that moves money or adoptions (and two that only queue mail).</summary>
    public IReadOnlyList<IScheduledJob> Jobs =>
    [
        new ReservationExpiry(DbFactory, Clock),
        new TermEnds(DbFactory, Clock),
        new CareReleaseJob(DbFactory, Clock),
        new ReplacementDeadlines(DbFactory, Calendar),
        new RenewalReminders(DbFactory, Clock),
        new GiftReveals(DbFactory, Options.Create(new AdoptionLinkOptions { PublicBaseUrl = "https://sheep.example" }), Calendar),
        new MonthlyDigest(DbFactory, Calendar),
    ];

    public JobRunner Runner => new(Jobs, DbFactory, Calendar, Options.Create(new JobsOptions()), NullLogger<JobRunner>.Instance);

    public static async Task<LifeProgramme> CreateAsync()
    {
        var root = Directory.Exists("/dev/shm") ? "/dev/shm" : Path.GetTempPath();
        var folder = Path.Combine(root, "sponsorship-model", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var connection = new SqliteConnectionStringBuilder { DataSource = Path.Combine(folder, "model.db"), Pooling = true, DefaultTimeout = 30 }.ToString();
        var clock = new SettableClock(Start);
        var collection = new ServiceCollection();
        collection.AddLogging();
        collection.AddSingleton<TimeProvider>(clock);
        collection.AddSingleton(sp => ProgrammeCalendar.Beijing(sp.GetRequiredService<TimeProvider>()));
        collection.AddSingleton<ICurrentUser>(new TestCurrentUser());
        collection.AddSingleton<AuditInterceptor>();
        collection.AddDbContextFactory<SponsorshipDbContext>((sp, options) => options
            .Use(DatabaseProvider.Sqlite, connection).AddInterceptors(sp.GetRequiredService<AuditInterceptor>()));
        var observer = new SqliteConnection(new SqliteConnectionStringBuilder(connection) { Pooling = false }.ToString());
        var programme = new LifeProgramme(folder, collection.BuildServiceProvider(), clock, observer);
        await programme.SeedAsync();
        await observer.OpenAsync();
        return programme;
    }

    /// <summary>Whether anything was committed since the last time this was asked.</summary>
    public async Task<bool> ChangedSinceLastAskedAsync()
    {
        await using var command = observer.CreateCommand();
        command.CommandText = "PRAGMA data_version";
        var version = (long)(await command.ExecuteScalarAsync())!;
        var changed = version != dataVersion;
        dataVersion = version;
        return changed;
    }

    /// <summary>Back to the start: no adoption, payment, log, ledger row, payout or job run; every sheep alive; the clock at <see cref="Start"/>.</summary>
    public async Task ResetAsync()
    {
        Clock.Now = Start;
        await using var db = await DbFactory.CreateDbContextAsync();
        await db.Database.ExecuteSqlRawAsync(ResetSql);
    }

    public async ValueTask DisposeAsync()
    {
        await observer.DisposeAsync();
        await services.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }

    private async Task SeedAsync()
    {
        await using var db = await DbFactory.CreateDbContextAsync();
        await db.Database.MigrateAsync();
        var admin = new IdentityRole(Roles.Admin) { NormalizedName = Roles.Admin.ToUpperInvariant() };
        db.Roles.Add(admin);
        var villages = new[] { new Village { Name = "边墙村", NameLatin = "Bianqiang" }, new Village { Name = "红旗村", NameLatin = "Hongqi" } };
        var households = Enumerable.Range(0, 3).Select(i => new HerderHousehold
        {
            Village = villages[i == 2 ? 1 : 0], HeadName = $"牧户{i + 1}", HeadNameLatin = $"Herder {i + 1}", Trusted = i == 0,
        }).ToArray();
        for (var i = 0; i < households.Length; i++)
        {
            households[i].SetPayoutAccount(AccountNumbers.Protect($"62220000000{i + 1}"));
        }

        db.Households.AddRange(households);
        Breed[] breeds = [Breed.Ujimqin, Breed.Chahar, Breed.Sunit];
        var sheep = Enumerable.Range(0, 9).Select(i => new Sheep
        {
            Name = $"羊{i + 1}", Household = households[i / 3], Breed = breeds[i % 2], Sex = i % 3 == 0 ? Sex.Ram : Sex.Ewe, BirthDate = new DateOnly(2025, 3, 1),
        }).ToArray();
        db.Sheep.AddRange(sheep);
        var plans = new[]
        {
            new AdoptionPlan { NameZh = "一年认养", NameEn = "One year", TermMonths = 12, PriceFen = 180_001, EndOfTermOptions = EndOfTermOptions.NothingFurther, IsActive = true, CreatedAt = Start },
            new AdoptionPlan { NameZh = "半年认养", NameEn = "Half a year", TermMonths = 6, PriceFen = 99_999, EndOfTermOptions = EndOfTermOptions.NothingFurther, IsActive = true, CreatedAt = Start },
        };
        db.AdoptionPlans.AddRange(plans);
        db.SplitRules.Add(new SplitRule
        {
            Version = Rule.Version, EffectiveFrom = Rule.EffectiveFrom, HerderBasisPoints = Rule.HerderBasisPoints, VillageBasisPoints = Rule.VillageBasisPoints,
            CooperativeBasisPoints = Rule.CooperativeBasisPoints, PlatformBasisPoints = Rule.PlatformBasisPoints,
            ActivationTrancheBasisPoints = Rule.ActivationTrancheBasisPoints, CareTrancheBasisPoints = Rule.CareTrancheBasisPoints,
            CareMinDays = Rule.CareMinDays, CreatedAt = Start, Notes = Rule.Notes,
        });
        await db.SaveChangesAsync();

        ApplicationUser User(string name, int? household = null) =>
            new() { UserName = $"{name}@model.test", Email = $"{name}@model.test", DisplayName = name, HerderHouseholdId = household };
        var maker = User("maker");
        var checker = User("checker");
        var sponsors = new[] { User("sponsor1"), User("sponsor2") };
        var herders = households.Select((h, i) => User($"herder{i + 1}", h.Id)).ToArray();
        db.Users.AddRange([maker, checker, .. sponsors, .. herders]);
        db.UserRoles.AddRange(new IdentityUserRole<string> { UserId = maker.Id, RoleId = admin.Id }, new IdentityUserRole<string> { UserId = checker.Id, RoleId = admin.Id });
        await db.SaveChangesAsync();

        Maker = maker.Id;
        Checker = checker.Id;
        Sponsors = [.. sponsors.Select(s => s.Id)];
        Households = [.. households.Select((h, i) => new LifeHousehold(h.Id, h.VillageId, h.Trusted, herders[i].Id))];
        Sheep = [.. sheep.Select(s => new LifeSheep(s.Id, s.HouseholdId, s.Breed))];
        Plans = [.. plans.Select(p => (p.Id, p.PriceFen, p.TermMonths))];
    }
}
