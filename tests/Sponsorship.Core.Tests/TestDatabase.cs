using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Sponsorship.Core.Data;
using Sponsorship.Core.Demo;
using Sponsorship.Core.Identity;
using Sponsorship.Core.Privacy;
using Sponsorship.Core.Programme;
using Sponsorship.Core.Storage;
using Sponsorship.Testing;

namespace Sponsorship.Core.Tests;

/// <summary>
/// A real SQLite file in its own temp folder, migrated with the real SQLite migrations, and the services the Core use
/// cases need (context factory with the audit interceptor, Identity with the hardened settings, a fake clock).
/// With <see cref="PostgreSqlServer.Variable"/> set, a throwaway PostgreSQL database on that server instead, made from
/// the real PostgreSQL migrations. Use it as a class fixture; it deletes its folder (and database) when disposed.
/// </summary>
public class TestDatabase : IAsyncLifetime
{
    /// <summary>The fixed "now" of every test database: the programme's demo day.</summary>
    public static readonly DateTimeOffset Start = new(2026, 11, 29, 8, 0, 0, TimeSpan.Zero);

    private ServiceProvider? services;
    private ProgrammeCalendar? calendar;

    public TestDatabase()
        : this(PostgreSqlServer.ConnectionString is null ? DatabaseProvider.Sqlite : DatabaseProvider.PostgreSql)
    {
    }

    /// <summary>A test database on the given provider whatever the tests run on (a copy's SQLite source).</summary>
    protected TestDatabase(DatabaseProvider provider)
    {
        Folder = Path.Combine(Path.GetTempPath(), "sponsorship-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Folder);
        Files = new LocalFileStore(Path.Combine(Folder, "files"));
        Provider = provider;
        if (provider == DatabaseProvider.PostgreSql)
        {
            ConnectionString = PostgreSqlServer.NewDatabaseConnectionString();
        }
        else
        {
            ConnectionString = new SqliteConnectionStringBuilder
            {
                DataSource = Path.Combine(Folder, "sponsorship.db"),
                Pooling = true,
                DefaultTimeout = 30,
            }.ToString();
        }
    }

    public string Folder { get; }

    /// <summary>SQLite unless the tests run against a PostgreSQL server.</summary>
    public DatabaseProvider Provider { get; }

    public string ConnectionString { get; }

    public FakeTimeProvider Clock { get; } = new(Start);

    /// <summary>Every warning and error logged through the services (EF's included).</summary>
    public LogRecorder Logs { get; } = new();

    /// <summary>The programme's calendar (Beijing time) over <see cref="Clock"/>.</summary>
    public ProgrammeCalendar Calendar => calendar ??= ProgrammeCalendar.Beijing(Clock);

    /// <summary>Who the audit interceptor sees as acting; nobody unless a test says so.</summary>
    public TestCurrentUser CurrentUser { get; } = new();

    /// <summary>The file store (photos) in <c>files/</c> of the test folder.</summary>
    public LocalFileStore Files { get; }

    /// <summary>Encrypts account numbers under a key this test database generated.</summary>
    public AccountNumberProtector AccountNumbers { get; } = AccountNumberProtector.FromBase64(AccountNumberProtector.NewKey(), "test key");

    public IServiceProvider Services => services ?? throw new InvalidOperationException("The test database is not initialized.");

    public IDbContextFactory<SponsorshipDbContext> DbFactory => Services.GetRequiredService<IDbContextFactory<SponsorshipDbContext>>();

    public virtual async Task InitializeAsync()
    {
        var collection = new ServiceCollection();
        collection.AddLogging(logging => logging.AddProvider(Logs));
        collection.AddSingleton<TimeProvider>(Clock);
        collection.AddSingleton(Calendar);
        collection.AddSingleton<ICurrentUser>(CurrentUser);
        collection.AddSingleton<IFileStore>(Files);
        collection.AddSingleton<AuditInterceptor>();
        collection.AddSingleton(AccountNumbers);
        collection.AddDbContextFactory<SponsorshipDbContext>((sp, options) => Configure(options, sp));
        collection.AddIdentityCore<ApplicationUser>(IdentitySettings.Apply)
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<SponsorshipDbContext>();
        collection.Configure<PasswordHasherOptions>(IdentitySettings.Apply);
        collection.AddScoped<DemoSeeder>();
        collection.AddScoped<DemoAdoptions>();
        collection.AddScoped<DemoOrganisations>();
        collection.AddScoped<DemoMoneyCycle>();
        collection.AddScoped<StaffAccounts>();
        services = collection.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });

        if (Provider == DatabaseProvider.PostgreSql)
        {
            await PostgreSqlServer.CreateMigratedDatabaseAsync(ConnectionString);
        }

        await using var db = await DbFactory.CreateDbContextAsync();
        if (Provider == DatabaseProvider.Sqlite)
        {
            await db.Database.MigrateAsync();
        }

        AdminId = await AddAdministratorAsync(db, "test-admin@example.com");
        SecondAdminId = await AddAdministratorAsync(db, "test-admin2@example.com");
    }

    /// <summary>A confirmed administrator every database has (no password: it never signs in), for admin use cases.</summary>
    public string AdminId { get; private set; } = "";

    /// <summary>A second confirmed administrator, for what needs two.</summary>
    public string SecondAdminId { get; private set; } = "";

    private static async Task<string> AddAdministratorAsync(SponsorshipDbContext db, string email)
    {
        var role = await db.Roles.SingleOrDefaultAsync(r => r.Name == Roles.Admin);
        if (role is null)
        {
            role = new IdentityRole(Roles.Admin) { NormalizedName = Roles.Admin.ToUpperInvariant() };
            db.Roles.Add(role);
        }

        var user = new ApplicationUser
        {
            UserName = email, NormalizedUserName = email.ToUpperInvariant(), Email = email, NormalizedEmail = email.ToUpperInvariant(),
            EmailConfirmed = true, DisplayName = "测试管理员 Test admin", SecurityStamp = Guid.NewGuid().ToString("N"),
        };
        db.Users.Add(user);
        db.UserRoles.Add(new IdentityUserRole<string> { UserId = user.Id, RoleId = role.Id });
        await db.SaveChangesAsync();
        return user.Id;
    }

    /// <summary>Context options over this database with other interceptors (as a second app instance would have).</summary>
    public DbContextOptions<SponsorshipDbContext> ContextOptions(params IInterceptor[] interceptors) =>
        (DbContextOptions<SponsorshipDbContext>)new DbContextOptionsBuilder<SponsorshipDbContext>()
            .Use(Provider, ConnectionString)
            .UseApplicationServiceProvider(Services)
            .AddInterceptors(interceptors)
            .Options;

    public async Task<SponsorshipDbContext> CreateDbContextAsync() => await DbFactory.CreateDbContextAsync();

    /// <summary>A context factory over the same database with more interceptors, e.g. one that makes a save conflict.</summary>
    public IDbContextFactory<SponsorshipDbContext> FactoryWith(params IInterceptor[] interceptors)
    {
        var options = new DbContextOptionsBuilder<SponsorshipDbContext>();
        Configure(options, Services).AddInterceptors(interceptors);
        return new OptionsFactory(options.Options);
    }

    /// <summary>
    /// How every context of the test database is made: the provider, the audit trail and the race gate. The test's
    /// services carry Identity's store settings, which shape the model (cached per provider for every later context).
    /// </summary>
    private DbContextOptionsBuilder Configure(DbContextOptionsBuilder options, IServiceProvider services) => options
        .Use(Provider, ConnectionString)
        .UseApplicationServiceProvider(services)
        .AddInterceptors(services.GetRequiredService<AuditInterceptor>(), Race.Interceptor);

    /// <summary>
    /// A real database refusal for tests of what happens when a write fails: a trigger that aborts every insert into
    /// <paramref name="table"/> whose <paramref name="column"/> equals <paramref name="value"/>. The names and value come
    /// from the test, never from outside input.
    /// </summary>
    public async Task RefuseInsertsAsync(string table, string column, string value, string message)
    {
        var name = $"refuse_{Guid.NewGuid():N}";
        var sql = Provider == DatabaseProvider.PostgreSql
            ? $"""
               CREATE FUNCTION "{name}"() RETURNS trigger LANGUAGE plpgsql AS $$
               BEGIN IF NEW."{column}" = '{value}' THEN RAISE EXCEPTION '{message}'; END IF; RETURN NEW; END $$;
               CREATE TRIGGER "{name}" BEFORE INSERT ON "{table}" FOR EACH ROW EXECUTE FUNCTION "{name}"();
               """
            : $"""CREATE TRIGGER "{name}" BEFORE INSERT ON "{table}" WHEN NEW."{column}" = '{value}' BEGIN SELECT RAISE(ABORT, '{message}'); END;""";
        await using var db = await CreateDbContextAsync();
#pragma warning disable EF1002 // Made by the test from its own names.
        await db.Database.ExecuteSqlRawAsync(sql);
#pragma warning restore EF1002
    }

    public AsyncServiceScope CreateScope() => Services.CreateAsyncScope();

    /// <summary>Creates the roles and seeds the demo programme, as the app does on first start.</summary>
    public async Task SeedDemoAsync(bool withHistory = false, bool withAdoptions = true, bool withMoneyCycle = false)
    {
        await using var scope = CreateScope();
        await RoleSetup.EnsureRolesAsync(scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>());
        await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedAsync(withHistory, withAdoptions, withMoneyCycle);
    }

    public virtual async Task DisposeAsync()
    {
        if (services is not null)
        {
            await services.DisposeAsync();
        }

        if (Provider == DatabaseProvider.PostgreSql)
        {
            await PostgreSqlServer.DropDatabaseAsync(ConnectionString);
        }
        else
        {
            SqliteConnection.ClearAllPools();
        }

        Directory.Delete(Folder, recursive: true);
    }
}

/// <summary>A test database with the roles and the demo programme already in it; for test classes that only read.</summary>
public class SeededDatabase : TestDatabase
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await SeedDemoAsync();
    }
}

/// <summary>The demo flock, accounts and plans, but nobody has adopted or paid yet: every fen in the ledger is the test's own.</summary>
public class SeededDatabaseWithoutMoney : TestDatabase
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await SeedDemoAsync(withAdoptions: false);
    }
}

/// <summary>The demo programme as the app seeds it, histories and portraits included.</summary>
public class SeededDatabaseWithHistory : TestDatabase
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await SeedDemoAsync(withHistory: true, withMoneyCycle: true);
    }
}

/// <summary>The signed-in user as the trusted layer sees it, set by the test.</summary>
public sealed class TestCurrentUser : ICurrentUser
{
    public string? UserId { get; set; }
}

/// <summary>A context per call from fixed options (no pooling: a context must not outlive its operation).</summary>
internal sealed class OptionsFactory(DbContextOptions<SponsorshipDbContext> options) : IDbContextFactory<SponsorshipDbContext>
{
    public SponsorshipDbContext CreateDbContext() => new(options);
}
